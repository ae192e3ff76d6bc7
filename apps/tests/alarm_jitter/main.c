/* alarm_jitter: a 10 ms periodic alarm; every 100 periods it prints the worst lateness of its callbacks (time CSR at the callback minus the expiry), so that a test can see whether something disturbed it. */
#include <stdint.h>
#include <stdio.h>
#include <tick.h>
#include <tick/alarm.h>

#define TICKS_PER_US 10u   /* the virt machine's 10 MHz timer */

static inline uint32_t now(void) {
  uint32_t v;
  __asm__ volatile("csrr %0, time" : "=r"(v));
  return v;
}

static tick_alarm_t alarm;
static uint32_t periods, worst, worst_ever;
static volatile uint32_t report;

static void on_alarm(tick_alarm_t *a, void *data) {
  (void)data;
  uint32_t late = now() - tick_alarm_expiration(a);
  if (late > worst)
    worst = late;
  if (late > worst_ever)
    worst_ever = late;
  if (++periods % 100 == 0)
    report = 1;
  tick_alarm_repeat(a);
}

int main(void) {
  tick_alarm_in_ms(&alarm, 10, on_alarm, NULL);
  for (;;) {
    tick_yield();
    if (report) {
      report = 0;
      printf("jitter: %lu periods, worst lateness %lu.%lu us this second, %lu.%lu us since start\n",
             (unsigned long)periods, (unsigned long)(worst / TICKS_PER_US),
             (unsigned long)(worst % TICKS_PER_US), (unsigned long)(worst_ever / TICKS_PER_US),
             (unsigned long)(worst_ever % TICKS_PER_US));
      worst = 0;
    }
  }
}
