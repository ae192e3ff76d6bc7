/* Yield-WaitAny deadlines: one virtual alarm for the earliest deadline of all waiting processes. */
#ifndef TICK_INTERNAL_DEADLINE_H
#define TICK_INTERNAL_DEADLINE_H

#include <stdbool.h>
#include <stdint.h>
#include "process.h"

/* p, in Yield-WaitAny (state PS_YIELDED_FOR), waits until deadline (alarm ticks, 32-bit
 * wrapping) at the latest. Returns false when the deadline is reached already (docs/abi.md):
 * then the wait ended at once with WAIT_ANY_TIMEOUT and p is runnable. */
bool deadline_wait(struct process *p, uint32_t deadline);

/* Ends the wait of every process whose deadline is reached (WAIT_ANY_TIMEOUT) and re-arms the
 * deadline alarm for the earliest one left; called when the alarm fires and after a process's
 * deadline came or went. */
void deadline_changed(void);

/* p's wait ended (an event, an exit, a restart): forget its deadline. Inline: the event path
 * (upcall_schedule ending a wait) pays one test when there is none. */
static inline void deadline_clear(struct process *p)
{
	if (p->has_deadline) {
		p->has_deadline = 0;
		deadline_changed();
	}
}

#endif
