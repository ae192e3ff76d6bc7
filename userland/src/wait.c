/* Layer 1: deadlines and single-event waits on Yield-WaitAny; draining late completions. */
#include <tick/time.h>
#include <tick/wait.h>

/* Longest drain: more than the kernel's per-process queue can hold. */
#define DRAIN_MAX 32

tick_deadline_t tick_deadline_in_ms(uint32_t timeout_ms) {
  uint32_t ticks = tick_ms_to_ticks(timeout_ms);
  return (tick_deadline_t){true, tick_time_now() + ticks};
}

int tick_wait_event(uint32_t driver, uint32_t subscribe, tick_deadline_t deadline,
                    tick_upcall_args_t *out) {
  tick_upcall_id_t id = {driver, subscribe};
  tick_waitany_result_t r = tick_yield_wait_any(&id, 1, deadline.set, deadline.at);
  if (r.index == 0) {
    out->arg0 = r.arg0;
    out->arg1 = r.arg1;
    out->arg2 = r.arg2;
    return TICK_OK;
  }
  if (r.index == TICK_WAITANY_DEADLINE) return TICK_ETIMEOUT;
  if (r.index == TICK_WAITANY_BADARGS && r.arg0 != 0) return tick_rc_from_error(r.arg0);
  return TICK_EBADRVAL;
}

int tick_drain(uint32_t driver, uint32_t subscribe) {
  /* "now" is a deadline that has already been reached: queued events win over it. */
  tick_deadline_t now = {true, tick_time_now()};
  tick_upcall_args_t ignored;
  int n = 0;
  while (n < DRAIN_MAX && tick_wait_event(driver, subscribe, now, &ignored) == TICK_OK) n++;
  return n;
}
