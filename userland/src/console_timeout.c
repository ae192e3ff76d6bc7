/* Layer 1: console write/read with timeouts: cancellation and drain of late completions. */
#include <stdbool.h>
#include <tick/console.h>
#include <tick/time.h>
#include <tick/upcall.h>
#include <tick/wait.h>

#include "console_private.h"

/* How long a cancelled write or read may take to report its completion. */
#define ABORT_GRACE_MS 10
/* How long a new operation waits for a timed-out write that the kernel is still sending. */
#define STALE_WRITE_GRACE_MS 100

/* A timed-out operation whose completion may still arrive: drained before the next one. */
static bool write_stale, read_stale;

void tick__console_cleanup(void) {
  if (write_stale) {
    tick_upcall_args_t late;
    tick_wait_event(TICK_DRIVER_CONSOLE, CONSOLE_SUB_WRITE,
                    tick_deadline_in_ms(STALE_WRITE_GRACE_MS), &late);
    tick_drain(TICK_DRIVER_CONSOLE, CONSOLE_SUB_WRITE);
    write_stale = false;
  }
  if (read_stale) {
    tick_drain(TICK_DRIVER_CONSOLE, CONSOLE_SUB_READ);
    read_stale = false;
  }
}

/* Starts a write; if the kernel is still busy with a timed-out write, waits (within the
 * deadline) for that one to finish and tries once more. Returns the kernel error. */
static uint32_t start_write(size_t len, tick_deadline_t deadline) {
  uint32_t err = tick_command_check(
      tick_command(TICK_DRIVER_CONSOLE, CONSOLE_CMD_WRITE, len, 0), TICK_SUCCESS);
  tick_upcall_args_t old;
  if (err == TICK_ERR_BUSY &&
      tick_wait_event(TICK_DRIVER_CONSOLE, CONSOLE_SUB_WRITE, deadline, &old) == TICK_OK)
    err = tick_command_check(tick_command(TICK_DRIVER_CONSOLE, CONSOLE_CMD_WRITE, len, 0),
                             TICK_SUCCESS);
  return err;
}

int tick_console_write_timeout(const void *buf, size_t len, uint32_t timeout_ms) {
  TICK__REFUSE_IN_UPCALL("tick_console_write_timeout");
  tick_deadline_t deadline = tick_deadline_in_ms(timeout_ms);
  tick__console_cleanup();
  uint32_t err = tick_allow_ro(TICK_DRIVER_CONSOLE, CONSOLE_ALLOW_WRITE, buf, len).error;
  if (err) return tick_rc_from_error(err);
  int rc;
  tick_upcall_args_t done;
  err = start_write(len, deadline);
  if (err) {
    rc = tick_rc_from_error(err);
  } else {
    rc = tick_wait_event(TICK_DRIVER_CONSOLE, CONSOLE_SUB_WRITE, deadline, &done);
    if (rc == TICK_OK) rc = (int)done.arg0;
  }
  if (rc == TICK_ETIMEOUT) {
    /* Cancel: a zero-length write ends the message with what was sent so far. */
    tick_command(TICK_DRIVER_CONSOLE, CONSOLE_CMD_WRITE, 0, 0);
  }
  /* Take the buffer back: from here on the kernel cannot read it. */
  tick_allow_ro(TICK_DRIVER_CONSOLE, CONSOLE_ALLOW_WRITE, NULL, 0);
  if (rc == TICK_ETIMEOUT) {
    tick_deadline_t grace = {true, deadline.at + tick_ms_to_ticks(ABORT_GRACE_MS)};
    if (tick_wait_event(TICK_DRIVER_CONSOLE, CONSOLE_SUB_WRITE, grace, &done) != TICK_OK)
      write_stale = true;
  }
  return rc;
}

int tick_console_read_timeout(void *buf, size_t len, uint32_t timeout_ms) {
  TICK__REFUSE_IN_UPCALL("tick_console_read_timeout");
  if (len == 0) return 0;
  tick_deadline_t deadline = tick_deadline_in_ms(timeout_ms);
  tick__console_cleanup();
  uint32_t err = tick_allow_rw(TICK_DRIVER_CONSOLE, CONSOLE_ALLOW_READ, buf, len).error;
  if (err) return tick_rc_from_error(err);
  int rc;
  err = tick_command_check(tick_command(TICK_DRIVER_CONSOLE, CONSOLE_CMD_READ, len, 0),
                           TICK_SUCCESS);
  tick_upcall_args_t ev;
  if (err) {
    rc = tick_rc_from_error(err);
  } else {
    rc = tick_wait_event(TICK_DRIVER_CONSOLE, CONSOLE_SUB_READ, deadline, &ev);
    if (rc == TICK_OK) {
      rc = tick__console_read_result(ev, len);
    } else if (rc == TICK_ETIMEOUT) {
      /* Cancel; the abort completes the read with whatever arrived so far. */
      tick_command(TICK_DRIVER_CONSOLE, CONSOLE_CMD_ABORT_READ, 0, 0);
      tick_deadline_t grace = {true, deadline.at + tick_ms_to_ticks(ABORT_GRACE_MS)};
      if (tick_wait_event(TICK_DRIVER_CONSOLE, CONSOLE_SUB_READ, grace, &ev) == TICK_OK) {
        if (ev.arg1 > 0) rc = tick__console_read_result(ev, len);
      } else {
        read_stale = true;
      }
    }
  }
  tick_allow_rw(TICK_DRIVER_CONSOLE, CONSOLE_ALLOW_READ, NULL, 0);
  return rc;
}
