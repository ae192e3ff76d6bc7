/* Fuzzes syscall sequences from up to three fake processes against the real dispatch and capsules (IPC included), checking isolation invariants. */
/* sources: @kernel_env */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <tick/ipc_endpoint.h>
#include <tick/ipc_legacy.h>
#include "fakes/env.h"
#include "ipc/endpoint.h"
#include "fuzz_input.h"

/*
 * Input: one configuration byte (process count, RAM sizes, initial break, permissions, writeable
 * flash regions), then operations until the input ends. Each operation is an
 * opcode byte followed by the bytes its arguments consume (values run out as zeros):
 *   opcode & 7      : syscall class 0..7 (class 0 with bit 3 set: an invalid class instead)
 *   opcode & 0x30   : which process (modulo the count; events: bit 4 only)
 *   opcode >= 0xe0  : not a syscall but an event (time, UART, loop step, upcall, store)
 * Arguments are drawn mostly from interesting values (see value()): edges of the process's
 * RAM, break and flash, the other process's memory, the kernel area, driver numbers.
 * Tock's IPC driver (0x10000) and IPC endpoints (0xE0000, yields 0x101/0x102) are installed,
 * so processes discover, notify and share buffers, register the service "s" (every TBF
 * declares it; the name is one byte a process can write into its memory), find it and call
 * it, and declare, give and take back buffers (buffer transfer: value() yields process ids).
 * After every operation env_check() must hold (see tests/unit/fakes/env.h): among others,
 * every share and transferable buffer lies in its owner's live RAM, each process reaches
 * exactly its own memory less the buffers it gave away plus its shares and the buffers it
 * holds; and no IPC call may hang: a client blocked in a
 * call has a live service whose endpoint exists, and a call not yet taken is never left
 * behind by a server that waits for calls.
 */


static struct process *procs[3];
static unsigned nprocs;
static struct ipc_legacy ipc;
static struct ipc_endpoints endpoints;

/* The next process after p (p itself when it is alone). */
static struct process *other(struct process *p)
{
	for (unsigned i = 0; i < nprocs; i++)
		if (procs[i] == p)
			return procs[(i + 1) % nprocs];
	return procs[0];
}

static uint32_t value(struct in *in, struct process *p)
{
	static const uint32_t drivers[] = { ALARM_DRIVER_NUM, CONSOLE_DRIVER_NUM, LLDB_DRIVER_NUM,
					    TEST_DRIVER_NUM, NOGRANT_DRIVER_NUM, 2, 15, 16, 0x10000,
					    TICK_DRIVER_IPC };
	static const uint32_t specials[] = { 0, 1, 2, 3, 4, 8, 0x100, 0x101, 0x1ff, 0x7fffffff,
					     0x80000000u, 0xfffffffcu, 0xfffffffeu, 0xffffffffu };
	struct process *o = other(p);
	uint8_t sel = u8(in);
	uint32_t small = u8(in);
	int32_t delta = (int8_t)small;
	switch (sel % 17) {
	case 0: return small;
	case 1: return drivers[small % (sizeof drivers / sizeof drivers[0])];
	case 2: return p->mem_start + 4 * small;
	case 3: return p->app_brk + (uint32_t)delta;
	case 4: return p->kernel_brk + (uint32_t)delta;
	case 5: return p->mem_end + (uint32_t)delta;
	case 6: return p->app_start + 4 * small;
	case 7: return p->flash_end + (uint32_t)delta;
	case 8: return p->flash_start + small;
	case 9: return (small & 1 ? o->mem_start : o->app_start) + 4 * (small >> 1);
	case 10: return env.kernel_area + 4 * small;
	case 11: return specials[small % (sizeof specials / sizeof specials[0])];
	case 12: return (p->app_brk - p->mem_start) + (uint32_t)delta;   /* lengths */
	case 13: return env_fn(p, small);
	case 14: return (uint32_t)fake_time.now + (uint32_t)delta * 16;
	case 15: return process_id(small & 1 ? o : p);   /* IPC peers (NOTIFY_CLIENT, XFER_GIVE) */
	default: return u32(in);
	}
}

/* NULL if no IPC call can hang, else why one can. */
static const char *ipc_check(void)
{
	static char msg[160];
	for (unsigned i = 0; i < nprocs; i++) {
		struct process *c = procs[i];
		/* A live async call (CALL_ASYNC) has a live service, and is taken at once by one
		 * that waits for calls: otherwise its event could never come. */
		struct ipc_area *as = process_alive(c) ? ipc_area(c) : NULL;
		if (as && (as->g.state & CALL_ASYNC)) {
			struct endpoint *e = &ipc_endpoints[as->g.ep];
			if (!e->name || !process_alive(e->owner)) {
				snprintf(msg, sizeof msg, "process %u's async call is live on a service that ended", c->index);
				return msg;
			}
			if (CALL_STAGE(as->g.state) == CALL_SENT && ipc_blocked_in(e->owner, YIELD_IPC_RECV)) {
				snprintf(msg, sizeof msg, "process %u's async call waits while its server %u waits for calls",
					 c->index, e->owner->index);
				return msg;
			}
		}
		if (!process_alive(c) || !ipc_blocked_in(c, YIELD_IPC_CALL))
			continue;
		struct ipc_area *a = ipc_area(c);
		struct endpoint *e = a ? &ipc_endpoints[a->g.ep] : NULL;
		if (!a || a->g.state == CALL_IDLE || !e->name || !process_alive(e->owner)) {
			snprintf(msg, sizeof msg, "process %u waits in a call nobody can answer", c->index);
			return msg;
		}
		if (a->g.state == CALL_SENT && ipc_blocked_in(e->owner, YIELD_IPC_RECV)) {
			snprintf(msg, sizeof msg, "process %u's call waits while its server %u waits for calls",
				 c->index, e->owner->index);
			return msg;
		}
	}
	return NULL;
}

static void check(const char *what)
{
	const char *m = env_check();
	if (!m)
		m = ipc_check();
	if (m) {
		fprintf(stderr, "fuzz_syscalls: invariant broken after %s: %s\n", what, m);
		abort();
	}
}

static bool running(const struct process *p)
{
	return p->state == PS_RUNNABLE && !p->stopped;
}

static void event(struct in *in, uint8_t op, struct process *p)
{
	switch (op & 7) {
	case 0:
		env_advance(u16(in));
		break;
	case 1: {
		char b = (char)u8(in);
		fake_uart_receive(&b, 1);
		break;
	}
	case 2:
		fake_uart.auto_complete = !fake_uart.auto_complete;
		break;
	case 3:
		if (u8(in) & 1)
			fake_uart_complete();
		env_run();
		break;
	case 4:
		env_step();
		break;
	case 5: {   /* the test driver reports an event */
		uint8_t n = u8(in);
		upcall_schedule(p, &env.test_driver, n % 5, u8(in), u8(in), 0);
		break;
	}
	case 6: {   /* the process writes its own memory (e.g. a WaitAny list) */
		uint32_t at = p->mem_start + 4 * u8(in);
		uint32_t v = value(in, p);
		if (running(p) && at + 4 <= p->app_brk)
			memcpy(env_mem(at), &v, 4);
		break;
	}
	default:
		switch (u8(in) % 4) {
		case 0: process_stop(p); break;
		case 1: process_resume(p); break;
		case 2: process_force_fault(p); break;
		default: process_boot(p); break;
		}
		break;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct in in = { data, size };
	static const uint32_t rams[] = { 0x2000, 0x400, 0x1000, 0x4000 };
	/* Process 0 may carry a Permissions TLV (test driver commands 1-3 and the console only)
	 * and writeable flash regions. */
	static const uint32_t perms[] = { TEST_DRIVER_NUM, 0, 0xe, CONSOLE_DRIVER_NUM, 0, 0xf };
	static const uint32_t wfr[] = { 0x100, 0x40, 0x3f0, 0x10 };
	uint8_t cfg = u8(&in);
	env_init();
	ipc_legacy_init(&ipc, GRANT_TEST + 1);
	env_add_driver(&ipc.driver);
	ipc_endpoints_init(&endpoints, GRANT_TEST + 2);
	env_add_driver(&endpoints.driver);
	nprocs = 1 + 2 * (cfg & 1);
	for (unsigned i = 0; i < nprocs; i++) {
		struct proc_opts o = { .ram = rams[i < 2 ? (cfg >> (1 + 2 * i)) & 3 : 0],
				       .brk = cfg & 0x20 ? ~0u : 0x100,
				       .ipc_services = "\x01" "s", .ipc_services_len = 2 };
		if (i == 0 && (cfg & 0x40)) {
			o.perms = perms;
			o.perm_count = 2;
		}
		if (i == 0 && (cfg & 0x80)) {
			o.wfr = wfr;
			o.wfr_count = 2;
		}
		procs[i] = env_proc(i * 3, &o);   /* slots 0, 3, 6: not neighbours in the arena */
	}
	check("boot");
	for (unsigned steps = 0; in.n && steps < 400; steps++) {
		uint8_t op = u8(&in);
		struct process *p = procs[(op >= 0xe0 ? (op >> 4) & 1 : (op >> 4) & 3) % nprocs];
		if (op >= 0xe0) {
			event(&in, op, p);
			check("an event");
			continue;
		}
		uint32_t cls = op & 7;
		if (cls == 0 && (op & 8))
			cls = 8 + (op & 0x20);
		uint32_t a[4];
		for (unsigned i = 0; i < 4; i++)
			a[i] = value(&in, p);
		if (cls == SYS_YIELD)
			a[0] = (uint32_t[]){ 0, 1, 2, 0x100, 3, 0x101, 0x102, 0x103 }[a[0] % 8];
		if (!running(p)) {
			env_step();   /* it cannot make a call now; let the kernel loop move on */
			check("a loop step");
			continue;
		}
		/* No deferred work in between: on the fast path a process can make any number of
		 * calls before the kernel loop runs again. */
		env_syscall(p, cls, a[0], a[1], a[2], a[3]);
		check("a syscall");
	}
	fake_uart.auto_complete = true;
	env_run();
	check("the end");
	return 0;
}
