/* Layer 1: blocking console write and read without timeouts (kept lean: hello_min's path). */
#include <tick/console.h>
#include <tick/syscall.h>
#include <tick/upcall.h>

#include "console_private.h"

int tick_console_write(const void *buf, size_t len) {
  TICK__REFUSE_IN_UPCALL("tick_console_write");
  if (tick__console_cleanup) tick__console_cleanup();
  uint32_t err = tick_allow_ro(TICK_DRIVER_CONSOLE, CONSOLE_ALLOW_WRITE, buf, len).error;
  if (err) return tick_rc_from_error(err);
  int rc;
  err = tick_command_check(tick_command(TICK_DRIVER_CONSOLE, CONSOLE_CMD_WRITE, len, 0),
                           TICK_SUCCESS);
  if (err) rc = tick_rc_from_error(err);
  else rc = (int)tick_yield_wait_for(TICK_DRIVER_CONSOLE, CONSOLE_SUB_WRITE).arg0;
  tick_allow_ro(TICK_DRIVER_CONSOLE, CONSOLE_ALLOW_WRITE, NULL, 0);
  return rc;
}

int tick_console_read(void *buf, size_t len) {
  TICK__REFUSE_IN_UPCALL("tick_console_read");
  if (len == 0) return 0;
  if (tick__console_cleanup) tick__console_cleanup();
  uint32_t err = tick_allow_rw(TICK_DRIVER_CONSOLE, CONSOLE_ALLOW_READ, buf, len).error;
  if (err) return tick_rc_from_error(err);
  int rc;
  err = tick_command_check(tick_command(TICK_DRIVER_CONSOLE, CONSOLE_CMD_READ, len, 0),
                           TICK_SUCCESS);
  if (err) rc = tick_rc_from_error(err);
  else
    rc = tick__console_read_result(
        tick_yield_wait_for(TICK_DRIVER_CONSOLE, CONSOLE_SUB_READ), len);
  tick_allow_rw(TICK_DRIVER_CONSOLE, CONSOLE_ALLOW_READ, NULL, 0);
  return rc;
}
