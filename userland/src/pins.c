/* Layer 1: the LED, button and GPIO calls' common parts: a command as a return code, an edge wait. */
#include <stdbool.h>
#include <stdint.h>
#include <tick/syscall.h>

#include "pins_private.h"

enum { EDGE_SUB = 0, EDGE_RISING = 1, EDGE_FALLING = 2 };

int tick__command_rc(uint32_t driver, uint32_t cmd, uint32_t a0, uint32_t a1, uint32_t expected) {
  tick_result_t r = tick_command(driver, cmd, a0, a1);
  uint32_t err = tick_command_check(r, expected);
  if (err) return tick_rc_from_error(err);
  if (expected != TICK_SUCCESS_U32) return TICK_OK;
  return r.r1 > INT32_MAX ? TICK_EBADRVAL : (int)r.r1;
}

/* True if an edge event (index, level) is the one a wait for `index` and `edge` wants. */
static bool wanted(tick_upcall_args_t e, uint32_t index, uint32_t edge) {
  if (e.arg0 != index) return false; /* another input's edge (its interrupt is on elsewhere) */
  if (edge == EDGE_RISING) return e.arg1 != 0;
  if (edge == EDGE_FALLING) return e.arg1 == 0;
  return true;
}

int tick__edge_wait(uint32_t driver, uint32_t index, uint32_t on, uint32_t edge, uint32_t off,
                    tick_deadline_t deadline) {
  /* An edge queued before this wait is not its edge: the tail of an earlier wait (one that
   * came between its event and its interrupt's disable), or one queued after an earlier
   * wait's deadline but before the disable took effect. Dropped before the interrupt goes on,
   * so every edge after this point belongs to this wait. */
  tick_drain(driver, EDGE_SUB);
  int rc = tick__command_rc(driver, on, index, edge, TICK_SUCCESS);
  if (rc != TICK_OK) return rc;
  tick_upcall_args_t e;
  do {
    rc = tick_wait_event(driver, EDGE_SUB, deadline, &e);
  } while (rc == TICK_OK && !wanted(e, index, edge));
  /* Off on every path, a timeout too: no edge is queued for nobody after this call. */
  tick_command(driver, off, index, 0);
  return rc == TICK_OK ? (int)(e.arg1 != 0) : rc;
}
