/* Layer 1: alarm clock frequency and time, tick/ms conversion, and blocking sleeps. */
#include <tick/syscall.h>
#include <tick/time.h>
#include <tick/upcall.h>

#define MAX_WAIT_TICKS 0x7FFFFFFFu /* a WaitAny deadline lies at most 2^31 - 1 ticks ahead */

static uint32_t frequency;

uint32_t tick_time_frequency(void) {
  if (frequency == 0) {
    tick_result_t r = tick_command(TICK_DRIVER_ALARM, 1, 0, 0);
    if (r.variant == TICK_SUCCESS_U32) frequency = r.r1;
  }
  return frequency;
}

uint32_t tick_time_now(void) {
  tick_result_t r = tick_command(TICK_DRIVER_ALARM, 2, 0, 0);
  return r.variant == TICK_SUCCESS_U32 ? r.r1 : 0;
}

uint32_t tick_ms_to_ticks(uint32_t ms) {
  uint32_t f = tick_time_frequency();
  uint32_t khz = f / 1000, rest = f % 1000;
  if (khz != 0 && ms > MAX_WAIT_TICKS / khz) return MAX_WAIT_TICKS;
  /* khz * ms + rest * ms / 1000, without 64-bit division; neither term can overflow. */
  uint32_t ticks = khz * ms;
  uint32_t extra = (ms / 1000) * rest + ((ms % 1000) * rest) / 1000;
  if (ticks + extra > MAX_WAIT_TICKS || ticks + extra < ticks) return MAX_WAIT_TICKS;
  return ticks + extra;
}

uint32_t tick_ticks_to_ms(uint32_t ticks) {
  uint32_t f = tick_time_frequency();
  if (f >= 1000) return ticks / (f / 1000); /* exact when f is a multiple of 1 kHz */
  return f ? ticks / f * 1000 : 0;
}

/* Blocks until `deadline` with an empty WaitAny list: no upcall runs, events stay queued. */
static int wait_until(uint32_t deadline) {
  tick_waitany_result_t r = tick_yield_wait_any(NULL, 0, true, deadline);
  if (r.index == TICK_WAITANY_DEADLINE) return TICK_OK;
  return r.index == TICK_WAITANY_BADARGS ? tick_rc_from_error(r.arg0) : TICK_EBADRVAL;
}

/* Sleeps `ms` from `start`, split into waits a deadline can express; chained, so no drift. */
static int sleep_from(uint32_t start, uint32_t ms) {
  uint32_t chunk = tick_ticks_to_ms(MAX_WAIT_TICKS) - 1;
  int rc;
  while (ms > chunk) {
    start += tick_ms_to_ticks(chunk);
    if ((rc = wait_until(start)) != TICK_OK) return rc;
    ms -= chunk;
  }
  return wait_until(start + tick_ms_to_ticks(ms));
}

int tick_sleep_ms(uint32_t ms) {
  TICK__REFUSE_IN_UPCALL("tick_sleep_ms");
  return sleep_from(tick_time_now(), ms);
}

int tick_sleep_ms_timeout(uint32_t ms, uint32_t timeout_ms) {
  TICK__REFUSE_IN_UPCALL("tick_sleep_ms_timeout");
  if (timeout_ms < ms) {
    int rc = sleep_from(tick_time_now(), timeout_ms);
    return rc == TICK_OK ? TICK_ETIMEOUT : rc;
  }
  return sleep_from(tick_time_now(), ms);
}

int tick_sleep_until(uint32_t deadline) {
  TICK__REFUSE_IN_UPCALL("tick_sleep_until");
  return wait_until(deadline);
}

int tick_sleep_until_timeout(uint32_t deadline, uint32_t timeout_ms) {
  TICK__REFUSE_IN_UPCALL("tick_sleep_until_timeout");
  uint32_t now = tick_time_now();
  uint32_t left = deadline - now;
  if ((int32_t)left <= 0) return TICK_OK;
  uint32_t limit = tick_ms_to_ticks(timeout_ms);
  if (limit < left) {
    int rc = wait_until(now + limit);
    return rc == TICK_OK ? TICK_ETIMEOUT : rc;
  }
  return wait_until(deadline);
}
