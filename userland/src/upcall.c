/* Layer 1: the upcall trampoline that tracks upcall depth, and the library's yield calls. */
#include <stddef.h>
#include <tick/upcall.h>

volatile uint8_t tick__upcall_depth;

/* Defined by stdio.c when it is linked: writes out text that upcalls left buffered. */
void tick__stdio_flush_hook(void) __attribute__((weak));

/* Every library-dispatched upcall enters here with its registration as app data. */
static void trampoline(uint32_t arg0, uint32_t arg1, uint32_t arg2, void *data) {
  struct tick_upcall *u = data;
  tick__upcall_depth++;
  u->fn(arg0, arg1, arg2, u->data);
  tick__upcall_depth--;
}

int tick_subscribe_upcall(uint32_t driver, uint32_t subscribe, struct tick_upcall *u) {
  tick_subscribe_result_t r = tick_subscribe(driver, subscribe, u ? trampoline : NULL, u);
  return tick_rc_from_error(r.error);
}

static void after_upcall(void) {
  if (tick__stdio_flush_hook) tick__stdio_flush_hook();
}

int tick_yield(void) {
  TICK__REFUSE_IN_UPCALL("tick_yield");
  tick_yield_wait();
  after_upcall();
  return TICK_OK;
}

int tick_poll(void) {
  TICK__REFUSE_IN_UPCALL("tick_poll");
  if (!tick_yield_no_wait()) return 0;
  after_upcall();
  return 1;
}
