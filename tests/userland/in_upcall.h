/* Runs a piece of a test inside an upcall: for the calls that must be refused (or allowed) there. */
#ifndef IN_UPCALL_H
#define IN_UPCALL_H

#include <tick.h>

#include "harness.h"

static void (*in_upcall_body)(void);

static void in_upcall_trampoline(uint32_t a0, uint32_t a1, uint32_t a2, void *data) {
  (void)a0, (void)a1, (void)a2, (void)data;
  in_upcall_body();
}

/* Subscribes an upcall to driver 1's subscription 0, has the fake kernel schedule its event and
 * yields once: body runs inside that upcall, once, before this returns. */
static inline void run_in_upcall(void (*body)(void)) {
  static struct tick_upcall u = {in_upcall_trampoline, NULL};
  in_upcall_body = body;
  CHECK_EQ(tick_subscribe_upcall(1, 0, &u), TICK_OK);
  fk_event_at(fk.now + 10, 1, 0, 0, 0, 0);
  CHECK_EQ(tick_yield(), TICK_OK);
}

#endif
