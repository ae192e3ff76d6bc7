/* Virtual alarms: any number of kernel clients share the one hardware compare. */
#ifndef TICK_VALARM_H
#define TICK_VALARM_H

#include <stdbool.h>
#include <stdint.h>
#include <tick/hil/time.h>

struct valarm {
	uint64_t deadline;
	void (*fired)(struct valarm *a);   /* runs from the kernel loop, never inside valarm_set */
	struct valarm *next;
	bool armed;
};

/* Binds the mux to the board's timer. */
void valarm_init(const struct time_source *ts);
/* Current time in ticks (64-bit, never wraps in practice). */
uint64_t valarm_now(void);
uint32_t valarm_frequency(void);
/* Arms a to fire at deadline (replacing an earlier arming). A past deadline fires at the
 * next interrupt service. */
void valarm_set(struct valarm *a, uint64_t deadline);
void valarm_cancel(struct valarm *a);
/* Fires every expired alarm and re-arms the hardware; the board calls it on the timer
 * interrupt. */
void valarm_service(void);

/* Converts a 32-bit wrapping tick value (what userspace sees) to the 64-bit time nearest
 * to now that has those low bits, treating values up to 2^31 ticks ahead as future. */
uint64_t valarm_expand(uint32_t ticks32);

#endif
