/* Layer 1: blocking console (driver 1) write and read, each with a _timeout variant. */
#ifndef TICK_CONSOLE_H
#define TICK_CONSOLE_H

#include <stddef.h>
#include <stdint.h>
#include <tick/abi.h>
#include <tick/errors.h>

/* Writes `buf[0..len)` and waits for completion. Returns the bytes written, or a negative
 * error (TICK_EINUPCALL inside an upcall, -(kernel error)). */
int tick_console_write(const void *buf, size_t len);

/* Like tick_console_write but gives up after `timeout_ms`: the buffer is taken back from the
 * kernel and TICK_ETIMEOUT returned; a completion that arrives later is drained. */
int tick_console_write_timeout(const void *buf, size_t len, uint32_t timeout_ms);

/* Reads up to `len` bytes (the driver completes once `len` bytes arrived). Returns the bytes
 * read or a negative error. */
int tick_console_read(void *buf, size_t len);

/* Like tick_console_read but gives up after `timeout_ms`: the read is aborted (command 3);
 * returns the bytes received before the abort if any, else TICK_ETIMEOUT. */
int tick_console_read_timeout(void *buf, size_t len, uint32_t timeout_ms);

#endif /* TICK_CONSOLE_H */
