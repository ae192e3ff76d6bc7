/* Benchmark app: IPC round trip between two isolated processes (Yield-IPC-Call / Yield-IPC-Recv, docs/ipc.md). Built twice: ROLE 0 the server, ROLE 1 the client.
 *
 * The server registers "bench.ipc" and answers every call with a reply as long as the
 * request, in one Yield-IPC-Recv per call (reply to the last, wait for the next). The client
 * reads instret, calls, reads instret again: one round trip = client trap, the kernel's
 * hand-off to the server (direct switch), the server's loop, its trap, the hand-off back.
 * Best of ROUNDS, minus the cost of two back-to-back instret reads. A call of 1 byte ends the
 * server, so that the run ends by itself. */
#include "bench.h"

#ifndef ROLE
#error "build with -DROLE=0 (server) or -DROLE=1 (client)"
#endif

#define ROUNDS 200
#define QUIT_LEN 1u

enum { RO_NAME = 0, RO_SEND = 1, RW_RECV = 0, CMD_REGISTER = 1, CMD_FIND = 2, SUB_REGISTERED = 0,
       CMD_CALL_ASYNC = 15, SUB_CALL_DONE = 3 };

static const char name[] = "bench.ipc";
static uint8_t send_buf[64] __attribute__((aligned(4))), recv_buf[64] __attribute__((aligned(4)));

static void buffers(void)
{
	syscall4(4, TICK_DRIVER_IPC, RO_SEND, (uint32_t)(uintptr_t)send_buf, sizeof send_buf);
	syscall4(3, TICK_DRIVER_IPC, RW_RECV, (uint32_t)(uintptr_t)recv_buf, sizeof recv_buf);
	syscall4(4, TICK_DRIVER_IPC, RO_NAME, (uint32_t)(uintptr_t)name, sizeof name - 1);
}

#if ROLE == 0
int main(void)
{
	buffers();
	if (command(TICK_DRIVER_IPC, CMD_REGISTER, 0, 0).r0 != 129)
		lldb_print(0xdead0101);
	uint32_t token = 0, len = 0;
	for (;;) {
		register uint32_t a0 __asm__("a0") = TICK_YIELD_IPC_RECV;
		register uint32_t a1 __asm__("a1") = token;
		register uint32_t a2 __asm__("a2") = len;
		register uint32_t a3 __asm__("a3") = 0;
		register uint32_t a4 __asm__("a4") = 0;
		__asm__ volatile("ecall" : "+r"(a0), "+r"(a1), "+r"(a2), "+r"(a3) : "r"(a4) : "memory");
		if (a0 != TICK_IPC_OK) {
			lldb_print(0xdead0102);
			return 1;
		}
		token = a1;
		len = a2;
		if (len == QUIT_LEN)
			break;
	}
	/* Answer the last call without waiting for another, then end. */
	command(TICK_DRIVER_IPC, 3, token, QUIT_LEN);
	return 0;
}
#else
/* One call of len bytes between two instret reads. */
static uint32_t round_trip(uint32_t handle, uint32_t len, uint32_t *status)
{
	uint32_t t0, t1;
	register uint32_t a0 __asm__("a0");
	register uint32_t a1 __asm__("a1");
	register uint32_t a2 __asm__("a2");
	register uint32_t a3 __asm__("a3");
	register uint32_t a4 __asm__("a4");
	__asm__ volatile("csrr %[t0], instret\n"
			 "li a0, %[yield]\n mv a1, %[h]\n mv a2, %[len]\n li a3, 0\n li a4, 0\n"
			 "ecall\n"
			 "csrr %[t1], instret\n"
			 : [t0] "=&r"(t0), [t1] "=&r"(t1), "=r"(a0), "=r"(a1), "=r"(a2), "=r"(a3), "=r"(a4)
			 : [yield] "i"(TICK_YIELD_IPC_CALL), [h] "r"(handle), [len] "r"(len)
			 : "memory");
	*status = a0;
	return t1 - t0;
}

/* One call without waiting (docs/ipc.md): CALL_ASYNC of 0 bytes, then Yield-WaitFor its end
 * event (the server, taking it at once, runs when the client waits; its reply is the event),
 * between two instret reads. */
static uint32_t async_round_trip(uint32_t handle, uint32_t *status)
{
	uint32_t t0, t1;
	register uint32_t a0 __asm__("a0");
	register uint32_t a1 __asm__("a1");
	register uint32_t a2 __asm__("a2");
	register uint32_t a3 __asm__("a3");
	register uint32_t a4 __asm__("a4");
	__asm__ volatile("csrr %[t0], instret\n"
			 "li a0, %[drv]\n li a1, %[cmd]\n mv a2, %[h]\n li a3, 0\n li a4, 2\n"
			 "ecall\n"
			 "li a0, 2\n li a1, %[drv]\n li a2, %[sub]\n li a4, 0\n"
			 "ecall\n"
			 "csrr %[t1], instret\n"
			 : [t0] "=&r"(t0), [t1] "=&r"(t1), "=&r"(a0), "=&r"(a1), "=&r"(a2), "=&r"(a3), "=&r"(a4)
			 : [drv] "i"(TICK_DRIVER_IPC), [cmd] "i"(CMD_CALL_ASYNC), [sub] "i"(SUB_CALL_DONE),
			   [h] "r"(handle)
			 : "memory");
	*status = a0 == 0 ? TICK_IPC_OK : a0;   /* the event's status */
	return t1 - t0;
}

static __attribute__((noinline)) void measure(const char *key, uint32_t handle, uint32_t len, uint32_t cal)
{
	uint32_t best = UINT32_MAX, errors = 0, status;
	for (int i = 0; i < ROUNDS; i++) {
		uint32_t v = round_trip(handle, len, &status);
		if (status != TICK_IPC_OK)
			errors++;
		else if (v < best)
			best = v;
	}
	uint32_t out[4] = { best, cal, ROUNDS, errors };
	bench_print(key, out, 4);
}

static __attribute__((noinline)) void measure_async(const char *key, uint32_t handle, uint32_t cal)
{
	uint32_t best = UINT32_MAX, errors = 0, status;
	for (int i = 0; i < ROUNDS; i++) {
		uint32_t v = async_round_trip(handle, &status);
		if (status != TICK_IPC_OK)
			errors++;
		else if (v < best)
			best = v;
	}
	uint32_t out[4] = { best, cal, ROUNDS, errors };
	bench_print(key, out, 4);
}

int main(void)
{
	uint32_t cal = 0xffffffffu;
	for (int i = 0; i < 8; i++) {
		uint32_t a, b;
		__asm__ volatile("csrr %0, instret\n csrr %1, instret" : "=&r"(a), "=&r"(b));
		if (b - a < cal)
			cal = b - a;
	}
	buffers();
	struct sysret4 r;
	while ((r = command(TICK_DRIVER_IPC, CMD_FIND, 0, 0)).r0 != 129)
		yield3(2, TICK_DRIVER_IPC, SUB_REGISTERED);   /* until the server registers */
	uint32_t handle = r.r1;
	for (unsigned i = 0; i < sizeof send_buf; i++)
		send_buf[i] = (uint8_t)i;
	measure("ipc_round_trip", handle, 0, cal);
	measure("ipc_round_trip_64", handle, 64, cal);
	measure_async("ipc_async_round_trip", handle, cal);
	uint32_t status;
	round_trip(handle, QUIT_LEN, &status);
	return 0;
}
#endif
