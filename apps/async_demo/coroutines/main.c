/* async_demo, coroutines form: a sampler and an input reader, each a stackless coroutine on the core of layer 3's lean form. */
#include <tick.h>
#include <tick/cw.h>

#include "../demo.h"

/* As in the blocking form: a one-byte console read and button 0's interrupt stay pending the
 * whole time, and the reader waits for their events (nothing is started or cancelled per
 * wait). */
static const tick_upcall_id_t inputs[] = {{TICK_DRIVER_CONSOLE, 2}, {TICK_DRIVER_BUTTONS, 0}};

static struct sampler {
  tick_cw_t co;
  unsigned n;
} sampler;

static struct reader {
  tick_cw_t co;
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
    TICK_CW_WAIT_EVENT_UNTIL(co, inputs, 2, tick_time_now() + tick_ms_to_ticks(QUIET_MS));
    if (co->rc == TICK_ETIMEOUT) {
      printf("demo: no input for %u ms\n", QUIET_MS);
    } else if (co->rc == 1) {
      if (co->arg[1]) printf("demo: button %lu\n", (unsigned long)co->arg[0]);
    } else {
      if (demo_byte(r->c, r->line, &r->len)) break;
      tick_command(TICK_DRIVER_CONSOLE, 2, 1, 0); /* the next byte */
    }
  }
  tick_cw_cancel(&sampler.co); /* stops the sampler's sleep */
  TICK_CW_END(co);
}

int main(void) {
  printf("demo: coroutines form, a sample every %u ms\n", PERIOD_MS);
  tick_allow_rw(TICK_DRIVER_CONSOLE, 1, &reader.c, 1);
  tick_command(TICK_DRIVER_CONSOLE, 2, 1, 0);
  tick_command(TICK_DRIVER_BUTTONS, 1, 0, 0);
  tick_cw_start(&sampler.co, sample);
  tick_cw_start(&reader.co, read_input);
  tick_cw_run();
  tick_command(TICK_DRIVER_BUTTONS, 2, 0, 0);
  tick_allow_rw(TICK_DRIVER_CONSOLE, 1, NULL, 0);
  printf("demo: bye\n");
  return 0;
}
