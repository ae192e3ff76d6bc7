/* async_demo, coroutine form on the lean layer 3's operations: the reader starts a console read and a button op per wait and selects over them with a timeout (the losers cancelled). */
#include <tick.h>
#include <tick/cw.h>

#include "../demo.h"

static struct sampler {
  tick_cw_t co;
  unsigned n;
} sampler;

static struct reader {
  tick_cw_t co;
  tick_cw_op_t read, button;
  char c, line[LINE_MAX];
  unsigned len;
} reader;

static void sample(tick_cw_t *co) {
  struct sampler *s = (struct sampler *)co;
  TICK_CW_BEGIN(co);
  co->deadline = tick_time_now();
  for (;;) {
    TICK_CW_SLEEP_UNTIL(co, co->deadline + tick_ms_to_ticks(PERIOD_MS));
    printf("demo: sample %u: pin 0 = %u\n", ++s->n, demo_sample());
  }
  TICK_CW_END(co);
}

static void read_input(tick_cw_t *co) {
  struct reader *r = (struct reader *)co;
  TICK_CW_BEGIN(co);
  for (;;) {
    tick_cw_console_read(&r->read, &r->c, 1, co);
    tick_cw_button(&r->button, 0, co);
    TICK_CW_SELECT_TIMEOUT(co, QUIET_MS, &r->read, &r->button);
    if (co->rc == TICK_ETIMEOUT) printf("demo: no input for %u ms\n", QUIET_MS);
    else if (co->rc == 1 && tick_cw_op_result(&r->button) == 1) printf("demo: button 0\n");
    else if (co->rc == 0 && demo_byte(r->c, r->line, &r->len)) break;
  }
  tick_cw_cancel(&sampler.co);                               /* stops the sampler's sleep */
  TICK_CW_END(co);
}

int main(void) {
  printf("demo: coroutine ops form, a sample every %u ms\n", PERIOD_MS);
  tick_cw_start(&sampler.co, sample);
  tick_cw_start(&reader.co, read_input);
  tick_cw_run();
  printf("demo: bye\n");
  return 0;
}
