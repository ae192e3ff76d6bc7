/* Benchmark app for Arm: the switch between two isolated processes, built twice (ROLE 0 and 1,
 * apps bench_cm_switch_a/_b). The protocol is rv32's (docs/benchmarks.md): process ROLE wakes at
 * alarm tick T0 + (2k + ROLE) * P; after waking it arms its next alarm, spins until the other
 * process's alarm has fired, then reads the counter and blocks in Yield-WaitFor(alarm) at once;
 * the kernel switches to the other process, whose first action after its own Yield-WaitFor is a
 * counter read. Without an instruction counter (QEMU's M profile has none a process can read)
 * the stamps are alarm ticks, 40 instructions each, and every stamp is a command-2 read, so a
 * sample is resume(other) - block(self) in ticks and bench/cortexm.py reports the mean * 40
 * minus one whole counter read (the tail of the first read plus the head of the second). A delay
 * of 3d instructions (d = k mod 40) before each block spreads the block's phase in its tick. */
#include <stdint.h>
#include <stdio.h>
#include <tick/syscall.h>

#ifndef ROLE
#error "build with -DROLE=0 or -DROLE=1"
#endif

#define T0 250000u   /* first wake-up: 10 ms, long after boot (idle time costs nothing) */
#define P 250u       /* ticks between consecutive wake-ups (10,000 instructions) */
#define M 100u       /* margin after the other's expiry: its interrupt has been serviced */
#define R 81u        /* rounds per process */

static uint32_t blocked[R], resumed[R];

static inline uint32_t now(void) { return tick_command(TICK_DRIVER_ALARM, 2, 0, 0).r1; }

int main(void) {
  uint32_t errors = 0;
  if ((int32_t)(now() - (T0 - 25000u)) >= 0) errors |= 1;   /* booted too late */
  for (uint32_t k = 0; k < R; k++) {
    uint32_t wake = T0 + (2u * k + ROLE) * P;
    if (tick_command(TICK_DRIVER_ALARM, 6, wake, 0).variant != TICK_SUCCESS_U32) errors |= 2;
    if (k > 0)
      while ((int32_t)(now() - (wake - P + M)) < 0)
        ;
    uint32_t d = k % 40u;
    __asm__ volatile("1: cbz %0, 2f\n subs %0, %0, #1\n b 1b\n 2:" : "+r"(d) : : "cc");
    uint32_t tb = now();
    register uint32_t r0 __asm__("r0") = 2;   /* Yield-WaitFor(alarm 0, subscribe 0) */
    register uint32_t r1 __asm__("r1") = TICK_DRIVER_ALARM;
    register uint32_t r2 __asm__("r2") = 0;
    __asm__ volatile("svc 0" : "+r"(r0), "+r"(r1), "+r"(r2) : : "r3", "r12", "lr", "cc", "memory");
    uint32_t tr = now();
    blocked[k] = tb;
    resumed[k] = tr;
    if (k > 0 && (int32_t)(now() - (wake + P)) >= 0) errors |= 4;   /* fell behind */
  }
  printf("BENCH switch_info %u %lu\n", ROLE, (unsigned long)errors);
  for (uint32_t k = 0; k < R; k++)
    printf("BENCH switch %u %lu %lu %lu\n", ROLE, (unsigned long)k, (unsigned long)blocked[k],
           (unsigned long)resumed[k]);
  return 0;
}
