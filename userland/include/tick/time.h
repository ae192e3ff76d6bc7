/* Layer 1: the alarm clock (driver 0): frequency, current time, blocking sleeps. */
#ifndef TICK_TIME_H
#define TICK_TIME_H

#include <stdint.h>
#include <tick/abi.h>
#include <tick/errors.h>

/* Alarm frequency in Hz (command 1, cached after the first call); 0 without an alarm driver. */
uint32_t tick_time_frequency(void);

/* Current alarm counter: a wrapping 32-bit tick count (command 2). Not blocking. */
uint32_t tick_time_now(void);

/* Milliseconds to ticks, saturating at 2^31 - 1 (the longest wait one deadline can express). */
uint32_t tick_ms_to_ticks(uint32_t ms);

/* Ticks to milliseconds (rounded down). */
uint32_t tick_ticks_to_ms(uint32_t ticks);

/* Sleeps `ms` milliseconds (no upcall runs meanwhile; events stay queued).
 * Returns TICK_OK or TICK_EINUPCALL. */
int tick_sleep_ms(uint32_t ms);

/* Like tick_sleep_ms, but gives up after `timeout_ms`: returns TICK_ETIMEOUT if
 * timeout_ms < ms (after sleeping timeout_ms). */
int tick_sleep_ms_timeout(uint32_t ms, uint32_t timeout_ms);

/* Sleeps until the alarm counter reaches `deadline` (wrap-safe; a deadline up to 2^31 - 1
 * ticks in the past returns at once). Returns TICK_OK or TICK_EINUPCALL. */
int tick_sleep_until(uint32_t deadline);

/* Like tick_sleep_until, but returns TICK_ETIMEOUT after `timeout_ms` if that comes first. */
int tick_sleep_until_timeout(uint32_t deadline, uint32_t timeout_ms);

#endif /* TICK_TIME_H */
