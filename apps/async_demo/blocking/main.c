/* async_demo, blocking form: one loop that waits with Yield-WaitAny (layers 0-1 only). */
#include <tick.h>

#include "../demo.h"

int main(void) {
  static const tick_upcall_id_t inputs[] = {{TICK_DRIVER_CONSOLE, 2}, {TICK_DRIVER_BUTTONS, 0}};
  static char c, line[LINE_MAX];
  unsigned len = 0, n = 0;
  printf("demo: blocking form, a sample every %u ms\n", PERIOD_MS);
  /* Keep a one-byte console read and button 0's interrupt pending the whole time. */
  tick_allow_rw(TICK_DRIVER_CONSOLE, 1, &c, 1);
  tick_command(TICK_DRIVER_CONSOLE, 2, 1, 0);
  tick_command(TICK_DRIVER_BUTTONS, 1, 0, 0);
  uint32_t period = tick_ms_to_ticks(PERIOD_MS), quiet = tick_ms_to_ticks(QUIET_MS);
  uint32_t next = tick_time_now() + period, idle = next - period + quiet;
  for (;;) {
    /* Sleep until the earlier of the two deadlines unless an input comes first. */
    uint32_t deadline = (int32_t)(next - idle) < 0 ? next : idle;
    tick_waitany_result_t r = tick_yield_wait_any(inputs, 2, true, deadline);
    uint32_t now = tick_time_now();
    if (r.index == 0) {
      if (demo_byte(c, line, &len)) break;
      tick_command(TICK_DRIVER_CONSOLE, 2, 1, 0);
      idle = now + quiet;
    } else if (r.index == 1) {
      if (r.arg1) printf("demo: button %lu\n", (unsigned long)r.arg0);
      idle = now + quiet;
    }
    if ((int32_t)(now - next) >= 0) {
      printf("demo: sample %u: pin 0 = %u\n", ++n, demo_sample());
      next += period;
    }
    if ((int32_t)(now - idle) >= 0) {
      printf("demo: no input for %u ms\n", QUIET_MS);
      idle += quiet;
    }
  }
  tick_command(TICK_DRIVER_BUTTONS, 2, 0, 0);
  tick_allow_rw(TICK_DRIVER_CONSOLE, 1, NULL, 0);
  printf("demo: bye\n");
  return 0;
}
