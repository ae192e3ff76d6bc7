/* Unit tests of IPC buffer transfer (kernel/ipc/transfer.c): declare, give, give back, pass on, deaths, errors, and what each process can reach. */
/* sources: @kernel_env */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <tick/ipc_endpoint.h>
#include "fakes/tbf_build.h"
#include "ipc/endpoint.h"
#include "fakes/kstate.h"
#include "test_drv_env.h"

#define IPC IPC_DRIVER_NUM
#define SVC "\x04" "echo"

static struct ipc_endpoints ipc;
static struct process *srv, *cli, *cli2, *stranger;
static uint32_t h1, h2;   /* cli's and cli2's handles to srv's service */

#define NAME_AT 0x40
#define BUF_AT 0x200     /* buffers: 0x200, 0x300, ... (0x100 bytes each) inside RAM below 0x800 */
#define BUF_LEN 0x100

static uint32_t at(struct process *p, uint32_t off)
{
	return p->mem_start + off;
}

static struct env_ret with_name(struct process *p, uint32_t cmd, const char *name)
{
	memcpy(env_mem(at(p, NAME_AT)), name, strlen(name));
	env_allow(p, SYS_ALLOW_RO, IPC, IPC_RO_NAME, at(p, NAME_AT), (uint32_t)strlen(name));
	return env_command(p, IPC, cmd, 0, 0);
}

static int setup(void **state)
{
	(void)state;
	env_init();
	ipc_endpoints_init(&ipc, GRANT_DRV_A);
	drv_install(&ipc.driver);
	struct proc_opts o = { .ipc_services = SVC, .ipc_services_len = sizeof SVC - 1 };
	srv = env_proc(0, &o);
	cli = env_proc_default(1);
	cli2 = env_proc_default(2);
	stranger = env_proc_default(3);
	assert_int_equal(with_name(srv, IPC_CMD_REGISTER, "echo").a[0], SYSRET_SUCCESS_U32);
	h1 = with_name(cli, IPC_CMD_FIND, "echo").a[1];
	h2 = with_name(cli2, IPC_CMD_FIND, "echo").a[1];
	with_name(stranger, IPC_CMD_FIND, "nothing");   /* has the driver's grant, no peer */
	return 0;
}

static struct env_ret declare(struct process *p, uint32_t addr, uint32_t len)
{
	return env_command(p, IPC, IPC_CMD_XFER_DECLARE, addr, len);
}

static struct env_ret give(struct process *p, uint32_t to, uint32_t addr)
{
	return env_command(p, IPC, IPC_CMD_XFER_GIVE, to, addr);
}

/* Whether p's loaded protection lets it read and write [addr, addr + len). */
static bool reaches(struct process *p, uint32_t addr, uint32_t len)
{
	arch_mpu_switch(p);
	return host_mpu_allows(&host_arch.mpu, addr, len, MPU_R | MPU_W);
}

static bool touches_any(struct process *p, uint32_t addr, uint32_t len)
{
	arch_mpu_switch(p);
	return host_mpu_reaches(&host_arch.mpu, addr, addr + len, MPU_R | MPU_W, NULL);
}

static void assert_isolated(void)
{
	const char *m = env_check();
	if (m)
		fail_msg("%s", m);
}

/* The last event queued for p: IPC_SUB_TRANSFER with (a0, a1, a2). */
static void assert_told(struct process *p, uint32_t a0, uint32_t a1, uint32_t a2)
{
	drv_assert_event(p, p->upcall_count - 1, IPC, IPC_SUB_TRANSFER, a0, a1, a2);
}

static void test_declare_checks_the_buffer(void **state)
{
	(void)state;
	uint32_t b = at(cli, BUF_AT);
	assert_int_equal(declare(cli, b, 0).a[1], ERR_INVAL);
	assert_int_equal(declare(cli, b + 2, BUF_LEN).a[1], ERR_SIZE);    /* not whole words */
	assert_int_equal(declare(cli, b, BUF_LEN - 1).a[1], ERR_SIZE);
	assert_int_equal(declare(cli, cli->app_brk - 4, 8).a[1], ERR_INVAL);   /* past its break */
	assert_int_equal(declare(cli, cli->kernel_brk, 8).a[1], ERR_INVAL);    /* its grants */
	assert_int_equal(declare(cli, srv->mem_start + BUF_AT, 16).a[1], ERR_INVAL);   /* another's */
	assert_int_equal(declare(cli, 0xFFFFFFF0u, 0x20).a[1], ERR_INVAL);    /* wraps */
	for (unsigned i = 0; i < 4; i++)
		assert_int_equal(declare(cli, b + i * BUF_LEN, BUF_LEN).a[0], SYSRET_SUCCESS);
	assert_int_equal(declare(cli, b + 0x10, 16).a[1], ERR_BUSY);          /* overlaps one */
	assert_int_equal(declare(cli, b - BUF_LEN, 16).a[1], ERR_NOMEM);      /* 4 per process */
	/* Declared memory pins the break. */
	assert_int_equal(env_memop(cli, 0, b + 4 * BUF_LEN - 4).a[0], SYSRET_FAILURE);
	assert_int_equal(env_command(cli, IPC, IPC_CMD_XFER_RELEASE, b, 0).a[0], SYSRET_SUCCESS);
	assert_int_equal(env_command(cli, IPC, IPC_CMD_XFER_RELEASE, b, 0).a[1], ERR_INVAL);
	assert_int_equal(declare(cli, b - BUF_LEN, 16).a[0], SYSRET_SUCCESS);  /* room again */
	assert_isolated();
}

static void test_a_given_buffer_leaves_the_sender_and_reaches_the_receiver(void **state)
{
	(void)state;
	uint32_t b = at(cli, BUF_AT);
	assert_int_equal(declare(cli, b, BUF_LEN).a[0], SYSRET_SUCCESS);
	assert_true(reaches(cli, b, BUF_LEN));
	assert_false(touches_any(srv, b, BUF_LEN));
	memcpy(env_mem(b), "packet", 6);
	assert_int_equal(give(cli, h1, b).a[0], SYSRET_SUCCESS);
	assert_told(srv, b, BUF_LEN, process_id(cli));
	/* One owner: the sender loses every byte, the receiver gets exactly the buffer. */
	assert_false(touches_any(cli, b, BUF_LEN));
	assert_true(reaches(cli, b - 4, 4));
	assert_true(reaches(cli, b + BUF_LEN, 4));
	assert_true(reaches(srv, b, BUF_LEN));
	assert_false(touches_any(srv, b - 4, 4));
	assert_false(touches_any(srv, b + BUF_LEN, 4));
	assert_false(touches_any(cli2, b, BUF_LEN));
	assert_isolated();
	/* Zero copy: the receiver sees the sender's bytes where they were. */
	assert_memory_equal(env_mem(b), "packet", 6);
	/* The sender cannot reach it through the kernel either: no allow, no shrinking over it. */
	assert_int_equal(env_allow(cli, SYS_ALLOW_RW, IPC, IPC_RW_RECV, b, 16).a[0], SYSRET_FAILURE_2U32);
	assert_int_equal(env_allow(cli, SYS_ALLOW_RO, IPC, IPC_RO_SEND, b + BUF_LEN - 8, 16).a[0], SYSRET_FAILURE_2U32);
	assert_int_equal(env_allow(cli, SYS_ALLOW_RW, IPC, IPC_RW_RECV, b + BUF_LEN, 16).a[0], SYSRET_SUCCESS_2U32);
	assert_int_equal(env_memop(cli, 0, b).a[0], SYSRET_FAILURE);
	/* The receiver cannot allow it to a driver (not its RAM). */
	assert_int_equal(env_allow(srv, SYS_ALLOW_RW, IPC, IPC_RW_RECV, b, 16).a[0], SYSRET_FAILURE_2U32);
	/* Only the holder gives it on: not the sender any more. */
	assert_int_equal(give(cli, h1, b).a[1], ERR_INVAL);
	/* Back: the receiver gives it home (by process id), which gets it all back. */
	assert_int_equal(give(srv, process_id(cli), b).a[0], SYSRET_SUCCESS);
	assert_told(cli, b, BUF_LEN, process_id(srv));
	assert_true(reaches(cli, b, BUF_LEN));
	assert_false(touches_any(srv, b, BUF_LEN));
	assert_isolated();
}

static void test_a_buffer_is_passed_on_to_a_third_process(void **state)
{
	(void)state;
	uint32_t b = at(cli, BUF_AT);
	declare(cli, b, BUF_LEN);
	assert_int_equal(give(cli, h1, b).a[0], SYSRET_SUCCESS);
	/* srv passes it on to its other client (pipeline): cli2 holds it, srv and cli do not. */
	assert_int_equal(give(srv, process_id(cli2), b).a[0], SYSRET_SUCCESS);
	assert_told(cli2, b, BUF_LEN, process_id(srv));
	assert_true(reaches(cli2, b, BUF_LEN));
	assert_false(touches_any(srv, b, BUF_LEN));
	assert_false(touches_any(cli, b, BUF_LEN));
	assert_isolated();
	/* Not to a process it is not connected to; not to itself; not to nobody. */
	assert_int_equal(give(cli2, process_id(stranger), b).a[1], ERR_IPC_DENIED);
	assert_int_equal(give(cli2, process_id(cli2), b).a[1], ERR_INVAL);
	assert_int_equal(give(cli2, process_id(cli2) + 0x100, b).a[1], ERR_INVAL);   /* no such run */
	assert_int_equal(give(cli2, 7, b).a[1], ERR_INVAL);   /* no such handle */
	/* cli2 returns it home directly (always allowed). */
	assert_int_equal(give(cli2, process_id(cli), b).a[0], SYSRET_SUCCESS);
	assert_true(reaches(cli, b, BUF_LEN));
	assert_false(touches_any(cli2, b, BUF_LEN));
	assert_isolated();
}

static void test_the_holders_end_sends_it_home(void **state)
{
	(void)state;
	uint32_t b = at(cli, BUF_AT);
	declare(cli, b, BUF_LEN);
	give(cli, h1, b);
	uint32_t sid = process_id(srv);
	process_restart(srv);
	assert_told(cli, b, BUF_LEN | TICK_IPC_XFER_RETURNED, sid);
	assert_true(reaches(cli, b, BUF_LEN));
	assert_false(touches_any(srv, b, BUF_LEN));
	assert_isolated();
	/* Still declared: it can go again (to the restarted service, once found again). */
	env_memop(srv, 0, srv->mem_start + 0x800);   /* the new run's break */
	assert_int_equal(with_name(srv, IPC_CMD_REGISTER, "echo").a[0], SYSRET_SUCCESS_U32);
	uint32_t h = with_name(cli, IPC_CMD_FIND, "echo").a[1];
	assert_int_equal(give(cli, h, b).a[0], SYSRET_SUCCESS);
	assert_isolated();
}

static void test_the_homes_end_takes_it_from_the_holder_before_reuse(void **state)
{
	(void)state;
	uint32_t b = at(cli, BUF_AT);
	declare(cli, b, BUF_LEN);
	give(cli, h1, b);
	give(srv, process_id(cli2), b);
	uint32_t cid = process_id(cli);
	process_restart(cli);   /* its RAM is zeroed for the new run */
	assert_false(touches_any(cli2, b, BUF_LEN));
	assert_told(cli2, b, BUF_LEN | TICK_IPC_XFER_RETURNED, cid);
	assert_true(reaches(cli, b, BUF_LEN) || b >= cli->app_brk);
	assert_isolated();
	/* The new run has nothing declared. */
	assert_int_equal(env_command(cli, IPC, IPC_CMD_XFER_RELEASE, b, 0).a[1], ERR_INVAL);
	/* And a terminated home likewise. */
	uint32_t b2 = at(cli2, BUF_AT);
	declare(cli2, b2, BUF_LEN);
	give(cli2, h2, b2);
	assert_true(reaches(srv, b2, BUF_LEN));
	process_terminate(cli2, 0);
	assert_false(touches_any(srv, b2, BUF_LEN));
	assert_isolated();
}

static void test_a_buffer_still_reachable_elsewhere_does_not_leave(void **state)
{
	(void)state;
	uint32_t b = at(cli, BUF_AT);
	declare(cli, b, BUF_LEN);
	/* Allowed to a driver (any class, any part): the driver could still touch it. */
	env_allow(cli, SYS_ALLOW_RO, IPC, IPC_RO_SEND, b + 0x20, 8);
	assert_int_equal(give(cli, h1, b).a[1], ERR_BUSY);
	env_allow(cli, SYS_ALLOW_RO, IPC, IPC_RO_SEND, 0, 0);
	assert_int_equal(give(cli, h1, b).a[0], SYSRET_SUCCESS);
	assert_isolated();
}

static void test_regions_are_bounded_with_a_clear_error(void **state)
{
	(void)state;
	/* srv holds four buffers of cli's (MPU_TRANSFER_REGIONS): a fifth, from cli2, does not fit. */
	for (unsigned i = 0; i < 4; i++) {
		declare(cli, at(cli, BUF_AT + i * BUF_LEN), BUF_LEN);
		assert_int_equal(give(cli, h1, at(cli, BUF_AT + i * BUF_LEN)).a[0], SYSRET_SUCCESS);
		assert_isolated();
	}
	declare(cli2, at(cli2, BUF_AT), BUF_LEN);
	struct env_ret r = give(cli2, h2, at(cli2, BUF_AT));
	assert_int_equal(r.a[0], SYSRET_FAILURE);
	assert_int_equal(r.a[1], ERR_IPC_NOREGION);
	/* Nothing moved: cli2 still has it, srv does not. */
	assert_true(reaches(cli2, at(cli2, BUF_AT), BUF_LEN));
	assert_false(touches_any(srv, at(cli2, BUF_AT), BUF_LEN));
	assert_isolated();
	/* One back home makes room. */
	assert_int_equal(give(srv, process_id(cli), at(cli, BUF_AT)).a[0], SYSRET_SUCCESS);
	assert_int_equal(give(cli2, h2, at(cli2, BUF_AT)).a[0], SYSRET_SUCCESS);
	assert_isolated();
	/* A receiver with a full upcall queue is refused (it would never learn of the buffer). */
	while (cli->upcall_count < CONFIG_UPCALL_QUEUE_LEN)
		env_push(cli, UPCALL_ID(GRANT_CONSOLE, 0, 0), 0, 0, 0);
	assert_int_equal(give(srv, process_id(cli), at(cli, BUF_AT + BUF_LEN)).a[1], ERR_NOMEM);
	assert_false(touches_any(cli, at(cli, BUF_AT + BUF_LEN), BUF_LEN));
	assert_isolated();
}

static void test_the_receiver_can_wait_for_a_buffer(void **state)
{
	(void)state;
	uint32_t b = at(cli, BUF_AT);
	declare(cli, b, BUF_LEN);
	assert_int_equal(env_yield(srv, YIELD_WAIT_FOR, IPC, IPC_SUB_TRANSFER, 0).blocked, TRAP_TO_KERNEL);
	assert_int_equal(give(cli, h1, b).a[0], SYSRET_SUCCESS);
	assert_int_equal(srv->state, PS_RUNNABLE);
	assert_int_equal(arch_arg(&srv->ctx, 0), b);   /* Yield-WaitFor: the event's arguments */
	assert_int_equal(arch_arg(&srv->ctx, 1), BUF_LEN);
	assert_int_equal(arch_arg(&srv->ctx, 2), process_id(cli));
	assert_isolated();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_declare_checks_the_buffer, setup),
		cmocka_unit_test_setup(test_a_given_buffer_leaves_the_sender_and_reaches_the_receiver, setup),
		cmocka_unit_test_setup(test_a_buffer_is_passed_on_to_a_third_process, setup),
		cmocka_unit_test_setup(test_the_holders_end_sends_it_home, setup),
		cmocka_unit_test_setup(test_the_homes_end_takes_it_from_the_holder_before_reuse, setup),
		cmocka_unit_test_setup(test_a_buffer_still_reachable_elsewhere_does_not_leave, setup),
		cmocka_unit_test_setup(test_regions_are_bounded_with_a_clear_error, setup),
		cmocka_unit_test_setup(test_the_receiver_can_wait_for_a_buffer, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
