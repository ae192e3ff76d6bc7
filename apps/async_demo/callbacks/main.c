/* async_demo, callbacks form: four operations whose completion functions restart them (layer 2). */
#include <tick.h>
#include <tick/async.h>

#include "../demo.h"

static tick_op_t sample_timer, quiet_timer, read_op, button_op;
static char c, line[LINE_MAX];
static unsigned len, n;

static void on_sample(tick_op_t *op, int rc, void *data) {
  (void)rc, (void)data;
  printf("demo: sample %u: pin 0 = %u\n", ++n, demo_sample());
  tick_timer_after_ms(op, PERIOD_MS, on_sample, NULL);
}

static void on_quiet(tick_op_t *op, int rc, void *data) {
  (void)rc, (void)data;
  printf("demo: no input for %u ms\n", QUIET_MS);
  tick_timer_after_ms(op, QUIET_MS, on_quiet, NULL);
}

/* Any input restarts the quiet timeout. */
static void input_seen(void) {
  tick_op_cancel(&quiet_timer);
  tick_timer_in_ms(&quiet_timer, QUIET_MS, on_quiet, NULL);
}

static void on_byte(tick_op_t *op, int rc, void *data);
static void on_button(tick_op_t *op, int pressed, void *data) {
  (void)data;
  if (pressed == 1) printf("demo: button 0\n");
  input_seen();
  tick_button_async(op, 0, on_button, NULL);
}

static void on_byte(tick_op_t *op, int rc, void *data) {
  (void)data;
  if (rc == 1 && demo_byte(c, line, &len)) { /* quit: stop everything, tick_run returns */
    tick_op_cancel(&sample_timer);
    tick_op_cancel(&quiet_timer);
    tick_op_cancel(&button_op);
    return;
  }
  input_seen();
  tick_console_read_async(op, &c, 1, on_byte, NULL);
}

int main(void) {
  printf("demo: callbacks form, a sample every %u ms\n", PERIOD_MS);
  tick_timer_in_ms(&sample_timer, PERIOD_MS, on_sample, NULL);
  tick_timer_in_ms(&quiet_timer, QUIET_MS, on_quiet, NULL);
  tick_console_read_async(&read_op, &c, 1, on_byte, NULL);
  tick_button_async(&button_op, 0, on_button, NULL);
  tick_run();
  printf("demo: bye\n");
  return 0;
}
