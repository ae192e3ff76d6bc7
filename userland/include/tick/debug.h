/* Layer 1: low-level debug driver (8): alert codes and numbers printed by the kernel. */
#ifndef TICK_DEBUG_H
#define TICK_DEBUG_H

#include <stdint.h>
#include <tick/abi.h>
#include <tick/errors.h>
#include <tick/syscall.h>

#define TICK_DEBUG_ALERT_PANIC 0x01u
#define TICK_DEBUG_ALERT_WRONG_LOCATION 0x02u

/* These never block (the kernel queues the text and may drop it), so they need no _timeout
 * variant and are allowed inside upcalls. Each returns TICK_OK or a negative error. */

/* Prints "LowLevelDebug: App 0x<id> alert code 0x<code>". */
TICK_INLINE int tick_debug_alert(uint32_t code) {
  return tick_rc_from_error(tick_command_check(
      tick_command(TICK_DRIVER_LOW_LEVEL_DEBUG, 1, code, 0), TICK_SUCCESS));
}

/* Prints "LowLevelDebug: App 0x<id> prints 0x<n>". */
TICK_INLINE int tick_debug_print1(uint32_t n) {
  return tick_rc_from_error(tick_command_check(
      tick_command(TICK_DRIVER_LOW_LEVEL_DEBUG, 2, n, 0), TICK_SUCCESS));
}

/* Prints "LowLevelDebug: App 0x<id> prints 0x<a> 0x<b>". */
TICK_INLINE int tick_debug_print2(uint32_t a, uint32_t b) {
  return tick_rc_from_error(tick_command_check(
      tick_command(TICK_DRIVER_LOW_LEVEL_DEBUG, 3, a, b), TICK_SUCCESS));
}

#endif /* TICK_DEBUG_H */
