/* Benchmark app for Arm: means of the system call fast paths and the alarm -> upcall latency,
 * timed with the alarm counter (QEMU's virtual clock at 25 MHz: 40 instructions per tick under
 * -icount shift=0). Prints "BENCH <key> <numbers>"; bench/cortexm.py turns them into figures.
 *
 * M-profile QEMU has no instruction counter a process can read (no instret; SysTick and the
 * timers are privileged), so a figure is a mean over many calls: (ticks of a batch of N calls
 * - ticks of the same loop without the call) * 40 / N. Both batches are bracketed by the same
 * two counter reads, so the reads cancel; each difference is exact to +-1 tick, i.e. +-80/N
 * instructions. Each call loads its argument registers as libtock-c's wrappers do. */
#include <stdint.h>
#include <stdio.h>
#include <tick/syscall.h>

#define N 4000u
#define BATCHES 3

static uint8_t buf[16];

static inline uint32_t now(void) { return tick_command(TICK_DRIVER_ALARM, 2, 0, 0).r1; }

/* Ticks of N turns of `body` (subs + bne per turn, r0-r3 free), between two counter reads. */
#define BATCH(fn, body)                                                                   \
  static __attribute__((noinline)) uint32_t fn(uint32_t p) {                              \
    uint32_t t0 = now(), n = N;                                                           \
    __asm__ volatile("1:\n" body "subs %0, %0, #1\n bne 1b\n"                              \
                     : "+r"(n) : "r"(p) : "r0", "r1", "r2", "r3", "cc", "memory");        \
    return now() - t0;                                                                    \
  }

BATCH(batch_empty, "")
/* command(8 low-level debug, 0 exists, 0, 0) */
BATCH(batch_command, "movs r0, #8\n movs r1, #0\n movs r2, #0\n movs r3, #0\n svc 2\n")
/* command(0 alarm, 2 read now, 0, 0): the counter read the other figures are built from */
BATCH(batch_read, "movs r0, #0\n movs r1, #2\n movs r2, #0\n movs r3, #0\n svc 2\n")
/* memop(2 memory start) */
BATCH(batch_memop, "movs r0, #2\n movs r1, #0\n svc 5\n")
/* yield-no-wait, no result flag (nothing is queued) */
BATCH(batch_yield, "movs r0, #0\n movs r1, #0\n svc 0\n")
/* subscribe(alarm 0, upcall 0, fn = p, appdata 0) */
BATCH(batch_subscribe, "movs r0, #0\n movs r1, #0\n mov r2, %1\n movs r3, #0\n svc 1\n")
/* read-write allow(console 1, slot 1, p, 16) */
BATCH(batch_allow_rw, "movs r0, #1\n movs r1, #1\n mov r2, %1\n movs r3, #16\n svc 3\n")
/* read-only allow(console 1, slot 1, p, 16) */
BATCH(batch_allow_ro, "movs r0, #1\n movs r1, #1\n mov r2, %1\n movs r3, #16\n svc 4\n")

static void report(const char *key, uint32_t (*fn)(uint32_t), uint32_t p) {
  /* Total ticks of BATCHES batches and of as many empty ones, interleaved. */
  uint32_t full = 0, empty = 0;
  for (int b = 0; b < BATCHES; b++) {
    full += fn(p);
    empty += batch_empty(0);
  }
  printf("BENCH %s %lu %lu %lu\n", key, (unsigned long)full, (unsigned long)empty,
         (unsigned long)(N * BATCHES));
}

/* Alarm expiry -> the upcall's first counter read. The upcall first spins `delay` turns of a
 * 3-instruction loop (3 is coprime with 40), then reads the counter; delay = k mod 40 over 80
 * samples puts the read on every phase of the 40-instruction tick twice, so the mean of
 * 40 * (stamp - T) is exact up to where, within its tick, the alarm was armed (QEMU counts the
 * alarm's ticks from the write, so the expiry lies 0..39 instructions after tick T). */
static volatile uint32_t stamp, delay;

static void on_alarm(uint32_t a0, uint32_t a1, uint32_t a2, void *data) {
  (void)a0, (void)a1, (void)a2, (void)data;
  uint32_t d = delay;
  __asm__ volatile("1: cbz %0, 2f\n subs %0, %0, #1\n b 1b\n 2:" : "+r"(d) : : "cc");
  stamp = now();
}

static void alarm_latency(void) {
  uint32_t sum = 0, samples = 0, errors = 0;
  if (tick_subscribe(TICK_DRIVER_ALARM, 0, on_alarm, 0).variant != TICK_SUCCESS_2U32) errors++;
  for (uint32_t k = 0; k < 80; k++) {
    delay = k % 40u;
    stamp = 0;
    uint32_t t = now() + 50u;   /* 2,000 instructions ahead: armed and idle by then */
    if (tick_command(TICK_DRIVER_ALARM, 6, t, 0).variant != TICK_SUCCESS_U32) {
      errors++;
      continue;
    }
    while (stamp == 0) tick_yield_wait();
    sum += stamp - t;
    samples++;
  }
  tick_subscribe(TICK_DRIVER_ALARM, 0, 0, 0);
  printf("BENCH alarm_to_upcall %lu %lu %lu\n", (unsigned long)sum, (unsigned long)samples,
         (unsigned long)errors);
}

int main(void) {
  printf("BENCH clock %lu\n", (unsigned long)tick_command(TICK_DRIVER_ALARM, 1, 0, 0).r1);
  report("null_command", batch_command, 0);
  report("command_read", batch_read, 0);
  report("memop", batch_memop, 0);
  report("yield_no_wait", batch_yield, 0);
  report("subscribe", batch_subscribe, (uint32_t)(uintptr_t)on_alarm);
  report("allow_rw", batch_allow_rw, (uint32_t)(uintptr_t)buf);
  tick_syscall4(TICK_CLASS_ALLOW_RW, TICK_DRIVER_CONSOLE, 1, 0, 0);
  report("allow_ro", batch_allow_ro, (uint32_t)(uintptr_t)buf);
  tick_syscall4(TICK_CLASS_ALLOW_RO, TICK_DRIVER_CONSOLE, 1, 0, 0);
  tick_subscribe(TICK_DRIVER_ALARM, 0, 0, 0);
  alarm_latency();
  return 0;
}
