/* Upcalls: how a capsule reports an event to a process (queued for userspace or ending a wait). */
#ifndef TICK_UPCALL_H
#define TICK_UPCALL_H

#include <stdbool.h>
#include <stdint.h>
#include <tick/process.h>

struct driver;

/* Reports an event of drv's subscribe number n to process p with three arguments.
 * If p waits for exactly this event the wait ends at once; otherwise the event is queued
 * (as a function call if subscribed, else as a null-upcall record). Returns false if it was
 * dropped because the queue is full (function calls only; records are latched, see abi.md)
 * or p is not alive. */
bool upcall_schedule(struct process *p, const struct driver *drv, unsigned n,
		     uint32_t a0, uint32_t a1, uint32_t a2);

/* Same, addressed by process id; returns false if the process is gone. */
bool upcall_schedule_id(process_id_t id, const struct driver *drv, unsigned n,
			uint32_t a0, uint32_t a1, uint32_t a2);

/* Function calls queued for p (what the read-only state driver reports as pending upcalls). */
unsigned upcall_pending_calls(const struct process *p);

#endif
