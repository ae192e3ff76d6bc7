/* Layer 1: blocking RNG reads: allow, request, wait, take the buffer back; timeouts drain. */
#include <stdbool.h>
#include <tick/rng.h>
#include <tick/upcall.h>
#include <tick/wait.h>

enum { RNG_ALLOW_BUF = 0, RNG_CMD_GET = 1, RNG_SUB_DONE = 0 };

/* A timed-out request that has not reported yet. Tock's RNG has no cancel command: the
 * request runs on (without the buffer it writes nothing) and reports once. A new request
 * would replace it in the driver, and its one report could then be taken for either, so the
 * next call first waits (within its own deadline) for the old report. */
static bool stale;

static int rng_read(void *buf, size_t len, tick_deadline_t deadline) {
  if (len == 0) return 0;
  if (stale) {
    tick_upcall_args_t old;
    int rc = tick_wait_event(TICK_DRIVER_RNG, RNG_SUB_DONE, deadline, &old);
    if (rc != TICK_OK) return rc;
    stale = false;
  }
  uint32_t err = tick_allow_rw(TICK_DRIVER_RNG, RNG_ALLOW_BUF, buf, len).error;
  if (err) return tick_rc_from_error(err);
  int rc;
  tick_upcall_args_t done;
  err = tick_command_check(tick_command(TICK_DRIVER_RNG, RNG_CMD_GET, len, 0), TICK_SUCCESS);
  if (err) {
    rc = tick_rc_from_error(err);
  } else {
    rc = tick_wait_event(TICK_DRIVER_RNG, RNG_SUB_DONE, deadline, &done);
    if (rc == TICK_OK) rc = done.arg1 < len ? (int)done.arg1 : (int)len;
  }
  /* Take the buffer back: from here on the kernel cannot write it. */
  tick_allow_rw(TICK_DRIVER_RNG, RNG_ALLOW_BUF, NULL, 0);
  if (rc == TICK_ETIMEOUT) stale = true;
  return rc;
}

int tick_rng_read(void *buf, size_t len) {
  TICK__REFUSE_IN_UPCALL("tick_rng_read");
  return rng_read(buf, len, TICK_NO_DEADLINE);
}

int tick_rng_read_timeout(void *buf, size_t len, uint32_t timeout_ms) {
  TICK__REFUSE_IN_UPCALL("tick_rng_read_timeout");
  return rng_read(buf, len, tick_deadline_in_ms(timeout_ms));
}
