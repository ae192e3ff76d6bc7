/* Internal: console driver numbers shared by console.c and console_timeout.c. */
#ifndef TICK_CONSOLE_PRIVATE_H
#define TICK_CONSOLE_PRIVATE_H

#include <stddef.h>
#include <tick/errors.h>
#include <tick/syscall.h>

enum {
  CONSOLE_ALLOW_WRITE = 1, /* read-only allow slot: data to write */
  CONSOLE_ALLOW_READ = 1,  /* read-write allow slot: receive buffer */
  CONSOLE_CMD_WRITE = 1,
  CONSOLE_CMD_READ = 2,
  CONSOLE_CMD_ABORT_READ = 3,
  CONSOLE_SUB_WRITE = 1, /* upcall (bytes_written, 0, 0) */
  CONSOLE_SUB_READ = 2,  /* upcall (status, bytes_read, 0) */
};

/* Defined by console_timeout.c only when an app uses a _timeout call: drains completions
 * of timed-out operations before a new one starts. */
void tick__console_cleanup(void) __attribute__((weak));

/* Result of a read-done event (status, bytes): the bytes if any arrived, else the error. */
static inline int tick__console_read_result(tick_upcall_args_t ev, size_t len) {
  size_t n = ev.arg1 < len ? ev.arg1 : len;
  if (n > 0 || ev.arg0 == 0) return (int)n;
  return tick_rc_from_error(ev.arg0);
}

#endif /* TICK_CONSOLE_PRIVATE_H */
