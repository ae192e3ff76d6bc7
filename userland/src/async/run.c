/* Layer 2: the event loop: ready coroutines, then one kernel event or the due timers per turn. */
#include <tick/time.h>
#include <tick/upcall.h>

#include "async_private.h"

/* Defined by stdio.c when it is linked: writes out text that callbacks left buffered. */
void tick__stdio_flush_hook(void) __attribute__((weak));

#ifdef TICK_DEBUG
static const void *loop_frame; /* tick_run's caller's stack pointer while tick_run runs */
#endif

/* The blocking write of stdout's buffer would take the completion of an async console write,
 * so it waits until none is pending. */
static void flush_stdout(void) {
  if (!tick__stdio_flush_hook) return;
  for (unsigned i = 0; i < tick__nsrc; i++)
    if (tick__ids[i].driver == TICK_DRIVER_CONSOLE && tick__ids[i].subscribe == 1) return;
  tick__stdio_flush_hook();
}

int tick_run_once(void) {
  TICK__REFUSE_IN_UPCALL("tick_run");
  tick__upcall_depth++;
  bool ready = tick__co_run && tick__co_run();
  int rc = 0;
  if (tick__nsrc || tick__timers || ready) {
#ifdef TICK_DEBUG
    tick__debug_check_frames(loop_frame ? loop_frame : __builtin_frame_address(0));
#endif
    /* Ready coroutines (they yielded) only poll: a deadline that has passed. */
    uint32_t deadline = ready ? tick_time_now() : tick__timers ? tick__timers->arg : 0;
    tick_waitany_result_t r =
        tick_yield_wait_any(tick__ids, tick__nsrc, ready || tick__timers, deadline);
    rc = 1;
    if (r.index < tick__nsrc) {
      tick__source_event(r.index, r.arg0, r.arg1);
      /* Timers are due too when events keep the kernel from reporting the deadline. */
      if (tick__timers) tick__timers_fire(tick_time_now());
    } else if (r.index == TICK_WAITANY_DEADLINE) {
      tick__timers_fire(deadline);
    } else {
      rc = TICK_EBADRVAL;
    }
  }
  tick__upcall_depth--;
  flush_stdout();
  return rc;
}

int tick_run(void) {
  int rc;
#ifdef TICK_DEBUG
  loop_frame = __builtin_frame_address(0);
#endif
  while ((rc = tick_run_once()) > 0) continue;
#ifdef TICK_DEBUG
  loop_frame = NULL;
#endif
  return rc;
}
