/* Random number hardware interface: split-phase fill of a kernel buffer with random bytes. */
#ifndef TICK_HIL_RNG_H
#define TICK_HIL_RNG_H

#include <stdint.h>

struct rng_client {
	/* The fill started by get() has finished: the first len bytes of its buffer are random
	 * (len <= the length asked; 0 is possible, ask again). Runs from the kernel loop, never
	 * inside get(). */
	void (*ready)(struct rng_client *c, uint32_t len);
};

struct rng_ops {
	/* Starts filling buf[0..len) (len >= 1); buf must stay untouched until ready().
	 * Returns 0, or -ERR_BUSY if a fill is running. */
	int (*get)(void *dev, uint8_t *buf, uint32_t len);
	void (*set_client)(void *dev, struct rng_client *c);
};

struct rng {
	const struct rng_ops *ops;
	void *dev;
};

#endif
