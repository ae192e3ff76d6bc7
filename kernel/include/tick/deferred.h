/* Deferred calls: work a driver schedules to run later from the kernel loop, never inside the call that scheduled it. */
#ifndef TICK_DEFERRED_H
#define TICK_DEFERRED_H

#include <stdbool.h>
#include <stdint.h>

struct deferred_call {
	void (*fn)(struct deferred_call *dc);
	unsigned char id;       /* assigned by deferred_register */
};

/* Registers dc (at most 32 per system). Call once at boot. */
void deferred_register(struct deferred_call *dc);
/* Asks for dc->fn to run from the kernel loop. Idempotent until it runs. */
void deferred_schedule(struct deferred_call *dc);
/* True while some call is scheduled (inline: the direct switch asks on every block). */
extern uint32_t deferred_pending_bits;
static inline bool deferred_pending(void)
{
	return deferred_pending_bits != 0;
}
/* Runs the calls of bits (deferred_run_all's work; calls scheduled meanwhile wait). */
void deferred_run(uint32_t bits);
/* Runs every scheduled call once. Returns true if any ran. Inline: the kernel loop calls it
 * on every turn, and nothing pending costs a load and a branch without a call. */
static inline bool deferred_run_all(void)
{
	uint32_t now = deferred_pending_bits;
	if (!now)
		return false;
	deferred_pending_bits = 0;   /* calls scheduled while running go to the next round */
	deferred_run(now);
	return true;
}

#endif
