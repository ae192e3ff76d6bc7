/* timers: three software alarms (1 s, 250 ms, one-shot 2.5 s) and sleeps with timeouts. */
#include <stdio.h>
#include <tick.h>

static tick_alarm_t every_second, every_quarter, once;
static volatile unsigned seconds, quarters;

/* Alarm callbacks run as upcalls (blocking calls are refused there): count and re-arm. */
static void on_second(tick_alarm_t *a, void *data) {
  (void)data;
  seconds++;
  tick_alarm_repeat(a);
}

static void on_quarter(tick_alarm_t *a, void *data) {
  (void)data;
  quarters++;
  tick_alarm_repeat(a);
}

/* printf inside an upcall is buffered and written out when the upcall returns. */
static void on_once(tick_alarm_t *a, void *data) {
  (void)a, (void)data;
  printf("timers: one-shot alarm at 2.5 s (printed from its callback)\n");
}

int main(void) {
  printf("timers: alarm at %lu Hz\n", (unsigned long)tick_time_frequency());

  /* A sleep that the timeout cuts short, then one that completes. */
  uint32_t t0 = tick_time_now();
  int rc = tick_sleep_ms_timeout(500, 100);
  printf("timers: sleep 500 ms, timeout 100 ms -> %s after %lu ms\n",
         rc == TICK_ETIMEOUT ? "timeout" : "no timeout",
         (unsigned long)tick_ticks_to_ms(tick_time_now() - t0));
  t0 = tick_time_now();
  rc = tick_sleep_ms_timeout(100, 500);
  printf("timers: sleep 100 ms, timeout 500 ms -> %s after %lu ms\n",
         rc == TICK_OK ? "done" : "error", (unsigned long)tick_ticks_to_ms(tick_time_now() - t0));

  tick_alarm_in_ms(&every_second, 1000, on_second, NULL);
  tick_alarm_in_ms(&every_quarter, 250, on_quarter, NULL);
  tick_alarm_in_ms(&once, 2500, on_once, NULL);

  unsigned printed = 0;
  for (;;) {
    tick_yield();
    if (seconds != printed) {
      printed = seconds;
      printf("timers: tick %u (%u quarter ticks)\n", printed, quarters);
    }
  }
}
