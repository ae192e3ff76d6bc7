/* Unit tests of IPC calls and takes without waiting (kernel/ipc/endpoint_slow.c): CALL_ASYNC, CALL_CANCEL, TAKE and their events. */
/* sources: @kernel_env */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <tick/loader.h>
#include "internal/upcall.h"
#include "ipc_fixture.h"

#define SVC "\x04" "echo"

static int setup(void **state)
{
	(void)state;
	ipc_fixture(SVC, sizeof SVC - 1);
	return 0;
}

/* Buffers inside each process's RAM below its break (0x800), beside NAME_AT. */
#define SEND_AT 0x100     /* synchronous send (RO 1) */
#define RECV_AT 0x200     /* synchronous receive (RW 0) */
#define ASEND_AT 0x300    /* async call's request (RO 5) */
#define ARECV_AT 0x400    /* async call's reply (RW 4) */
#define TAKE_AT 0x500     /* TAKE's destination (RW 5) */

/* An async client's buffers: the request (text) and room for the reply. */
static void async_buffers(struct process *c, const char *text, uint32_t recv_len)
{
	uint32_t n = text ? (uint32_t)strlen(text) : 0;
	if (n)
		memcpy(env_mem(at(c, ASEND_AT)), text, n);
	env_allow(c, SYS_ALLOW_RO, IPC, IPC_RO_ASYNC_SEND, at(c, ASEND_AT), n);
	env_allow(c, SYS_ALLOW_RW, IPC, IPC_RW_ASYNC_RECV, at(c, ARECV_AT), recv_len);
}

/* A server's buffers: synchronous receive, TAKE's destination, the reply (text). */
static void server_buffers(const char *reply, uint32_t cap)
{
	uint32_t n = reply ? (uint32_t)strlen(reply) : 0;
	if (n)
		memcpy(env_mem(at(srv, SEND_AT)), reply, n);
	env_allow(srv, SYS_ALLOW_RO, IPC, IPC_RO_SEND, at(srv, SEND_AT), n);
	env_allow(srv, SYS_ALLOW_RW, IPC, IPC_RW_RECV, at(srv, RECV_AT), cap);
	env_allow(srv, SYS_ALLOW_RW, IPC, IPC_RW_TAKE, at(srv, TAKE_AT), cap);
}

static struct env_ret call_async(struct process *c, uint32_t h, uint32_t spec)
{
	return env_command(c, IPC, IPC_CMD_CALL_ASYNC, h, spec);
}

static struct env_ret take(struct process *s) { return env_command(s, IPC, IPC_CMD_TAKE, 0, 0); }

/* Queued events of IPC subscribe number `sub` for p. */
static unsigned queued(struct process *p, uint32_t sub)
{
	const struct process_kernel_area *ka = process_kernel_area(p);
	unsigned n = 0;
	for (unsigned i = 0; i < p->upcall_count; i++)
		n += (ka->id[i] | UPCALL_ID_CALL) == UPCALL_ID(ipc.driver.grant_slot, sub, 1);
	return n;
}

/* Takes p's queued event (IPC, sub) with Yield-WaitFor (it must be there): its arguments. */
static struct env_ret event(struct process *p, uint32_t sub)
{
	struct env_ret r = env_yield(p, YIELD_WAIT_FOR, IPC, sub, 0);
	assert_int_equal(r.blocked, TRAP_RESUME);
	return r;
}

/* An async call to a server waiting in Yield-IPC-Recv is taken at once; the client runs on,
 * and the reply comes as an event, its payload in RW allow 4. */
static void test_an_async_call_to_a_waiting_server(void **state)
{
	(void)state;
	uint32_t h = connect(cli);
	server_buffers("PONG", 16);
	async_buffers(cli, "ping", 8);
	env_yield(srv, YIELD_IPC_RECV, 0, 0, 0);
	struct env_ret r = call_async(cli, h, 4);
	assert_int_equal(r.a[0], SYSRET_SUCCESS);
	assert_int_equal(r.blocked, TRAP_RESUME);   /* the client is not blocked */
	assert_int_equal(cli->state, PS_RUNNABLE);
	assert_int_equal(srv->state, PS_RUNNABLE);
	assert_int_equal(regs(srv, 0), TICK_IPC_OK);
	assert_int_equal(regs(srv, 2), 4);
	assert_int_equal(regs(srv, 3), process_id(cli));
	assert_memory_equal(env_mem(at(srv, RECV_AT)), "ping", 4);
	/* Reply (code 9) and wait: nobody to switch to, the client learns it from its event. */
	r = env_yield(srv, YIELD_IPC_RECV, regs(srv, 1), 4 | 9u << TICK_IPC_CODE_SHIFT, 0);
	assert_int_equal(r.blocked, TRAP_TO_KERNEL);
	assert_int_equal(queued(cli, IPC_SUB_CALL_DONE), 1);
	r = event(cli, IPC_SUB_CALL_DONE);
	assert_int_equal(r.a[0], 0);
	assert_int_equal(r.a[1], 4);
	assert_int_equal(r.a[2], 9);
	assert_memory_equal(env_mem(at(cli, ARECV_AT)), "PONG", 4);
	/* The synchronous receive buffer of the client was not touched. */
	assert_null(env_check());
}

/* The event ends a Yield-WaitAny that lists it beside other events. */
static void test_the_reply_ends_a_wait_any(void **state)
{
	(void)state;
	uint32_t h = connect(cli);
	server_buffers(NULL, 16);
	async_buffers(cli, NULL, 8);
	uint32_t list = at(cli, 0x600);
	uint32_t ids[4] = { TEST_DRIVER_NUM, 1, IPC, IPC_SUB_CALL_DONE };
	memcpy(env_mem(list), ids, sizeof ids);
	assert_int_equal(call_async(cli, h, 0).a[0], SYSRET_SUCCESS);
	struct env_ret r = env_yield(cli, YIELD_WAIT_ANY, list, 2, 0);
	assert_int_equal(r.blocked, TRAP_TO_KERNEL);
	r = take(srv);
	assert_int_equal(r.a[0], SYSRET_SUCCESS_3U32);
	assert_int_equal(env_command(srv, IPC, IPC_CMD_REPLY, r.a[1], 0 | 3u << 16).a[0], SYSRET_SUCCESS);
	assert_int_equal(cli->state, PS_RUNNABLE);
	assert_int_equal(regs(cli, 0), 1);   /* index of (IPC, CALL_DONE) */
	assert_int_equal(regs(cli, 1), 0);
	assert_int_equal(regs(cli, 3), 3);
	assert_null(env_check());
}

/* TAKE: the oldest waiting call (sync or async), its payload in RW allow 5; none: token 0, and
 * the next call raises one CALL_WAITING event (not one per call). */
static void test_take_serves_calls_without_blocking(void **state)
{
	(void)state;
	uint32_t h = connect(cli), h2 = connect(cli2);
	server_buffers("ok", 16);
	async_buffers(cli, "first", 8);
	struct env_ret r = take(srv);
	assert_int_equal(r.a[0], SYSRET_SUCCESS_3U32);
	assert_int_equal(r.a[1], 0);
	assert_int_equal(queued(srv, IPC_SUB_CALL_WAITING), 0);
	call_async(cli, h, 5);
	assert_int_equal(queued(srv, IPC_SUB_CALL_WAITING), 1);
	/* A synchronous client blocks as always; no second event. */
	env_allow(cli2, SYS_ALLOW_RO, IPC, IPC_RO_SEND, at(cli2, SEND_AT), 3);
	memcpy(env_mem(at(cli2, SEND_AT)), "two", 3);
	env_allow(cli2, SYS_ALLOW_RW, IPC, IPC_RW_RECV, at(cli2, RECV_AT), 8);
	assert_int_equal(env_yield(cli2, YIELD_IPC_CALL, h2, 3, 0).blocked, TRAP_TO_KERNEL);
	assert_int_equal(queued(srv, IPC_SUB_CALL_WAITING), 1);
	r = take(srv);
	assert_int_equal(r.a[2], 5);
	assert_int_equal(r.a[3], process_id(cli));
	assert_memory_equal(env_mem(at(srv, TAKE_AT)), "first", 5);
	uint32_t t1 = r.a[1];
	r = take(srv);
	assert_int_equal(r.a[2], 3);
	assert_int_equal(r.a[3], process_id(cli2));
	assert_memory_equal(env_mem(at(srv, TAKE_AT)), "two", 3);
	/* Replies in any order: the synchronous client wakes, the async one gets its event. */
	env_command(srv, IPC, IPC_CMD_REPLY, r.a[1], 2);
	assert_int_equal(cli2->state, PS_RUNNABLE);
	assert_int_equal(regs(cli2, 1), 2);
	assert_memory_equal(env_mem(at(cli2, RECV_AT)), "ok", 2);
	env_command(srv, IPC, IPC_CMD_REPLY, t1, 2);
	assert_int_equal(event(cli, IPC_SUB_CALL_DONE).a[1], 2);
	assert_memory_equal(env_mem(at(cli, ARECV_AT)), "ok", 2);
	/* The TAKE buffer is not the receive buffer of Yield-IPC-Recv. */
	assert_int_equal(take(srv).a[1], 0);
	assert_null(env_check());
}

static void test_bad_async_calls_and_takes_are_refused(void **state)
{
	(void)state;
	uint32_t h = connect(cli);
	async_buffers(cli, "abc", 8);
	assert_int_equal(call_async(cli, 3, 0).a[1], ERR_INVAL);          /* never given */
	assert_int_equal(call_async(cli, 0x1234, 0).a[1], ERR_INVAL);
	assert_int_equal(call_async(cli, h, 4).a[1], ERR_INVAL);          /* more than allowed */
	assert_int_equal(call_async(cli, h, TICK_IPC_MAX_PAYLOAD + 1).a[1], ERR_INVAL);
	assert_int_equal(call_async(cli, h, TICK_IPC_HAS_DEADLINE).a[1], ERR_INVAL);
	assert_int_equal(call_async(cli, h, 0x10000).a[1], ERR_INVAL);    /* unknown flag */
	assert_int_equal(call_async(cli2, 0, 0).a[1], ERR_INVAL);         /* no grant */
	uint32_t self = with_name(srv, IPC_CMD_FIND, "echo").a[1];
	assert_int_equal(call_async(srv, self, 0).a[1], ERR_INVAL);       /* itself */
	assert_int_equal(env_command(cli, IPC, IPC_CMD_CALL_CANCEL, 0, 0).a[1], ERR_ALREADY);
	assert_int_equal(env_command(cli2, IPC, IPC_CMD_CALL_CANCEL, 0, 0).a[1], ERR_ALREADY);
	assert_int_equal(take(cli2).a[1], ERR_INVAL);                     /* no grant */
	/* One call at a time. */
	assert_int_equal(call_async(cli, h, 3).a[0], SYSRET_SUCCESS);
	assert_int_equal(call_async(cli, h, 3).a[1], ERR_BUSY);
	/* Nothing was queued for the refused calls. */
	assert_int_equal(cli->upcall_count, 0);
	assert_null(env_check());
}

/* CANCEL before the server took the call: it is never taken, and exactly one event (CANCEL)
 * follows. After it took it: its reply is dropped (no second event, the buffer untouched). */
static void test_cancel_leaves_no_late_reply(void **state)
{
	(void)state;
	uint32_t h = connect(cli);
	server_buffers("late", 16);
	async_buffers(cli, "x", 8);
	call_async(cli, h, 1);
	assert_int_equal(env_command(cli, IPC, IPC_CMD_CALL_CANCEL, 0, 0).a[0], SYSRET_SUCCESS);
	assert_int_equal(env_command(cli, IPC, IPC_CMD_CALL_CANCEL, 0, 0).a[1], ERR_ALREADY);
	assert_int_equal(event(cli, IPC_SUB_CALL_DONE).a[0], ERR_CANCEL);
	assert_int_equal(take(srv).a[1], 0);   /* withdrawn: not taken */
	/* Taken, then cancelled: the reply is dropped. */
	call_async(cli, h, 1);
	struct env_ret r = take(srv);
	uint32_t token = r.a[1];
	assert_int_not_equal(token, 0);
	assert_int_equal(env_command(cli, IPC, IPC_CMD_CALL_CANCEL, 0, 0).a[0], SYSRET_SUCCESS);
	memset(env_mem(at(cli, ARECV_AT)), '.', 4);
	assert_int_equal(env_command(srv, IPC, IPC_CMD_LEASE_INFO, token, 0).a[1], ERR_CANCEL);
	assert_int_equal(env_command(srv, IPC, IPC_CMD_REPLY, token, 4).a[0], SYSRET_SUCCESS);
	assert_int_equal(queued(cli, IPC_SUB_CALL_DONE), 1);   /* the CANCEL alone */
	assert_int_equal(event(cli, IPC_SUB_CALL_DONE).a[0], ERR_CANCEL);
	assert_memory_equal(env_mem(at(cli, ARECV_AT)), "....", 4);
	/* ... and the old token does not answer the next call. */
	call_async(cli, h, 1);
	r = take(srv);
	env_command(srv, IPC, IPC_CMD_REPLY, token, 4);
	assert_int_equal(queued(cli, IPC_SUB_CALL_DONE), 0);
	env_command(srv, IPC, IPC_CMD_REPLY, r.a[1], 4);
	assert_int_equal(event(cli, IPC_SUB_CALL_DONE).a[1], 4);
	/* The reply came before the cancel: ALREADY, and its event is the one queued. */
	call_async(cli, h, 1);
	r = take(srv);
	env_command(srv, IPC, IPC_CMD_REPLY, r.a[1], 4 | 5u << 16);
	assert_int_equal(env_command(cli, IPC, IPC_CMD_CALL_CANCEL, 0, 0).a[1], ERR_ALREADY);
	assert_int_equal(queued(cli, IPC_SUB_CALL_DONE), 1);
	assert_int_equal(event(cli, IPC_SUB_CALL_DONE).a[2], 5);
	assert_null(env_check());
}

/* The server ends with async calls taken and waiting: each gets PEER_DIED by event; the
 * client dies with its async call taken: the reply is dropped. */
static void test_dead_peers_end_async_calls(void **state)
{
	(void)state;
	uint32_t h = connect(cli), h2 = connect(cli2);
	server_buffers("r", 16);
	async_buffers(cli, NULL, 8);
	async_buffers(cli2, NULL, 8);
	call_async(cli, h, 0);
	uint32_t token = take(srv).a[1];
	call_async(cli2, h2, 0);
	process_force_fault(srv);
	struct env_ret r = event(cli, IPC_SUB_CALL_DONE);
	assert_int_equal(r.a[0], TICK_ERR_IPC_PEER_DIED);
	assert_int_equal(event(cli2, IPC_SUB_CALL_DONE).a[0], TICK_ERR_IPC_PEER_DIED);
	assert_int_equal(call_async(cli, h, 0).a[1], TICK_ERR_IPC_STALE);
	(void)token;
	/* The restarted server; the client dies with its call taken. */
	env_memop(srv, TICK_MEMOP_BRK, srv->mem_start + 0x800);
	h = connect(cli);
	server_buffers("r", 16);
	async_buffers(cli, NULL, 8);
	call_async(cli, h, 0);
	token = take(srv).a[1];
	process_terminate(cli, 0);
	assert_int_equal(env_command(srv, IPC, IPC_CMD_REPLY, token, 1).a[0], SYSRET_SUCCESS);
	process_boot(cli);
	env_memop(cli, TICK_MEMOP_BRK, cli->mem_start + 0x800);
	assert_int_equal(queued(cli, IPC_SUB_CALL_DONE), 0);
	assert_int_equal(env_command(cli, IPC, IPC_CMD_CALL_CANCEL, 0, 0).a[1], ERR_ALREADY);
	assert_null(env_check());
}

/* Leases work for async calls while the call is live, and end with it. */
static void test_leases_of_an_async_call(void **state)
{
	(void)state;
	uint32_t h = connect(cli);
	server_buffers(NULL, 16);
	async_buffers(cli, NULL, 8);
	memcpy(env_mem(at(cli, 0x700)), "lent", 4);
	env_allow(cli, SYS_ALLOW_RO, IPC, IPC_RO_LEASE2, at(cli, 0x700), 4);
	env_allow(srv, SYS_ALLOW_RW, IPC, IPC_RW_IDENTITY, at(srv, 0x600), 8);
	call_async(cli, h, TICK_IPC_LEASE(2));
	uint32_t token = take(srv).a[1];
	struct env_ret r = env_command(srv, IPC, IPC_CMD_LEASE_READ, token, 2);
	assert_int_equal(r.a[1], 4);
	assert_memory_equal(env_mem(at(srv, 0x600)), "lent", 4);
	env_command(srv, IPC, IPC_CMD_REPLY, token, 0);
	assert_int_equal(env_command(srv, IPC, IPC_CMD_LEASE_READ, token, 2).a[1], ERR_CANCEL);
	assert_null(env_check());
}

/* A process is an async client and a synchronous server at once: its own buffers for each. */
static void test_an_async_client_can_serve_meanwhile(void **state)
{
	(void)state;
	struct proc_opts o = { .ipc_services = "\x03" "mid", .ipc_services_len = 4 };
	struct process *mid = env_proc(3, &o);
	uint32_t h = connect(mid);
	server_buffers("END", 16);
	async_buffers(mid, "req", 8);
	call_async(mid, h, 3);
	/* mid serves cli synchronously while its own call is out. */
	with_name(mid, IPC_CMD_REGISTER, "mid");
	uint32_t hm = with_name(cli, IPC_CMD_FIND, "mid").a[1];
	env_allow(mid, SYS_ALLOW_RW, IPC, IPC_RW_RECV, at(mid, RECV_AT), 8);
	env_allow(cli, SYS_ALLOW_RW, IPC, IPC_RW_RECV, at(cli, RECV_AT), 8);
	env_yield(mid, YIELD_IPC_RECV, 0, 0, 0);
	env_yield(cli, YIELD_IPC_CALL, hm, 0, 0);
	assert_int_equal(regs(mid, 3), process_id(cli));
	uint32_t tm = regs(mid, 1);
	/* Meanwhile the server answers mid's async call: it lands in RW 4, not RW 0. */
	struct env_ret r = take(srv);
	assert_memory_equal(env_mem(at(srv, TAKE_AT)), "req", 3);
	memset(env_mem(at(mid, RECV_AT)), '.', 3);
	env_command(srv, IPC, IPC_CMD_REPLY, r.a[1], 3);
	assert_memory_equal(env_mem(at(mid, ARECV_AT)), "END", 3);
	assert_memory_equal(env_mem(at(mid, RECV_AT)), "...", 3);
	assert_int_equal(mid->state, PS_RUNNABLE);
	env_command(mid, IPC, IPC_CMD_REPLY, tm, 0);
	assert_int_equal(cli->state, PS_RUNNABLE);
	assert_int_equal(event(mid, IPC_SUB_CALL_DONE).a[1], 3);
	assert_null(env_check());
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_an_async_call_to_a_waiting_server, setup),
		cmocka_unit_test_setup(test_the_reply_ends_a_wait_any, setup),
		cmocka_unit_test_setup(test_take_serves_calls_without_blocking, setup),
		cmocka_unit_test_setup(test_bad_async_calls_and_takes_are_refused, setup),
		cmocka_unit_test_setup(test_cancel_leaves_no_late_reply, setup),
		cmocka_unit_test_setup(test_dead_peers_end_async_calls, setup),
		cmocka_unit_test_setup(test_leases_of_an_async_call, setup),
		cmocka_unit_test_setup(test_an_async_client_can_serve_meanwhile, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
