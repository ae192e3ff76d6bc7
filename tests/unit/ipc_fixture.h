/* The fixture the IPC endpoint unit tests share: the endpoint driver, a server whose TBF declares services, two clients, and name lookups. */
#ifndef IPC_FIXTURE_H
#define IPC_FIXTURE_H

#include <string.h>

#include <tick/ipc_endpoint.h>
#include "ipc/endpoint.h"
#include "fakes/kstate.h"
#include "test_drv_env.h"

#define IPC IPC_DRIVER_NUM

static struct ipc_endpoints ipc;
static struct process *srv, *cli, *cli2;

/* A fresh kernel with the endpoint driver installed: process 0 (srv) declares the services
 * `svc` (the TBF's length-prefixed names, `svc_len` bytes), 1 and 2 (cli, cli2) none. */
static void ipc_fixture(const char *svc, uint32_t svc_len)
{
	env_init();
	ipc_endpoints_init(&ipc, GRANT_DRV_A);
	drv_install(&ipc.driver);
	struct proc_opts o = { .ipc_services = svc, .ipc_services_len = svc_len };
	srv = env_proc(0, &o);
	cli = env_proc_default(1);
	cli2 = env_proc_default(2);
}

/* Buffers inside each process's RAM below its break (0x800); the name buffer is shared. */
#define NAME_AT 0x40

static uint32_t at(struct process *p, uint32_t off)
{
	return p->mem_start + off;
}

static uint32_t regs(struct process *p, unsigned i)
{
	return arch_arg(&p->ctx, i);
}

/* Allows `name` as p's name buffer and runs IPC command cmd (register or find). */
static struct env_ret with_name(struct process *p, uint32_t cmd, const char *name)
{
	memcpy(env_mem(at(p, NAME_AT)), name, strlen(name));
	env_allow(p, SYS_ALLOW_RO, IPC, IPC_RO_NAME, at(p, NAME_AT), (uint32_t)strlen(name));
	return env_command(p, IPC, cmd, 0, 0);
}

/* The server registers "echo" (again is fine) and c finds it: c's handle. */
static uint32_t connect(struct process *c)
{
	struct env_ret r = with_name(srv, IPC_CMD_REGISTER, "echo");
	assert_true(r.a[0] == SYSRET_SUCCESS_U32 || r.a[1] == ERR_ALREADY);
	r = with_name(c, IPC_CMD_FIND, "echo");
	assert_int_equal(r.a[0], SYSRET_SUCCESS_U32);
	return r.a[1];
}

#endif /* IPC_FIXTURE_H */
