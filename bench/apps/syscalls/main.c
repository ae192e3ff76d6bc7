/* Benchmark app: system call fast paths, alarm expiry -> upcall latency, boot -> first app
 * instruction. Prints "BENCH <key> <numbers>" lines; bench/bench.py turns them into figures.
 *
 * Per-call costs: a batch of N calls between two instret reads, minus an empty batch of the
 * same loop (addi + bnez per iteration), best of BATCHES batches each. Every call sequence
 * loads the argument registers the call defines and a4, then ecall, as libtock-c's wrappers do. */
#include "bench.h"

#define N 50
#define BATCHES 20

static uint8_t buf[16];

/* One batch: instret before and after N iterations of `body` (registers a0-a4 free). */
#define BATCH(fn, body, ...)                                                              \
	static uint32_t fn(uint32_t p)                                                    \
	{                                                                                 \
		uint32_t t0, t1, n = N;                                                   \
		__asm__ volatile("csrr %0, instret\n"                                      \
				 "1:\n" body "addi %2, %2, -1\n"                           \
				 "bnez %2, 1b\n"                                           \
				 "csrr %1, instret\n"                                      \
				 : "=&r"(t0), "=&r"(t1), "+r"(n)                           \
				 : "r"(p)                                                  \
				 : "a0", "a1", "a2", "a3", "a4", "memory");                \
		return t1 - t0;                                                           \
	}

BATCH(batch_empty, "")
/* command(8 low-level debug, 0 exists, 0, 0) */
BATCH(batch_command, "li a0, 8\n li a1, 0\n li a2, 0\n li a3, 0\n li a4, 2\n ecall\n")
/* memop(2 memory start) */
BATCH(batch_memop, "li a0, 2\n li a1, 0\n li a4, 5\n ecall\n")
/* yield-no-wait, no result flag (nothing is queued) */
BATCH(batch_yield, "li a0, 0\n li a1, 0\n li a4, 0\n ecall\n")
/* subscribe(alarm 0, upcall 0, fn = p, appdata 0) */
BATCH(batch_subscribe, "li a0, 0\n li a1, 0\n mv a2, %3\n li a3, 0\n li a4, 1\n ecall\n")
/* read-write allow(console 1, slot 1, p, 16) */
BATCH(batch_allow_rw, "li a0, 1\n li a1, 1\n mv a2, %3\n li a3, 16\n li a4, 3\n ecall\n")
/* read-only allow(console 1, slot 1, p, 16) */
BATCH(batch_allow_ro, "li a0, 1\n li a1, 1\n mv a2, %3\n li a3, 16\n li a4, 4\n ecall\n")

static uint32_t best(uint32_t (*fn)(uint32_t), uint32_t p)
{
	uint32_t m = UINT32_MAX;
	for (int b = 0; b < BATCHES; b++) {
		uint32_t v = fn(p);
		if (v < m)
			m = v;
	}
	return m;
}

static void report(const char *key, uint32_t (*fn)(uint32_t), uint32_t p, uint32_t empty)
{
	uint32_t v[3] = { best(fn, p), empty, N };
	bench_print(key, v, 3);
}

/* Alarm expiry at absolute tick T -> first instruction of the upcall, for 100 write phases:
 * the delay loop (3 instructions per turn, coprime with 100) shifts the moment the kernel
 * writes mtimecmp, which QEMU rounds up to the next 100-instruction tick boundary. The delay
 * is computed from instret, so that sample k's alarm command starts at instret = k + c (mod
 * 100), c a constant of this code: the 100 samples hit every phase exactly once, whatever
 * boot and the earlier samples took. (A fixed delay of 3k did not: each sample's phase then
 * depended on the previous sample's latency, so the phases covered depended on the kernel's
 * code layout, and the minimum moved by a few instructions with unrelated changes.) */
static void alarm_latency(void)
{
	uint32_t lats[100];   /* every sample, for the distribution (bench.py); on the stack, so
			       * that the app's boot and relocation figures do not change */
	uint32_t min = UINT32_MAX, max = 0, sum = 0, samples = 0, errors = 0;
	struct sysret4 r = syscall4(1, TICK_DRIVER_ALARM, 0, (uint32_t)(uintptr_t)bench_upcall_stamp, 0);
	if (r.r0 != 130)
		errors++;
	for (uint32_t k = 0; k < 100; k++) {
		uint32_t now = command(TICK_DRIVER_ALARM, 2, 0, 0).r1;
		uint32_t t = now + 40;
		uint32_t i;
		__asm__ volatile("csrr %0, instret" : "=r"(i));
		/* Branch-free, so the instructions from here to the loop are a constant; 67 is the
		 * inverse of 3 modulo 100. */
		uint32_t d = ((k + 100u - i % 100u) * 67u) % 100u;
		__asm__ volatile("1: beqz %0, 2f\n addi %0, %0, -1\n j 1b\n 2:" : "+r"(d));
		bench_upcall_instret = 0;
		r = command(TICK_DRIVER_ALARM, 6, t, 0);   /* absolute: reference t, dt 0 */
		if (r.r0 != 129) {
			errors++;
			continue;
		}
		while (bench_upcall_instret == 0)
			yield3(1, 0, 0);            /* Yield-Wait: the upcall runs inside */
		uint32_t lat = bench_upcall_instret - 100u * t;
		if (lat < min)
			min = lat;
		if (lat > max)
			max = lat;
		sum += lat;
		lats[samples++] = lat;
	}
	syscall4(1, TICK_DRIVER_ALARM, 0, 0, 0);
	uint32_t v[5] = { min, max, samples ? sum / samples : 0, samples, errors };
	bench_print("alarm_to_upcall", v, 5);
	for (uint32_t j = 0; j < samples; j += 10)
		bench_print("alarm_samples", lats + j, samples - j < 10 ? samples - j : 10);
}

int main(void)
{
	uint32_t boot = bench_boot_instret;
	uint32_t empty = best(batch_empty, 0);

	/* Check that instret and mtime agree (icount shift=0: one tick = 100 instructions). */
	uint32_t i0 = rd_instret(), t0 = rd_time();
	uint32_t cal[3] = { i0, t0, rd_instret() - i0 };

	report("null_command", batch_command, 0, empty);
	report("memop", batch_memop, 0, empty);
	report("yield_no_wait", batch_yield, 0, empty);
	report("subscribe", batch_subscribe, (uint32_t)(uintptr_t)bench_upcall_stamp, empty);
	report("allow_rw", batch_allow_rw, (uint32_t)(uintptr_t)buf, empty);
	syscall4(3, TICK_DRIVER_CONSOLE, 1, 0, 0);
	report("allow_ro", batch_allow_ro, (uint32_t)(uintptr_t)buf, empty);
	syscall4(4, TICK_DRIVER_CONSOLE, 1, 0, 0);
	syscall4(1, TICK_DRIVER_ALARM, 0, 0, 0);

	alarm_latency();

	uint32_t b[1] = { boot };
	bench_print("boot_to_first_app", b, 1);
	/* The process's RAM block: with the TBF's minimum RAM this gives the kernel-owned area. */
	uint32_t mem[2] = { syscall4(5, 2, 0, 0, 0).r1, syscall4(5, 3, 0, 0, 0).r1 };
	bench_print("memory", mem, 2);
	bench_print("clock", cal, 3);
	return 0;
}
