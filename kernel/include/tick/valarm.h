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

/* The board's timer; set only by valarm_init. */
extern const struct time_source *valarm_hw;
/* Binds the mux to the board's timer. Inline: compiled into the board's cold boot code instead
 * of kept in the hot mux. */
static inline void valarm_init(const struct time_source *ts)
{
	valarm_hw = ts;
}
/* Current time in ticks (64-bit, never wraps in practice). */
uint64_t valarm_now(void);
uint32_t valarm_frequency(void);
/* Arms a to fire at deadline (replacing an earlier arming). A past deadline fires at the
 * next interrupt service. */
void valarm_set(struct valarm *a, uint64_t deadline);
void valarm_cancel(struct valarm *a);
/* Unlinks every armed alarm stored in [lo, hi) without touching it again: a process's memory
 * block is about to be reused, and with it the alarms capsules keep in its grants
 * (process end calls it). */
void valarm_drop_within(uintptr_t lo, uintptr_t hi);
/* Fires every expired alarm and re-arms the hardware; the board calls it on the timer
 * interrupt. */
void valarm_service(void);
/* Inside a fired callback: the time valarm_service read before it called the callbacks
 * (every alarm it fired was due by then), so that the callback needs no second read. */
static inline uint64_t valarm_service_now(void)
{
	extern uint64_t valarm_service_time;
	return valarm_service_time;
}

/* The one rule for 32-bit wrapping tick values (what userspace sees): t lies in the future
 * of now32 iff it is 1 .. 2^31 - 1 ticks ahead. Anything else is now or past: 2^31 ticks
 * ahead reads as 2^31 behind. valarm_expand and the Yield-WaitAny deadline (docs/abi.md)
 * both follow it, so they agree at every boundary. */
static inline bool valarm_ticks32_ahead(uint32_t t, uint32_t now32)
{
	return (int32_t)(t - now32) > 0;
}

/* Converts a 32-bit tick value to the 64-bit time with those low bits on the side of now
 * that valarm_ticks32_ahead gives: up to 2^31 - 1 ahead, or up to 2^31 behind (0 at the
 * earliest). */
uint64_t valarm_expand(uint32_t ticks32);

#endif
