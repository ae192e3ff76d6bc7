/* Benchmark app: the costs of IPC buffer transfer and leases (docs/ipc.md), between two isolated processes. Built twice: ROLE 0 the server, ROLE 1 the client.
 *
 * The server registers "bench.ipc" and takes calls in a Yield-IPC-Recv loop. The client's one
 * call lends a 1 KiB read-only lease: the server measures LEASE_READ of 1 KiB and of 0 bytes
 * (the kernel's copy per byte) and a plain word copy of 1 KiB in its own memory, answers, and
 * from then on gives every buffer it receives straight back; the client measures giving a
 * 256-byte buffer and waiting until it is back (the handoff round trip), best of ROUNDS minus
 * two back-to-back instret reads. Handing over the buffer of XFER_QUIT_LEN bytes ends the
 * server, so that the run ends by itself. (A pair of its own: bench/apps/ipc, which measures
 * the round trips, stays as it is.) */
#include "bench.h"

#ifndef ROLE
#error "build with -DROLE=0 (server) or -DROLE=1 (client)"
#endif

#define ROUNDS 200
#define QUIT_LEN 1u
#define LEASE_LEN 1024u
#define XFER_LEN 256u
#define XFER_QUIT_LEN 64u
enum { CMD_LEASE_INFO = 6, CMD_LEASE_READ = 7, CMD_XFER_DECLARE = 12, CMD_XFER_GIVE = 13, SUB_TRANSFER = 2,
       RW_IDENTITY = 1, RO_LEASE2 = 2 };

enum { RO_NAME = 0, RO_SEND = 1, RW_RECV = 0, CMD_REGISTER = 1, CMD_FIND = 2, SUB_REGISTERED = 0 };

static const char name[] = "bench.ipc";
static uint8_t send_buf[64] __attribute__((aligned(4))), recv_buf[64] __attribute__((aligned(4)));

static void buffers(void)
{
	syscall4(4, TICK_DRIVER_IPC, RO_SEND, (uint32_t)(uintptr_t)send_buf, sizeof send_buf);
	syscall4(3, TICK_DRIVER_IPC, RW_RECV, (uint32_t)(uintptr_t)recv_buf, sizeof recv_buf);
	syscall4(4, TICK_DRIVER_IPC, RO_NAME, (uint32_t)(uintptr_t)name, sizeof name - 1);
}

#if ROLE == 0
static uint32_t big[LEASE_LEN / 4], big2[LEASE_LEN / 4];   /* the lease's copy, the plain copy's destination */

/* One LEASE_READ of lease 2 into RW allow 1 (as long as it is) between two instret reads. */
static uint32_t lease_read(uint32_t token)
{
	uint32_t t0 = rd_instret();
	struct sysret4 r = command(TICK_DRIVER_IPC, CMD_LEASE_READ, token, 2);
	uint32_t t1 = rd_instret();
	return r.r0 == 129 ? t1 - t0 : 0xffffffffu;
}

/* What a process pays for the same bytes in its own memory: a word-by-word copy. */
static __attribute__((noinline)) void copy_words(uint32_t *d, const uint32_t *s, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		d[i] = s[i];
}

/* The call carries a 1 KiB lease: the kernel's copy per byte against the process's own. */
static __attribute__((noinline)) void lease_and_copy(uint32_t token)
{
	uint32_t full = 0xffffffffu, empty = 0xffffffffu, plain = 0xffffffffu, plain0 = 0xffffffffu;
	for (int i = 0; i < 20; i++) {
		syscall4(3, TICK_DRIVER_IPC, RW_IDENTITY, (uint32_t)(uintptr_t)big, LEASE_LEN);
		uint32_t v = lease_read(token);
		full = v < full ? v : full;
		syscall4(3, TICK_DRIVER_IPC, RW_IDENTITY, (uint32_t)(uintptr_t)big, 0);
		v = lease_read(token);
		empty = v < empty ? v : empty;
		uint32_t t0 = rd_instret();
		copy_words(big2, big, LEASE_LEN / 4);
		uint32_t t1 = rd_instret();
		plain = t1 - t0 < plain ? t1 - t0 : plain;
		t0 = rd_instret();
		copy_words(big2, big, 0);
		t1 = rd_instret();
		plain0 = t1 - t0 < plain0 ? t1 - t0 : plain0;
	}
	uint32_t ok = big[LEASE_LEN / 4 - 1] == LEASE_LEN / 4 - 1;   /* the lease's last word arrived */
	uint32_t out[6] = { full, empty, plain, plain0, LEASE_LEN, ok };
	bench_print("ipc_lease_copy", out, 6);
}

/* Every buffer that comes is given straight back to its giver, until the quit buffer. */
static __attribute__((noinline)) int transfers(uint32_t token)
{
	lease_and_copy(token);
	command(TICK_DRIVER_IPC, 3, token, 0);
	for (;;) {
		struct sysret4 e = yield3(2, TICK_DRIVER_IPC, SUB_TRANSFER);   /* Yield-WaitFor */
		command(TICK_DRIVER_IPC, CMD_XFER_GIVE, e.r2, e.r0);
		if (e.r1 == XFER_QUIT_LEN)
			return 0;
	}
}

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
	/* A quit call that lends a lease asks for the transfer benchmarks first (the loop above
	 * stays exactly the round trip's). */
	if (command(TICK_DRIVER_IPC, CMD_LEASE_INFO, token, 2).r0 == 130)
		return transfers(token);
	/* Answer the last call without waiting for another, then end. */
	command(TICK_DRIVER_IPC, 3, token, QUIT_LEN);
	return 0;
}
#else
static uint32_t big[LEASE_LEN / 4];   /* the lease */

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

/* Give the buffer, wait until it is back: the handoff round trip, best of ROUNDS. */
static void handoff(uint32_t handle, uint32_t cal)
{
	static uint8_t xbuf[XFER_LEN] __attribute__((aligned(4)));
	static uint8_t quit[XFER_QUIT_LEN] __attribute__((aligned(4)));
	uint32_t best = UINT32_MAX, errors = 0;
	if (command(TICK_DRIVER_IPC, CMD_XFER_DECLARE, (uint32_t)(uintptr_t)xbuf, XFER_LEN).r0 != 128 ||
	    command(TICK_DRIVER_IPC, CMD_XFER_DECLARE, (uint32_t)(uintptr_t)quit, XFER_QUIT_LEN).r0 != 128)
		errors++;
	for (int i = 0; i < ROUNDS; i++) {
		uint32_t t0 = rd_instret();
		struct sysret4 g = command(TICK_DRIVER_IPC, CMD_XFER_GIVE, handle, (uint32_t)(uintptr_t)xbuf);
		struct sysret4 e = yield3(2, TICK_DRIVER_IPC, SUB_TRANSFER);
		uint32_t t1 = rd_instret();
		if (g.r0 != 128 || e.r0 != (uint32_t)(uintptr_t)xbuf)
			errors++;
		else if (t1 - t0 < best)
			best = t1 - t0;
	}
	xbuf[0] = 1;   /* ours again: writable */
	uint32_t out[4] = { best, cal, ROUNDS, errors };
	bench_print("ipc_handoff", out, 4);
	command(TICK_DRIVER_IPC, CMD_XFER_GIVE, handle, (uint32_t)(uintptr_t)quit);
	yield3(2, TICK_DRIVER_IPC, SUB_TRANSFER);
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
	uint32_t status;
	/* The lease: 1 KiB of numbered words, lent read-only (lease 2) with the mode switch. */
	for (unsigned i = 0; i < LEASE_LEN / 4; i++)
		big[i] = i;
	syscall4(4, TICK_DRIVER_IPC, RO_LEASE2, (uint32_t)(uintptr_t)big, LEASE_LEN);
	round_trip(handle, QUIT_LEN | 0x400u << 2, &status);
	handoff(handle, cal);
	return 0;
}
#endif
