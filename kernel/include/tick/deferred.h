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
/* Runs every scheduled call once. Returns true if any ran. */
bool deferred_run_all(void);
/* True while some call is scheduled (inline: the direct switch asks on every block). */
extern uint32_t deferred_pending_bits;
static inline bool deferred_pending(void)
{
	return deferred_pending_bits != 0;
}

#endif
