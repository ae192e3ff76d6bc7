/* Layer 1: deadlines and waiting for one event with Yield-WaitAny (docs/abi.md). */
#ifndef TICK_WAIT_H
#define TICK_WAIT_H

#include <stdbool.h>
#include <tick/errors.h>
#include <tick/syscall.h>

/* An optional absolute deadline on the alarm counter (driver 0 ticks). */
typedef struct {
  bool set;
  uint32_t at;
} tick_deadline_t;

#define TICK_NO_DEADLINE ((tick_deadline_t){false, 0})

/* The deadline `timeout_ms` from now (saturating at 2^31 - 1 ticks). */
tick_deadline_t tick_deadline_in_ms(uint32_t timeout_ms);

/* Waits for the next event of (driver, subscribe) or the deadline, running no upcall.
 * On TICK_OK `*out` holds the event's arguments. Returns TICK_ETIMEOUT at the deadline, or
 * -(error) if the kernel rejects the wait. Does not check the upcall depth. */
int tick_wait_event(uint32_t driver, uint32_t subscribe, tick_deadline_t deadline,
                    tick_upcall_args_t *out);

/* Removes every event of (driver, subscribe) that is already queued (late completions of a
 * cancelled operation), without blocking. Returns how many were removed. */
int tick_drain(uint32_t driver, uint32_t subscribe);

#endif /* TICK_WAIT_H */
