/* cw_mixed: a program of layer 3's lean form that starts a driver op AND waits on an upcall id:
 * the ops' loop must list and serve the wait (the waits' part of the library is pulled in by
 * the wait macro alone, <tick/cw.h>). No input: a button op stays pending the whole time while
 * a coroutine waits for its own raw console write's completion, with a deadline. */
#include <stdio.h>
#include <tick.h>
#include <tick/cw.h>

static const tick_upcall_id_t written[] = {{TICK_DRIVER_CONSOLE, 1}};
static const char text[] = "cw_mixed: raw write\n";

static struct {
  tick_cw_t co;
  tick_cw_op_t press;
  int press_rc;
} w;

static void writer(tick_cw_t *co) {
  TICK_CW_BEGIN(co);
  w.press_rc = tick_cw_button(&w.press, 0, co); /* listed by the ops' loop every turn */
  tick_allow_ro(TICK_DRIVER_CONSOLE, 1, text, sizeof text - 1);
  tick_command(TICK_DRIVER_CONSOLE, 1, sizeof text - 1, 0);
  TICK_CW_WAIT_EVENT_UNTIL(co, written, 1, tick_time_now() + tick_ms_to_ticks(2000));
  tick_allow_ro(TICK_DRIVER_CONSOLE, 1, NULL, 0);
  printf("cw_mixed: wait rc %d, %lu bytes written; button op start %d, pending %s\n", co->rc,
         (unsigned long)co->arg[0], w.press_rc, tick_cw_op_pending(&w.press) ? "yes" : "no");
  tick_cw_op_cancel(&w.press);
  TICK_CW_END(co);
}

int main(void) {
  tick_cw_start(&w.co, writer);
  int rc = tick_cw_run();
  printf("cw_mixed: done (%d)\n", rc);
  return 0;
}
