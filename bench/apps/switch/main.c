/* Benchmark app: switch between two isolated processes. Built twice, ROLE 0 and ROLE 1, into
 * two slots; each process is woken by its own alarm, so the two block and wake alternately.
 *
 * Schedule (alarm ticks, absolute): process ROLE wakes at T0 + (2k + ROLE) * P, k = 0..R-1.
 * After waking at round k-1 a process arms its round-k alarm, spins until the other process's
 * alarm has fired (and the kernel has made that process runnable), reads instret and blocks
 * in Yield-WaitFor(alarm) in the same asm block. The kernel then switches to the other
 * process (scheduler pick, timeslice re-arm, PMP reprogramming, register restore), which
 * reads instret as the first thing after its own Yield-WaitFor returns. Each process prints
 * its (block, resume) stamps; bench.py pairs one process's block with the other's resume:
 * switch = resume(other) - block(self) - (cost of back-to-back instret reads). No upcall
 * function runs, and nothing else is ready, so the interval is exactly one blocking switch. */
#include "bench.h"

#ifndef ROLE
#error "build with -DROLE=0 or -DROLE=1"
#endif

#define T0 50000u   /* first wake-up: 5 ms, long after boot (idle time costs nothing) */
#define P 100u      /* ticks between consecutive wake-ups (10,000 instructions) */
#define M 40u       /* margin after the other's expiry: its interrupt has been serviced */
#define R 21u       /* rounds per process */

static uint32_t blocked[R], resumed[R];

int main(void)
{
	uint32_t cal = 0xffffffffu;
	for (int i = 0; i < 8; i++) {
		uint32_t a, b;
		__asm__ volatile("csrr %0, instret\n csrr %1, instret" : "=&r"(a), "=&r"(b));
		if (b - a < cal)
			cal = b - a;
	}
	uint32_t errors = 0;
	if ((int32_t)(command(TICK_DRIVER_ALARM, 2, 0, 0).r1 - (T0 - 1000u)) >= 0)
		errors |= 1;   /* booted too late for the schedule */

	for (uint32_t k = 0; k < R; k++) {
		uint32_t wake = T0 + (2u * k + ROLE) * P;
		if (command(TICK_DRIVER_ALARM, 6, wake, 0).r0 != 129)
			errors |= 2;
		if (k > 0)
			while ((int32_t)(rd_time() - (wake - P + M)) < 0)
				;
		uint32_t tb, tr;
		register uint32_t a0 __asm__("a0");
		register uint32_t a1 __asm__("a1");
		register uint32_t a2 __asm__("a2");
		register uint32_t a3 __asm__("a3");
		register uint32_t a4 __asm__("a4");
		__asm__ volatile("csrr %[tb], instret\n"
				 "li a0, 2\n li a1, 0\n li a2, 0\n li a4, 0\n"
				 "ecall\n"
				 "csrr %[tr], instret\n"
				 : [tb] "=&r"(tb), [tr] "=&r"(tr), "=r"(a0), "=r"(a1), "=r"(a2),
				   "=r"(a3), "=r"(a4)
				 :
				 : "memory");
		blocked[k] = tb;
		resumed[k] = tr;
		if (k > 0 && (int32_t)(rd_time() - (wake + P)) >= 0)
			errors |= 4;   /* fell behind the schedule */
	}
	uint32_t head[3] = { ROLE, cal, errors };
	bench_print("switch_info", head, 3);
	for (uint32_t k = 0; k < R; k++) {
		uint32_t v[4] = { ROLE, k, blocked[k], resumed[k] };
		bench_print("switch", v, 4);
	}
	return 0;
}
