/* Timer hardware interface: a free-running 64-bit counter with one compare alarm. */
#ifndef TICK_HIL_TIME_H
#define TICK_HIL_TIME_H

#include <stdint.h>

struct time_ops {
	uint64_t (*now)(void *dev);
	/* Arms the compare so that the board's timer interrupt fires once now >= deadline.
	 * A deadline in the past fires as soon as interrupts are serviced. */
	void (*set_alarm)(void *dev, uint64_t deadline);
	void (*disarm)(void *dev);
};

struct time_source {
	const struct time_ops *ops;
	void *dev;
	uint32_t frequency;   /* ticks per second */
};

#endif
