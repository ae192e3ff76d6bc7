/* Unit tests of IPC endpoints (kernel/ipc/endpoint.c): register, find, call, receive, reply, deadlines, identity, dead peers, direct switches. */
/* sources: @kernel_env */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <tick/loader.h>
#include <tick/tbf.h>
#include "fakes/tbf_build.h"
#include "internal/upcall.h"
#include "ipc_fixture.h"

#define SVC "\x04" "echo" "\x02" "kv"   /* the server's TBF declares "echo" and "kv" */

static int setup(void **state)
{
	(void)state;
	ipc_fixture(SVC, sizeof SVC - 1);
	return 0;
}

#define SEND_AT 0x100
#define RECV_AT 0x300

/* Allows p's send and receive buffers (send: len bytes of text). */
static void buffers(struct process *p, const char *text, uint32_t send_len, uint32_t recv_len)
{
	if (text)
		memcpy(env_mem(at(p, SEND_AT)), text, strlen(text));
	env_allow(p, SYS_ALLOW_RO, IPC, IPC_RO_SEND, at(p, SEND_AT), send_len);
	env_allow(p, SYS_ALLOW_RW, IPC, IPC_RW_RECV, at(p, RECV_AT), recv_len);
}

static struct env_ret call(struct process *c, uint32_t handle, uint32_t len)
{
	return env_yield(c, YIELD_IPC_CALL, handle, len, 0);
}

static struct env_ret recv(struct process *s, uint32_t token, uint32_t len, uint32_t code)
{
	return env_yield(s, YIELD_IPC_RECV, token, len | code << TICK_IPC_CODE_SHIFT, 0);
}

static void test_register_only_names_the_tbf_declares(void **state)
{
	(void)state;
	struct env_ret r = with_name(srv, IPC_CMD_REGISTER, "echo");
	assert_int_equal(r.a[0], SYSRET_SUCCESS_U32);
	assert_int_equal(with_name(srv, IPC_CMD_REGISTER, "kv").a[0], SYSRET_SUCCESS_U32);
	assert_int_equal(with_name(srv, IPC_CMD_REGISTER, "echo").a[1], ERR_ALREADY);
	assert_int_equal(with_name(srv, IPC_CMD_REGISTER, "ech").a[1], ERR_RESERVE);
	assert_int_equal(with_name(srv, IPC_CMD_REGISTER, "echoo").a[1], ERR_RESERVE);
	/* No squatting: a process whose TBF does not declare the name cannot take it. */
	assert_int_equal(with_name(cli, IPC_CMD_REGISTER, "echo").a[1], ERR_RESERVE);
	assert_int_equal(with_name(cli, IPC_CMD_REGISTER, "other").a[1], ERR_RESERVE);
	/* Two apps declaring one name: the first to register has it. */
	struct proc_opts o = { .ipc_services = SVC, .ipc_services_len = sizeof SVC - 1 };
	struct process *twin = env_proc(3, &o);
	assert_int_equal(with_name(twin, IPC_CMD_REGISTER, "echo").a[1], ERR_BUSY);
	/* No name allowed. */
	env_allow(twin, SYS_ALLOW_RO, IPC, IPC_RO_NAME, 0, 0);
	assert_int_equal(env_command(twin, IPC, IPC_CMD_REGISTER, 0, 0).a[1], ERR_INVAL);
	assert_int_equal(env_command(twin, IPC, 99, 0, 0).a[1], ERR_NOSUPPORT);
	assert_int_equal(env_command(twin, IPC, IPC_CMD_EXISTS, 0, 0).a[0], SYSRET_SUCCESS);
}

static void test_find_gives_handles_and_tells_waiters_about_registrations(void **state)
{
	(void)state;
	struct env_ret r = with_name(cli, IPC_CMD_FIND, "echo");
	assert_int_equal(r.a[0], SYSRET_FAILURE);
	assert_int_equal(r.a[1], ERR_NODEVICE);
	/* The client waits for a registration (race-free: its grant exists since the find). */
	assert_int_equal(env_yield(cli, YIELD_WAIT_FOR, IPC, IPC_SUB_REGISTERED, 0).blocked, TRAP_TO_KERNEL);
	with_name(srv, IPC_CMD_REGISTER, "kv");
	assert_int_equal(cli->state, PS_RUNNABLE);
	r = with_name(cli, IPC_CMD_FIND, "kv");
	assert_int_equal(r.a[0], SYSRET_SUCCESS_U32);
	uint32_t h = r.a[1];
	assert_int_equal(with_name(cli, IPC_CMD_FIND, "kv").a[1], h);   /* the same again */
	with_name(srv, IPC_CMD_REGISTER, "echo");
	uint32_t h2 = with_name(cli, IPC_CMD_FIND, "echo").a[1];
	assert_int_not_equal(h2, h);
	/* Four handles per process; closing one frees it. */
	struct proc_opts o = { .ipc_services = "\x01" "a" "\x01" "b" "\x01" "c", .ipc_services_len = 6 };
	struct process *more = env_proc(3, &o);
	with_name(more, IPC_CMD_REGISTER, "a");
	with_name(more, IPC_CMD_REGISTER, "b");
	with_name(more, IPC_CMD_REGISTER, "c");
	assert_int_equal(with_name(cli, IPC_CMD_FIND, "a").a[0], SYSRET_SUCCESS_U32);
	assert_int_equal(with_name(cli, IPC_CMD_FIND, "b").a[0], SYSRET_SUCCESS_U32);
	assert_int_equal(with_name(cli, IPC_CMD_FIND, "c").a[1], ERR_NOMEM);
	assert_int_equal(env_command(cli, IPC, IPC_CMD_CLOSE, h, 0).a[0], SYSRET_SUCCESS);
	assert_int_equal(env_command(cli, IPC, IPC_CMD_CLOSE, h, 0).a[1], ERR_INVAL);
	assert_int_equal(env_command(cli, IPC, IPC_CMD_CLOSE, h & 3, 0).a[1], ERR_INVAL);   /* count 0 */
	assert_int_equal(env_command(cli, IPC, IPC_CMD_CLOSE, h2 + 0x100, 0).a[1], ERR_INVAL);
	uint32_t hc = with_name(cli, IPC_CMD_FIND, "c").a[1];
	assert_int_equal(hc & 3, h & 3);   /* the same entry ... */
	assert_int_not_equal(hc, h);       /* ... under a new value: the old one names nothing */
	buffers(cli, NULL, 0, 16);
	assert_int_equal(env_yield(cli, YIELD_IPC_CALL, h, 0, 0).a[1], ERR_INVAL);
	/* A stale entry (its service ended) is reused too, so handles never run out. */
	process_terminate(more, 0);
	struct process *again = env_proc(4, &o);
	with_name(again, IPC_CMD_REGISTER, "a");
	uint32_t ha = with_name(cli, IPC_CMD_FIND, "a").a[1];
	assert_int_equal(with_name(cli, IPC_CMD_FIND, "a").a[0], SYSRET_SUCCESS_U32);
	assert_int_equal(env_yield(cli, YIELD_IPC_CALL, hc, 0, 0).a[1], ERR_INVAL);   /* reused */
	assert_int_not_equal(ha, hc);
}

/* A service restarting in a loop registers again each time: every IPC user hears of it, but
 * at most one registration event waits in a process's queue, so the restarts cannot fill it
 * and push out other drivers' upcalls (the kill stress under QEMU found this). */
static void test_registrations_in_a_loop_do_not_flood_the_queue(void **state)
{
	(void)state;
	assert_int_equal(with_name(cli, IPC_CMD_FIND, "echo").a[1], ERR_NODEVICE);   /* its grant */
	for (unsigned i = 0; i < 3 * CONFIG_UPCALL_QUEUE_LEN; i++) {
		assert_int_equal(with_name(srv, IPC_CMD_REGISTER, "echo").a[0], SYSRET_SUCCESS_U32);
		process_restart(srv);
		env_memop(srv, TICK_MEMOP_BRK, srv->mem_start + 0x800);   /* its buffers again */
	}
	assert_int_equal(cli->upcall_count, 1);
	drv_assert_event(cli, 0, IPC, IPC_SUB_REGISTERED, 0, 0, 0);
	/* Once it ran, the next registration is news again. */
	upcall_remove(cli, 0);
	with_name(srv, IPC_CMD_REGISTER, "kv");
	assert_int_equal(cli->upcall_count, 1);
	drv_assert_event(cli, 0, IPC, IPC_SUB_REGISTERED, 0, 0, 0);   /* echo's entry, free again */
	assert_int_equal(cli->dropped_upcalls, 0);
}

/* The common round trip: the server waits first; the call is handed straight to it (a
 * direct switch), and the reply straight back. */
static void test_a_call_to_a_waiting_server_switches_to_it_and_back(void **state)
{
	(void)state;
	uint32_t h = connect(cli);
	buffers(srv, "HELLO", 5, 32);
	buffers(cli, "hello", 5, 16);
	assert_int_equal(recv(srv, 0, 0, 0).blocked, TRAP_TO_KERNEL);
	assert_int_equal(srv->state, PS_YIELDED_FOR);
	struct env_ret r = call(cli, h, 5);
	assert_int_equal(r.blocked, TRAP_SWITCH);
	assert_ptr_equal(trap_switch_target, srv);
	assert_ptr_equal(host_arch.mpu_owner, srv);   /* its protection is loaded already */
	assert_int_equal(cli->state, PS_YIELDED_FOR);
	assert_int_equal(srv->state, PS_RUNNABLE);
	assert_int_equal(regs(srv, 0), TICK_IPC_OK);
	uint32_t token = regs(srv, 1);
	assert_int_equal(regs(srv, 2), 5);
	assert_int_equal(regs(srv, 3), process_id(cli));   /* the caller, stamped by the kernel */
	assert_memory_equal(env_mem(at(srv, RECV_AT)), "hello", 5);
	/* Reply (code 7) and wait for the next call: back to the client directly. */
	r = recv(srv, token, 5, 7);
	assert_int_equal(r.blocked, TRAP_SWITCH);
	assert_ptr_equal(trap_switch_target, cli);
	assert_int_equal(cli->state, PS_RUNNABLE);
	assert_int_equal(regs(cli, 0), TICK_IPC_OK);
	assert_int_equal(regs(cli, 1), 5);
	assert_int_equal(regs(cli, 2), 7);
	assert_memory_equal(env_mem(at(cli, RECV_AT)), "HELLO", 5);
	assert_int_equal(srv->state, PS_YIELDED_FOR);
	assert_null(env_check());
}

/* The server is busy: calls wait and are taken oldest first at its next receive. */
static void test_calls_to_a_busy_server_are_taken_in_order(void **state)
{
	(void)state;
	uint32_t h = connect(cli), h2 = connect(cli2);
	buffers(srv, NULL, 0, 32);
	buffers(cli, "one", 3, 16);
	buffers(cli2, "two!", 4, 16);
	assert_int_equal(call(cli2, h2, 4).blocked, TRAP_TO_KERNEL);   /* first */
	assert_int_equal(call(cli, h, 3).blocked, TRAP_TO_KERNEL);
	struct env_ret r = recv(srv, 0, 0, 0);
	assert_int_equal(r.blocked, TRAP_RESUME);   /* one was waiting: no block */
	assert_int_equal(r.a[0], TICK_IPC_OK);
	assert_int_equal(r.a[2], 4);
	assert_int_equal(r.a[3], process_id(cli2));
	assert_memory_equal(env_mem(at(srv, RECV_AT)), "two!", 4);
	uint32_t t2 = r.a[1];
	r = recv(srv, 0, 0, 0);   /* takes the second before replying to the first */
	assert_int_equal(r.a[3], process_id(cli));
	uint32_t t1 = r.a[1];
	/* Replies out of order, by command. */
	assert_int_equal(env_command(srv, IPC, IPC_CMD_REPLY, t1, 0 | 1u << 16).a[0], SYSRET_SUCCESS);
	assert_int_equal(cli->state, PS_RUNNABLE);
	assert_int_equal(regs(cli, 2), 1);
	assert_int_equal(cli2->state, PS_YIELDED_FOR);
	assert_int_equal(env_command(srv, IPC, IPC_CMD_REPLY, t2, 0 | 2u << 16).a[0], SYSRET_SUCCESS);
	assert_int_equal(regs(cli2, 2), 2);
	/* A second reply to the same token is dropped: nobody waits for it. */
	assert_int_equal(env_command(srv, IPC, IPC_CMD_REPLY, t2, 0).a[0], SYSRET_SUCCESS);
	assert_int_equal(env_command(srv, IPC, IPC_CMD_REPLY, 0, 0).a[1], ERR_INVAL);
	assert_int_equal(env_command(srv, IPC, IPC_CMD_REPLY, 0x77, 0).a[1], ERR_INVAL);
	assert_null(env_check());
}

/* Payloads are clipped to the receiving buffer; the full length is reported. */
static void test_payloads_are_clipped_to_the_receiver(void **state)
{
	(void)state;
	uint32_t h = connect(cli);
	buffers(srv, "0123456789", 10, 4);
	buffers(cli, "abcdefgh", 8, 3);
	memset(env_mem(at(srv, RECV_AT)), '.', 8);
	memset(env_mem(at(cli, RECV_AT)), '.', 8);
	recv(srv, 0, 0, 0);
	call(cli, h, 8);
	assert_int_equal(regs(srv, 2), 8);
	assert_memory_equal(env_mem(at(srv, RECV_AT)), "abcd....", 8);
	recv(srv, regs(srv, 1), 10, 0);
	assert_int_equal(regs(cli, 1), 10);
	assert_memory_equal(env_mem(at(cli, RECV_AT)), "012.....", 8);
}

static void test_bad_calls_fail_at_once(void **state)
{
	(void)state;
	uint32_t h = connect(cli);
	buffers(cli, "x", 1, 4);
	struct env_ret r = call(cli, 3, 0);   /* a handle it never got */
	assert_int_equal(r.blocked, TRAP_RESUME);
	assert_int_equal(r.a[0], TICK_IPC_FAILED);
	assert_int_equal(r.a[1], ERR_INVAL);
	assert_int_equal(call(cli, 99, 0).a[1], ERR_INVAL);
	assert_int_equal(call(cli, h, 2).a[1], ERR_INVAL);                       /* more than allowed */
	assert_int_equal(call(cli, h, TICK_IPC_MAX_PAYLOAD + 1).a[1], ERR_INVAL);
	assert_int_equal(call(cli, h, 0x10000).a[1], ERR_INVAL);                 /* unknown flag */
	assert_int_equal(cli->state, PS_RUNNABLE);
	/* A process without the driver's grant, and a server calling itself. */
	assert_int_equal(call(cli2, 0, 0).a[1], ERR_INVAL);
	uint32_t self = with_name(srv, IPC_CMD_FIND, "echo").a[1];
	assert_int_equal(call(srv, self, 0).a[1], ERR_INVAL);
	/* Bad receives. */
	assert_int_equal(recv(srv, 0x55, 0, 0).a[1], ERR_INVAL);                /* no such slot */
	assert_int_equal(recv(srv, 0, 1, 0).a[1], ERR_INVAL);                   /* nothing to send */
	assert_int_equal(env_yield(srv, YIELD_IPC_RECV, 0, 0x400, 0).a[1], ERR_INVAL);
	assert_int_equal(srv->state, PS_RUNNABLE);
	assert_null(env_check());
}

/* Deadlines: a call or receive that waits too long ends with the deadline result; a late
 * reply is dropped; a call that timed out before it was taken is never taken. */
static void test_deadlines_end_calls_and_receives(void **state)
{
	(void)state;
	uint32_t h = connect(cli);
	buffers(srv, NULL, 0, 16);
	buffers(cli, "late", 4, 16);
	uint32_t now = (uint32_t)fake_time.now;
	struct env_ret r = env_yield(cli, YIELD_IPC_CALL, h, 4 | TICK_IPC_HAS_DEADLINE, now + 50);
	assert_int_equal(r.blocked, TRAP_TO_KERNEL);
	env_advance(60);
	assert_int_equal(cli->state, PS_RUNNABLE);
	assert_int_equal(regs(cli, 0), TICK_WAITANY_DEADLINE);
	/* Not sent: the server finds nothing and waits until its own deadline. */
	r = env_yield(srv, YIELD_IPC_RECV, 0, TICK_IPC_HAS_DEADLINE, (uint32_t)fake_time.now + 20);
	assert_int_equal(r.blocked, TRAP_TO_KERNEL);
	env_advance(30);
	assert_int_equal(srv->state, PS_RUNNABLE);
	assert_int_equal(regs(srv, 0), TICK_WAITANY_DEADLINE);
	/* A deadline in the past ends at once. */
	r = env_yield(cli, YIELD_IPC_CALL, h, 4 | TICK_IPC_HAS_DEADLINE, (uint32_t)fake_time.now - 1);
	assert_int_equal(r.blocked, TRAP_RESUME);
	assert_int_equal(r.a[0], TICK_WAITANY_DEADLINE);
	/* Taken, then the client gives up: the reply is dropped, the server does not block. */
	env_yield(cli, YIELD_IPC_CALL, h, 4 | TICK_IPC_HAS_DEADLINE, (uint32_t)fake_time.now + 50);
	r = recv(srv, 0, 0, 0);
	assert_int_equal(r.a[0], TICK_IPC_OK);
	uint32_t token = r.a[1];
	env_advance(60);
	assert_int_equal(regs(cli, 0), TICK_WAITANY_DEADLINE);
	memset(env_mem(at(cli, RECV_AT)), '.', 4);
	assert_int_equal(env_command(srv, IPC, IPC_CMD_REPLY, token, 0).a[0], SYSRET_SUCCESS);
	assert_int_equal(regs(cli, 0), TICK_WAITANY_DEADLINE);
	/* ... even when it has made a new call since: the old token does not answer it. */
	call(cli, h, 4);
	r = recv(srv, 0, 0, 0);
	assert_int_not_equal(r.a[1], token);
	env_command(srv, IPC, IPC_CMD_REPLY, token, 0);
	assert_int_equal(cli->state, PS_YIELDED_FOR);
	env_command(srv, IPC, IPC_CMD_REPLY, r.a[1], 0);
	assert_int_equal(cli->state, PS_RUNNABLE);
	assert_false(kstate_deadline_armed());
}

/* The server ends with calls pending (taken and not yet taken): each fails at once with
 * PEER_DIED; its handles go stale; the restarted server is found again. */
static void test_a_dead_server_fails_its_calls_at_once(void **state)
{
	(void)state;
	uint32_t h = connect(cli), h2 = connect(cli2);
	buffers(srv, NULL, 0, 16);
	buffers(cli, NULL, 0, 16);
	buffers(cli2, NULL, 0, 16);
	call(cli, h, 0);
	recv(srv, 0, 0, 0);   /* taken */
	call(cli2, h2, 0);    /* waiting */
	process_force_fault(srv);
	assert_int_equal(cli->state, PS_RUNNABLE);
	assert_int_equal(regs(cli, 0), TICK_IPC_FAILED);
	assert_int_equal(regs(cli, 1), TICK_ERR_IPC_PEER_DIED);
	assert_int_equal(cli2->state, PS_RUNNABLE);
	assert_int_equal(regs(cli2, 1), TICK_ERR_IPC_PEER_DIED);
	/* Stale handle: a distinct error, even once the service is back. */
	assert_int_equal(call(cli, h, 0).a[1], TICK_ERR_IPC_STALE);
	env_memop(srv, TICK_MEMOP_BRK, srv->mem_start + 0x800);
	assert_int_equal(with_name(srv, IPC_CMD_REGISTER, "echo").a[0], SYSRET_SUCCESS_U32);
	assert_int_equal(call(cli, h, 0).a[1], TICK_ERR_IPC_STALE);
	uint32_t nh = with_name(cli, IPC_CMD_FIND, "echo").a[1];
	buffers(srv, NULL, 0, 16);
	recv(srv, 0, 0, 0);
	assert_int_equal(call(cli, nh, 0).blocked, TRAP_SWITCH);
	assert_int_equal(regs(srv, 3), process_id(cli));
	assert_null(env_check());
}

/* The client dies mid-call: the server's reply is dropped harmlessly, and a pending call
 * of a dead client is never taken. */
static void test_a_dead_client_leaves_nothing_behind(void **state)
{
	(void)state;
	uint32_t h = connect(cli), h2 = connect(cli2);
	buffers(srv, NULL, 0, 16);
	buffers(cli, NULL, 0, 16);
	buffers(cli2, NULL, 0, 16);
	call(cli, h, 0);
	struct env_ret r = recv(srv, 0, 0, 0);
	uint32_t token = r.a[1];
	process_terminate(cli, 0);
	assert_int_equal(env_command(srv, IPC, IPC_CMD_REPLY, token, 0).a[0], SYSRET_SUCCESS);
	/* The next run of the client makes a call; the old token still answers nothing. */
	process_boot(cli);
	env_memop(cli, TICK_MEMOP_BRK, cli->mem_start + 0x800);
	h = with_name(cli, IPC_CMD_FIND, "echo").a[1];
	buffers(cli, NULL, 0, 16);
	call(cli, h, 0);
	call(cli2, h2, 0);
	process_terminate(cli2, 0);   /* pending, then dead */
	r = recv(srv, token, 0, 0);
	assert_int_equal(cli->state, PS_YIELDED_FOR);   /* not answered by the stale token */
	assert_int_equal(r.a[3], process_id(cli));      /* and cli2's call was skipped */
	r = recv(srv, r.a[1], 0, 0);
	assert_int_equal(cli->state, PS_RUNNABLE);
	assert_int_equal(r.blocked, TRAP_SWITCH);
	assert_null(env_check());
}

/* A blocked IPC waiter is not woken by other events (they queue), and it wakes for IPC. */
static void test_other_events_do_not_end_an_ipc_wait(void **state)
{
	(void)state;
	uint32_t h = connect(cli);
	buffers(srv, NULL, 0, 16);
	buffers(cli, NULL, 0, 16);
	recv(srv, 0, 0, 0);
	upcall_schedule(srv, &env.test_driver, 1, 1, 2, 3);
	assert_int_equal(srv->state, PS_YIELDED_FOR);
	assert_int_equal(srv->upcall_count, 1);
	call(cli, h, 0);
	assert_int_equal(srv->state, PS_RUNNABLE);
	assert_int_equal(regs(srv, 0), TICK_IPC_OK);
}

/* The kernel vouches for a caller's identity: ShortId and package name of its process id. */
static void test_identify_reports_what_the_tbf_says(void **state)
{
	(void)state;
	env_allow(srv, SYS_ALLOW_RW, IPC, IPC_RW_IDENTITY, at(srv, 0x500), 8);
	struct env_ret r = env_command(srv, IPC, IPC_CMD_IDENTIFY, process_id(cli), 0);
	assert_int_equal(r.a[0], SYSRET_SUCCESS_2U32);
	assert_int_equal(r.a[1], 0);   /* no ShortId */
	assert_int_equal(r.a[2], 2);
	assert_memory_equal(env_mem(at(srv, 0x500)), "p1", 2);
	process_restart(cli);
	assert_int_equal(env_command(srv, IPC, IPC_CMD_IDENTIFY, process_id(cli) - 0x100, 0).a[1], ERR_INVAL);
	assert_int_equal(env_command(srv, IPC, IPC_CMD_IDENTIFY, 0xff, 0).a[1], ERR_INVAL);
}

/* An operator-stopped server gets its call but is not switched to. */
static void test_a_stopped_server_is_not_switched_to(void **state)
{
	(void)state;
	uint32_t h = connect(cli);
	buffers(srv, NULL, 0, 16);
	buffers(cli, NULL, 0, 16);
	env_yield(cli2, YIELD_WAIT, 0, 0, 0);   /* nobody else wants the CPU */
	recv(srv, 0, 0, 0);
	process_stop(srv);
	assert_int_equal(call(cli, h, 0).blocked, TRAP_TO_KERNEL);
	assert_int_equal(srv->state, PS_RUNNABLE);
	assert_ptr_not_equal(env_step(), srv);
	process_resume(srv);
	assert_ptr_equal(env_step(), srv);
}

/* A service's TBF may list the apps it accepts; a client may ask for a service of one app
 * (its ShortId): FIND refuses anything else with DENIED. */
static void test_client_lists_and_server_identity(void **state)
{
	(void)state;
	struct proc_opts o = { .ipc_services = "\x05" "vault", .ipc_services_len = 6,
			       .ipc_clients = "\x02" "p1", .ipc_clients_len = 3, .short_id = 0x5a5a };
	struct process *vault = env_proc(3, &o);
	assert_int_equal(with_name(vault, IPC_CMD_REGISTER, "vault").a[0], SYSRET_SUCCESS_U32);
	struct env_ret r = with_name(cli, IPC_CMD_FIND, "vault");   /* p1: listed */
	assert_int_equal(r.a[0], SYSRET_SUCCESS_U32);
	r = with_name(cli2, IPC_CMD_FIND, "vault");                  /* p2: not listed */
	assert_int_equal(r.a[0], SYSRET_FAILURE);
	assert_int_equal(r.a[1], TICK_ERR_IPC_DENIED);
	assert_int_equal(with_name(srv, IPC_CMD_FIND, "vault").a[1], TICK_ERR_IPC_DENIED);
	/* The client names the app it wants: the right ShortId, or DENIED. */
	memcpy(env_mem(at(cli, NAME_AT)), "vault", 5);
	env_allow(cli, SYS_ALLOW_RO, IPC, IPC_RO_NAME, at(cli, NAME_AT), 5);
	assert_int_equal(env_command(cli, IPC, IPC_CMD_FIND, 0x5a5a, 0).a[0], SYSRET_SUCCESS_U32);
	assert_int_equal(env_command(cli, IPC, IPC_CMD_FIND, 0x1234, 0).a[1], TICK_ERR_IPC_DENIED);
	/* A service without a list accepts everybody; without a ShortId it matches none asked for. */
	with_name(srv, IPC_CMD_REGISTER, "echo");
	assert_int_equal(with_name(cli2, IPC_CMD_FIND, "echo").a[0], SYSRET_SUCCESS_U32);
	memcpy(env_mem(at(cli2, NAME_AT)), "echo", 4);
	env_allow(cli2, SYS_ALLOW_RO, IPC, IPC_RO_NAME, at(cli2, NAME_AT), 4);
	assert_int_equal(env_command(cli2, IPC, IPC_CMD_FIND, 1, 0).a[1], TICK_ERR_IPC_DENIED);
}

/* Credentials in the identity: IDENTIFY tells which board key a process's credentials
 * verified with; a client may require the key of a service (a look-alike that registered the
 * name unsigned is refused with UNVERIFIED, whatever ShortId its TBF claims), and a signed
 * service's client list admits only clients signed with the same key. */
static void test_credentials_in_the_identity(void **state)
{
	(void)state;
	struct proc_opts o = { .ipc_services = "\x05" "vault", .ipc_services_len = 6, .short_id = 0x5a5a };
	struct process *vault = env_proc(3, &o);
	assert_int_equal(with_name(vault, IPC_CMD_REGISTER, "vault").a[0], SYSRET_SUCCESS_U32);
	memcpy(env_mem(at(cli, NAME_AT)), "vault", 5);
	env_allow(cli, SYS_ALLOW_RO, IPC, IPC_RO_NAME, at(cli, NAME_AT), 5);
	/* Unsigned, with the right ShortId: refused when the key is required, found when not. */
	assert_int_equal(env_command(cli, IPC, IPC_CMD_FIND, 0x5a5a, APP_KEY_BOARD).a[1], TICK_ERR_IPC_UNVERIFIED);
	assert_int_equal(env_command(cli, IPC, IPC_CMD_FIND, 0, APP_KEY_BOARD).a[1], TICK_ERR_IPC_UNVERIFIED);
	assert_int_equal(env_command(cli, IPC, IPC_CMD_FIND, 0x5a5a, 0).a[0], SYSRET_SUCCESS_U32);
	assert_int_equal(env_command(cli, IPC, IPC_CMD_FIND, 0x5a5a, 2).a[1], TICK_ERR_IPC_UNVERIFIED);   /* no such key */
	env_allow(srv, SYS_ALLOW_RW, IPC, IPC_RW_IDENTITY, at(srv, 0x500), 8);
	struct env_ret r = env_command(srv, IPC, IPC_CMD_IDENTIFY, process_id(vault), 0);
	assert_int_equal(r.a[1], 0x5a5a);
	assert_int_equal(r.a[2], 2);   /* "p3", no key */
	/* Signed with the board key: found; a wrong ShortId is still DENIED. */
	vault->key = APP_KEY_BOARD;
	assert_int_equal(env_command(cli, IPC, IPC_CMD_FIND, 0x5a5a, APP_KEY_BOARD).a[0], SYSRET_SUCCESS_U32);
	assert_int_equal(env_command(cli, IPC, IPC_CMD_FIND, 0x1234, APP_KEY_BOARD).a[1], TICK_ERR_IPC_DENIED);
	r = env_command(srv, IPC, IPC_CMD_IDENTIFY, process_id(vault), 0);
	assert_int_equal(r.a[2], 2u | APP_KEY_BOARD << 8);
	/* A signed service's client list: the name alone is not enough, the client's credentials
	 * must have verified with the service's key too. */
	struct proc_opts lo = { .ipc_services = "\x04" "safe", .ipc_services_len = 5,
				.ipc_clients = "\x02" "p1" "\x02" "p2", .ipc_clients_len = 6 };
	struct process *safe = env_proc(4, &lo);
	safe->key = APP_KEY_BOARD;
	assert_int_equal(with_name(safe, IPC_CMD_REGISTER, "safe").a[0], SYSRET_SUCCESS_U32);
	assert_int_equal(with_name(cli, IPC_CMD_FIND, "safe").a[1], TICK_ERR_IPC_DENIED);
	cli2->key = APP_KEY_BOARD;
	assert_int_equal(with_name(cli2, IPC_CMD_FIND, "safe").a[0], SYSRET_SUCCESS_U32);
	/* The same list on an unsigned service admits the names as they are. */
	safe->key = APP_KEY_NONE;
	assert_int_equal(with_name(cli, IPC_CMD_FIND, "safe").a[0], SYSRET_SUCCESS_U32);
}

/* Notification bits: ORed into the target's pending bits, one event per batch, taken and
 * cleared at once; clients notify services through handles, services only their clients. */
static void test_notification_bits_coalesce(void **state)
{
	(void)state;
	uint32_t h = connect(cli);
	env_allow(srv, SYS_ALLOW_RW, IPC, IPC_RW_RECV, 0, 0);   /* the server has its grant */
	assert_int_equal(env_command(cli, IPC, IPC_CMD_NOTIFY_SERVICE, h, 0x1).a[0], SYSRET_SUCCESS);
	assert_int_equal(env_command(cli, IPC, IPC_CMD_NOTIFY_SERVICE, h, 0x4).a[0], SYSRET_SUCCESS);
	assert_int_equal(srv->upcall_count, 1);   /* one event for both */
	drv_assert_event(srv, 0, IPC, IPC_SUB_NOTIFIED, 0, 0, 0);
	struct env_ret r = env_command(srv, IPC, IPC_CMD_TAKE_BITS, 0, 0);
	assert_int_equal(r.a[0], SYSRET_SUCCESS_U32);
	assert_int_equal(r.a[1], 0x5);
	assert_int_equal(env_command(srv, IPC, IPC_CMD_TAKE_BITS, 0, 0).a[1], 0);
	/* Bits taken while the event still waits in the queue: that event covers the next batch
	 * (it has not run yet), so a flood finds at most one event queued. */
	for (unsigned i = 0; i < 100; i++) {
		env_command(cli, IPC, IPC_CMD_NOTIFY_SERVICE, h, 0x8);
		env_command(srv, IPC, IPC_CMD_TAKE_BITS, 0, 0);
	}
	assert_int_equal(srv->upcall_count, 1);
	upcall_remove(srv, 0);   /* the server runs the event */
	env_command(cli, IPC, IPC_CMD_NOTIFY_SERVICE, h, 0x8);
	assert_int_equal(srv->upcall_count, 1);   /* a new batch, a new event */
	assert_int_equal(env_command(srv, IPC, IPC_CMD_TAKE_BITS, 0, 0).a[1], 0x8);
	/* A service notifies its clients, and only them. */
	assert_int_equal(env_command(srv, IPC, IPC_CMD_NOTIFY_CLIENT, process_id(cli), 0x2).a[0], SYSRET_SUCCESS);
	assert_int_equal(env_command(cli, IPC, IPC_CMD_TAKE_BITS, 0, 0).a[1], 0x2);
	assert_int_equal(env_command(srv, IPC, IPC_CMD_NOTIFY_CLIENT, process_id(cli2), 0x2).a[1], ERR_INVAL);
	assert_int_equal(env_command(cli2, IPC, IPC_CMD_NOTIFY_CLIENT, process_id(cli), 0x2).a[1], ERR_INVAL);
	assert_int_equal(env_command(cli, IPC, IPC_CMD_NOTIFY_SERVICE, h + 0x40, 1).a[1], ERR_INVAL);
	/* A stale handle notifies nobody. */
	process_restart(srv);
	assert_int_equal(env_command(cli, IPC, IPC_CMD_NOTIFY_SERVICE, h, 1).a[1], TICK_ERR_IPC_STALE);
}

/* One wait for a call, a notification, another driver's event or a deadline. */
static void test_recv_also_waits_for_events(void **state)
{
	(void)state;
	uint32_t h = connect(cli);
	buffers(srv, NULL, 0, 16);
	buffers(cli, NULL, 0, 16);
	uint32_t list = at(srv, 0x600);
	uint32_t ids[4] = { IPC, IPC_SUB_NOTIFIED, TEST_DRIVER_NUM, 1 };
	memcpy(env_mem(list), ids, sizeof ids);
	env_allow(srv, SYS_ALLOW_RO, IPC, IPC_RO_EVENTS, list, sizeof ids);
	/* A notification ends the wait: index 0. */
	struct env_ret r = env_yield(srv, YIELD_IPC_RECV, 0, TICK_IPC_WAIT_EVENTS, 0);
	assert_int_equal(r.blocked, TRAP_TO_KERNEL);
	env_command(cli, IPC, IPC_CMD_NOTIFY_SERVICE, h, 0x10);
	assert_int_equal(srv->state, PS_RUNNABLE);
	assert_int_equal(regs(srv, 0), 0);
	assert_int_equal(env_command(srv, IPC, IPC_CMD_TAKE_BITS, 0, 0).a[1], 0x10);
	/* Another driver's event, queued before the receive: it ends at once, index 1. */
	upcall_schedule(srv, &env.test_driver, 1, 7, 8, 9);
	r = env_yield(srv, YIELD_IPC_RECV, 0, TICK_IPC_WAIT_EVENTS, 0);
	assert_int_equal(r.blocked, TRAP_RESUME);
	assert_int_equal(r.a[0], 1);
	assert_int_equal(r.a[1], 7);
	assert_int_equal(r.a[3], 9);
	/* A call still ends it as a call, and the deadline as a deadline. */
	env_yield(srv, YIELD_IPC_RECV, 0, TICK_IPC_WAIT_EVENTS, 0);
	call(cli, h, 0);
	assert_int_equal(regs(srv, 0), TICK_IPC_OK);
	assert_int_equal(regs(srv, 3), process_id(cli));
	r = env_yield(srv, YIELD_IPC_RECV, regs(srv, 1), TICK_IPC_WAIT_EVENTS | TICK_IPC_HAS_DEADLINE,
		      (uint32_t)fake_time.now + 10);
	assert_int_equal(cli->state, PS_RUNNABLE);   /* the reply went out first */
	env_advance(20);
	assert_int_equal(regs(srv, 0), TICK_WAITANY_DEADLINE);
	/* A list that is not one: unaligned, empty, too long. */
	env_allow(srv, SYS_ALLOW_RO, IPC, IPC_RO_EVENTS, list + 2, 8);
	assert_int_equal(env_yield(srv, YIELD_IPC_RECV, 0, TICK_IPC_WAIT_EVENTS, 0).a[1], ERR_INVAL);
	env_allow(srv, SYS_ALLOW_RO, IPC, IPC_RO_EVENTS, list, 0);
	assert_int_equal(env_yield(srv, YIELD_IPC_RECV, 0, TICK_IPC_WAIT_EVENTS, 0).a[1], ERR_INVAL);
	env_allow(srv, SYS_ALLOW_RO, IPC, IPC_RO_EVENTS, list, 8 * (TICK_WAITANY_MAX + 1));
	assert_int_equal(env_yield(srv, YIELD_IPC_RECV, 0, TICK_IPC_WAIT_EVENTS, 0).a[1], ERR_INVAL);
	assert_null(env_check());
}

/* Leases: the client lends buffers with a call; the server reads and writes them through the
 * kernel with exactly the rights lent, and only while the call lasts. */
static void test_leases_give_exactly_their_rights_while_the_call_lasts(void **state)
{
	(void)state;
	uint32_t h = connect(cli);
	buffers(srv, NULL, 0, 16);
	buffers(cli, NULL, 0, 16);
	uint32_t l0 = at(cli, 0x400), l1 = at(cli, 0x420);
	memcpy(env_mem(l0), "abcdefgh", 8);
	memcpy(env_mem(l1), "secret!!", 8);
	env_allow(cli, SYS_ALLOW_RW, IPC, IPC_RW_LEASE0, l0, 8);
	env_allow(cli, SYS_ALLOW_RW, IPC, IPC_RW_LEASE0 + 1, l1, 8);
	env_allow(cli, SYS_ALLOW_RO, IPC, IPC_RO_LEASE2, cli->app_start, 16);   /* flash */
	recv(srv, 0, 0, 0);
	uint32_t spec = TICK_IPC_LEASE(0) | TICK_IPC_LEASE(1) | TICK_IPC_LEASE_WRITE_ONLY(1) |
			TICK_IPC_LEASE(2);
	assert_int_equal(env_yield(cli, YIELD_IPC_CALL, h, spec, 0).blocked, TRAP_SWITCH);
	uint32_t token = regs(srv, 1);
	/* What was lent, and how. */
	struct env_ret r = env_command(srv, IPC, IPC_CMD_LEASE_INFO, token, 0);
	assert_int_equal(r.a[0], SYSRET_SUCCESS_2U32);
	assert_int_equal(r.a[1], 8);
	assert_int_equal(r.a[2], 3);
	assert_int_equal(env_command(srv, IPC, IPC_CMD_LEASE_INFO, token, 1).a[2], 2);
	assert_int_equal(env_command(srv, IPC, IPC_CMD_LEASE_INFO, token, 2).a[2], 1);
	assert_int_equal(env_command(srv, IPC, IPC_CMD_LEASE_INFO, token, 3).a[1], ERR_INVAL);
	/* Reads land in the server's RW allow 1, clipped to it and to the lease. */
	env_allow(srv, SYS_ALLOW_RW, IPC, IPC_RW_IDENTITY, at(srv, 0x500), 4);
	r = env_command(srv, IPC, IPC_CMD_LEASE_READ, token, 0 | 2 << 2);
	assert_int_equal(r.a[0], SYSRET_SUCCESS_U32);
	assert_int_equal(r.a[1], 4);
	assert_memory_equal(env_mem(at(srv, 0x500)), "cdef", 4);
	assert_int_equal(env_command(srv, IPC, IPC_CMD_LEASE_READ, token, 0 | 6 << 2).a[1], 2);
	assert_int_equal(env_command(srv, IPC, IPC_CMD_LEASE_READ, token, 0 | 8 << 2).a[1], 0);
	assert_int_equal(env_command(srv, IPC, IPC_CMD_LEASE_READ, token, 0 | 9 << 2).a[1], ERR_INVAL);
	assert_int_equal(env_command(srv, IPC, IPC_CMD_LEASE_READ, token, 1).a[1], ERR_INVAL);   /* write-only */
	assert_int_equal(env_command(srv, IPC, IPC_CMD_LEASE_READ, token, 2).a[1], 4);           /* flash */
	assert_memory_equal(env_mem(at(srv, 0x500)), env_mem(cli->app_start), 4);
	/* Writes come from the server's RO allow 0, clipped to the lease. */
	memcpy(env_mem(at(srv, 0x540)), "XYZ", 3);
	env_allow(srv, SYS_ALLOW_RO, IPC, IPC_RO_NAME, at(srv, 0x540), 3);
	assert_int_equal(env_command(srv, IPC, IPC_CMD_LEASE_WRITE, token, 0 | 6 << 2).a[1], 2);
	assert_memory_equal(env_mem(l0), "abcdefXY", 8);
	assert_int_equal(env_command(srv, IPC, IPC_CMD_LEASE_WRITE, token, 1).a[1], 3);
	assert_memory_equal(env_mem(l1), "XYZret!!", 8);
	assert_int_equal(env_command(srv, IPC, IPC_CMD_LEASE_WRITE, token, 2).a[1], ERR_INVAL);  /* read-only */
	assert_int_equal(env_command(srv, IPC, IPC_CMD_LEASE_WRITE, 0x55, 0).a[1], ERR_INVAL);
	/* The reply ends the call and its leases. */
	assert_int_equal(env_command(srv, IPC, IPC_CMD_REPLY, token, 0).a[0], SYSRET_SUCCESS);
	assert_int_equal(env_command(srv, IPC, IPC_CMD_LEASE_READ, token, 0).a[1], ERR_CANCEL);
	assert_int_equal(env_command(srv, IPC, IPC_CMD_LEASE_WRITE, token, 0).a[1], ERR_CANCEL);
	/* So does the client's deadline, before the reply: the buffer is its own again. */
	env_yield(cli, YIELD_IPC_CALL, h, TICK_IPC_LEASE(0) | TICK_IPC_HAS_DEADLINE, (uint32_t)fake_time.now + 10);
	token = recv(srv, 0, 0, 0).a[1];
	assert_int_equal(env_command(srv, IPC, IPC_CMD_LEASE_READ, token, 0).a[0], SYSRET_SUCCESS_U32);
	env_advance(20);
	assert_int_equal(regs(cli, 0), TICK_WAITANY_DEADLINE);
	assert_int_equal(env_command(srv, IPC, IPC_CMD_LEASE_WRITE, token, 0).a[1], ERR_CANCEL);
	assert_memory_equal(env_mem(l0), "abcdefXY", 8);
	/* And the client's end. */
	call(cli, h, TICK_IPC_LEASE(0));
	token = recv(srv, 0, 0, 0).a[1];
	process_terminate(cli, 0);
	assert_int_equal(env_command(srv, IPC, IPC_CMD_LEASE_READ, token, 0).a[1], ERR_CANCEL);
	assert_null(env_check());
}

/* Kill either side at every stage of a call, 10,000 times: nobody hangs (a blocked client
 * always has a live service that can still answer), nothing leaks (kernel break, endpoint
 * table, pending counts), and the pair always works again. */
static void test_kill_either_side_mid_call_10000_times(void **state)
{
	(void)state;
	uint32_t seed = 12345;
	uint32_t srv_brk = 0, cli_brk = 0;
	for (unsigned round = 0; round < 10000; round++) {
		seed = seed * 1103515245u + 12345u;
		unsigned stage = (seed >> 8) % 4, victim = (seed >> 12) % 2;
		/* Both sides (re)connect: the server registers, the client finds. */
		if (srv->state != PS_RUNNABLE) {
			process_boot(srv);
		}
		if (cli->state != PS_RUNNABLE) {
			process_boot(cli);
		}
		if (srv->app_brk < srv->mem_start + 0x800)
			env_memop(srv, TICK_MEMOP_BRK, srv->mem_start + 0x800);
		if (cli->app_brk < cli->mem_start + 0x800)
			env_memop(cli, TICK_MEMOP_BRK, cli->mem_start + 0x800);
		uint32_t h = connect(cli);
		buffers(srv, "pong", 4, 16);
		buffers(cli, "ping", 4, 16);
		if (round == 0) {
			srv_brk = srv->kernel_brk;
			cli_brk = cli->kernel_brk;
		}
		assert_int_equal(srv->kernel_brk, srv_brk);   /* grants do not pile up */
		assert_int_equal(cli->kernel_brk, cli_brk);
		/* Stages: 0 the call waits for the server; 1 the server took it; 2 the server
		 * replied and waits for the next; 3 the server waits first, the call is handed over. */
		uint32_t token = 0;
		if (stage == 3) {
			recv(srv, 0, 0, 0);
			call(cli, h, 4);
		} else {
			call(cli, h, 4);
			if (stage >= 1)
				token = recv(srv, 0, 0, 0).a[1];
			if (stage == 2)
				recv(srv, token, 4, 0);
		}
		struct process *dead = victim ? srv : cli, *alive = victim ? cli : srv;
		if ((seed >> 16) % 2)
			process_force_fault(dead);
		else
			process_terminate(dead, 0);
		/* The survivor: a client is answered or failed at once, a server carries on. */
		if (alive == cli) {
			assert_int_equal(cli->state, PS_RUNNABLE);
			assert_true(regs(cli, 0) == TICK_IPC_OK ||
				    (regs(cli, 0) == TICK_IPC_FAILED && regs(cli, 1) == TICK_ERR_IPC_PEER_DIED));
		} else if (srv->state == PS_RUNNABLE && token && stage == 1) {
			/* Its reply to the dead client goes nowhere, without error. */
			assert_int_equal(env_command(srv, IPC, IPC_CMD_REPLY, token, 4).a[0], SYSRET_SUCCESS);
		}
		if (srv->state == PS_YIELDED_FOR)   /* back to running for the next round */
			env_advance(0), srv->state = PS_RUNNABLE;
		assert_null(env_check());
		if (srv->restarts >= CONFIG_RESTART_LIMIT || cli->restarts >= CONFIG_RESTART_LIMIT) {
			srv->restarts = cli->restarts = 0;   /* keep the restart policy out of the way */
		}
	}
	/* Nothing left over: one endpoint, no pending calls. */
	unsigned used = 0;
	for (unsigned i = 0; i < CONFIG_IPC_ENDPOINTS; i++)
		used += ipc_endpoints[i].name != NULL;
	assert_true(used <= 1);
	for (unsigned i = 0; i < CONFIG_MAX_PROCS; i++)
		assert_true(ipc_maybe_pending[i] <= 1);
}

/* The TBF parser takes the IPC services TLV only when its entries fill it exactly. */
static void test_the_services_tlv_is_validated(void **state)
{
	(void)state;
	static uint8_t buf[1024];
	struct tbf_header h;
	static const struct { const char *v; uint32_t len; bool ok; } cases[] = {
		{ "\x04" "echo" "\x02" "kv", 8, true },
		{ "\x01" "a", 2, true },
		{ "\x00", 1, false },             /* an empty name */
		{ "\x05" "echo", 5, false },      /* runs past the value */
		{ "\x02" "kv" "\x03" "ab", 6, false },
	};
	for (unsigned i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct tbf_opts o = { .name = "svc", .ipc_services = cases[i].v,
				      .ipc_services_len = cases[i].len };
		uint32_t n = tbf_build(buf, sizeof buf, &o);
		enum tbf_error e = tbf_parse(buf, n, &h);
		assert_int_equal(e, cases[i].ok ? TBF_OK : TBF_BAD_TLV);
		if (cases[i].ok) {
			assert_int_equal(h.ipc_services_len, cases[i].len);
			assert_memory_equal(h.ipc_services, cases[i].v, cases[i].len);
		}
		/* The clients TLV has the same rules. */
		struct tbf_opts oc = { .name = "svc", .ipc_clients = cases[i].v,
				       .ipc_clients_len = cases[i].len };
		n = tbf_build(buf, sizeof buf, &oc);
		assert_int_equal(tbf_parse(buf, n, &h), cases[i].ok ? TBF_OK : TBF_BAD_TLV);
		if (cases[i].ok)
			assert_int_equal(h.ipc_clients_len, cases[i].len);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_register_only_names_the_tbf_declares, setup),
		cmocka_unit_test_setup(test_find_gives_handles_and_tells_waiters_about_registrations, setup),
		cmocka_unit_test_setup(test_registrations_in_a_loop_do_not_flood_the_queue, setup),
		cmocka_unit_test_setup(test_a_call_to_a_waiting_server_switches_to_it_and_back, setup),
		cmocka_unit_test_setup(test_calls_to_a_busy_server_are_taken_in_order, setup),
		cmocka_unit_test_setup(test_payloads_are_clipped_to_the_receiver, setup),
		cmocka_unit_test_setup(test_bad_calls_fail_at_once, setup),
		cmocka_unit_test_setup(test_deadlines_end_calls_and_receives, setup),
		cmocka_unit_test_setup(test_a_dead_server_fails_its_calls_at_once, setup),
		cmocka_unit_test_setup(test_a_dead_client_leaves_nothing_behind, setup),
		cmocka_unit_test_setup(test_other_events_do_not_end_an_ipc_wait, setup),
		cmocka_unit_test_setup(test_identify_reports_what_the_tbf_says, setup),
		cmocka_unit_test_setup(test_a_stopped_server_is_not_switched_to, setup),
		cmocka_unit_test_setup(test_client_lists_and_server_identity, setup),
		cmocka_unit_test_setup(test_credentials_in_the_identity, setup),
		cmocka_unit_test_setup(test_leases_give_exactly_their_rights_while_the_call_lasts, setup),
		cmocka_unit_test_setup(test_notification_bits_coalesce, setup),
		cmocka_unit_test_setup(test_recv_also_waits_for_events, setup),
		cmocka_unit_test_setup(test_kill_either_side_mid_call_10000_times, setup),
		cmocka_unit_test(test_the_services_tlv_is_validated),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
