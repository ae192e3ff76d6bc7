/* bench_async: the userland's async layers under qemu -icount shift=0: instructions from the
 * kernel's Yield-WaitAny return to the first instruction of a resumed coroutine (and of a
 * layer 2 callback), and the cost of a select over four operations. Prints "BENCH" lines
 * (bench/bench.py; methods in docs/benchmarks.md). */
#include <stdio.h>
#include <tick.h>
#include <tick/co.h>
#include <tick/cw.h>

#define PHASES 100 /* timer write phases: QEMU fires up to 99 instructions after 100 * tick */
#define CYCLES 20  /* repetitions of the select cycles; the minimum is taken */

static inline uint32_t instret(void) {
  uint32_t v;
  __asm__ volatile("csrr %0, instret" : "=r"(v));
  return v;
}

/* Shifts the moment the next wait is armed by 3 * k instructions (3 is coprime with 100). */
static void delay(uint32_t k) { __asm__ volatile("1: beqz %0, 2f\n addi %0, %0, -1\n j 1b\n 2:" : "+r"(k)); }

static uint32_t min_of(uint32_t a, uint32_t b) { return a < b ? a : b; }

/* Raw: Yield-WaitAny with only a deadline, instret read by the instruction after the ecall. */
static uint32_t raw_min = UINT32_MAX;
static void raw_latency(void) {
  for (uint32_t k = 0; k < PHASES; k++) {
    uint32_t t = tick_time_now() + 40, at;
    delay(k);
    register uint32_t a0 __asm__("a0") = TICK_YIELD_WAIT_ANY;
    register uint32_t a1 __asm__("a1") = 0;
    register uint32_t a2 __asm__("a2") = TICK_WAITANY_HAS_DEADLINE;
    register uint32_t a3 __asm__("a3") = t;
    register uint32_t a4 __asm__("a4") = TICK_CLASS_YIELD;
    __asm__ volatile("ecall\n csrr %0, instret"
                     : "=r"(at), "+r"(a0), "+r"(a1), "+r"(a2), "+r"(a3)
                     : "r"(a4)
                     : "memory");
    raw_min = min_of(raw_min, at - 100u * t);
  }
}

/* Layer 2: a timer's completion function; its first instruction reads instret. */
static uint32_t cb_min = UINT32_MAX, cb_at, cb_deadline, cb_k;
static tick_op_t cb_timer;
static void cb_fired(tick_op_t *op, int rc, void *data);
static void cb_arm(void) {
  cb_deadline = tick_time_now() + 40;
  delay(cb_k);
  tick_timer_at(&cb_timer, cb_deadline, cb_fired, NULL);
}
static void cb_fired(tick_op_t *op, int rc, void *data) {
  cb_at = instret();
  (void)op, (void)rc, (void)data;
  cb_min = min_of(cb_min, cb_at - 100u * cb_deadline);
  if (++cb_k < PHASES) cb_arm();
}

/* Layer 3: the first statement after the coroutine's await reads instret. */
static struct bench {
  tick_co_t co;
  tick_op_t t[4], read, button, gpio;
  char c;
  uint32_t k, deadline, start, at, past, far;
  uint32_t co_min, single_min, select4_min, drivers_min;
} b;

static void bench_co(tick_co_t *co) {
  TICK_CO_BEGIN(co);
  b.co_min = b.single_min = b.select4_min = b.drivers_min = UINT32_MAX;
  for (b.k = 0; b.k < PHASES; b.k++) {
    b.deadline = tick_time_now() + 40;
    delay(b.k);
    TICK_SLEEP_UNTIL(co, &b.t[0], b.deadline);
    b.at = instret();
    b.co_min = min_of(b.co_min, b.at - 100u * b.deadline);
  }
  /* Whole cycles without idle time: the timer that completes is already due, so the loop's
   * Yield-WaitAny returns at once; the others lie a second ahead and are cancelled. Deadlines
   * are computed outside the measured window. */
  for (b.k = 0; b.k < CYCLES; b.k++) {
    b.past = tick_time_now() - 1;
    b.far = b.past + 10000000;
    b.start = instret();
    TICK_AWAIT(co, &b.t[0], tick_timer_at(&b.t[0], b.past, TICK_CO_WAKE(co)));
    b.single_min = min_of(b.single_min, instret() - b.start);

    b.past = tick_time_now() - 1;
    b.start = instret();
    tick_timer_at(&b.t[0], b.past, TICK_CO_WAKE(co));
    tick_timer_at(&b.t[1], b.far, TICK_CO_WAKE(co));
    tick_timer_at(&b.t[2], b.far, TICK_CO_WAKE(co));
    tick_timer_at(&b.t[3], b.far, TICK_CO_WAKE(co));
    TICK_SELECT(co, &b.t[0], &b.t[1], &b.t[2], &b.t[3]);
    b.select4_min = min_of(b.select4_min, instret() - b.start);

    b.past = tick_time_now() - 1;
    b.start = instret();
    tick_timer_at(&b.t[0], b.past, TICK_CO_WAKE(co));
    tick_console_read_async(&b.read, &b.c, 1, TICK_CO_WAKE(co));
    tick_button_async(&b.button, 0, TICK_CO_WAKE(co));
    tick_gpio_edge_async(&b.gpio, 0, TICK_GPIO_EITHER, TICK_CO_WAKE(co));
    TICK_SELECT(co, &b.t[0], &b.read, &b.button, &b.gpio);
    b.drivers_min = min_of(b.drivers_min, instret() - b.start);
  }
  TICK_CO_END(co);
}

/* Layer 3's lean form (<tick/cw.h>, the async_demo coroutine form's): the same resume after a
 * sleep, and a select whose winner is the coroutine's deadline, already due, over a console
 * read, a button and a GPIO edge (the losers, cancelled). */
static struct cw_bench {
  tick_cw_t co;
  tick_cw_op_t read, button, gpio;
  char c;
  uint32_t k, deadline, start, past;
  uint32_t resume_min, single_min, drivers_min;
} w;

static void bench_cw(tick_cw_t *co) {
  TICK_CW_BEGIN(co);
  w.resume_min = w.single_min = w.drivers_min = UINT32_MAX;
  for (w.k = 0; w.k < PHASES; w.k++) {
    w.deadline = tick_time_now() + 40;
    delay(w.k);
    TICK_CW_SLEEP_UNTIL(co, w.deadline);
    w.start = instret();
    w.resume_min = min_of(w.resume_min, w.start - 100u * w.deadline);
  }
  for (w.k = 0; w.k < CYCLES; w.k++) {
    w.past = tick_time_now() - 1;
    w.start = instret();
    TICK_CW_SLEEP_UNTIL(co, w.past);
    w.single_min = min_of(w.single_min, instret() - w.start);

    w.past = tick_time_now() - 1;
    w.start = instret();
    tick_cw_console_read(&w.read, &w.c, 1, co);
    tick_cw_button(&w.button, 0, co);
    tick_cw_gpio_edge(&w.gpio, 0, TICK_GPIO_EITHER, co);
    TICK_CW_SELECT_UNTIL(co, w.past, &w.read, &w.button, &w.gpio);
    w.drivers_min = min_of(w.drivers_min, instret() - w.start);
  }
  TICK_CW_END(co);
}

int main(void) {
  raw_latency();
  tick_run_once(); /* nothing pending: returns at once */
  cb_arm();
  tick_run();
  tick_co_start(&b.co, bench_co);
  tick_run(); /* also drains the console read aborts of the last cycle */
  tick_cw_start(&w.co, bench_cw);
  tick_cw_run(); /* also drains the console read aborts of the last cycle */
  printf("BENCH async_wake %lu %lu %lu\n", (unsigned long)raw_min, (unsigned long)cb_min,
         (unsigned long)b.co_min);
  printf("BENCH async_select %lu %lu %lu %u\n", (unsigned long)b.single_min,
         (unsigned long)b.select4_min, (unsigned long)b.drivers_min, CYCLES);
  printf("BENCH async_cw %lu %lu %lu\n", (unsigned long)w.resume_min, (unsigned long)w.single_min,
         (unsigned long)w.drivers_min);
  return 0;
}
