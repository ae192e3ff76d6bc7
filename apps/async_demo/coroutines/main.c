/* async_demo, coroutines form: a sampler and an input reader, each a stackless coroutine (layer 3). */
#include <tick.h>
#include <tick/co.h>

#include "../demo.h"

static struct sampler {
  tick_co_t co;
  tick_op_t timer;
  unsigned n;
} sampler;

static struct reader {
  tick_co_t co;
  tick_op_t read, button, timer;
  char c, line[LINE_MAX];
  unsigned len;
} reader;

static void sample(tick_co_t *co) {
  struct sampler *s = (struct sampler *)co;
  TICK_CO_BEGIN(co);
  s->timer.arg = tick_time_now();
  for (;;) {
    TICK_SLEEP_UNTIL(co, &s->timer, tick_timer_deadline(&s->timer) + tick_ms_to_ticks(PERIOD_MS));
    printf("demo: sample %u: pin 0 = %u\n", ++s->n, demo_sample());
  }
  TICK_CO_END(co);
}

static void read_input(tick_co_t *co) {
  struct reader *r = (struct reader *)co;
  TICK_CO_BEGIN(co);
  for (;;) {
    tick_console_read_async(&r->read, &r->c, 1, TICK_CO_WAKE(co));
    tick_button_async(&r->button, 0, TICK_CO_WAKE(co));
    TICK_SELECT_TIMEOUT(co, &r->timer, QUIET_MS, &r->read, &r->button);
    if (co->rc == TICK_ETIMEOUT) printf("demo: no input for %u ms\n", QUIET_MS);
    else if (co->rc == 1 && tick_op_result(&r->button) == 1) printf("demo: button 0\n");
    else if (co->rc == 0 && demo_byte(r->c, r->line, &r->len)) break;
  }
  tick_co_cancel(&sampler.co);
  TICK_CO_END(co);
}

int main(void) {
  printf("demo: coroutines form, a sample every %u ms\n", PERIOD_MS);
  tick_co_start(&sampler.co, sample);
  tick_co_start(&reader.co, read_input);
  tick_run();
  printf("demo: bye\n");
  return 0;
}
