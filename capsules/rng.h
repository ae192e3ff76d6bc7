/* RNG capsule (driver 0x40001): fills each process's read-write buffer with random bytes from an RNG HIL device. */
#ifndef CAPSULES_RNG_H
#define CAPSULES_RNG_H

#include <tick/abi.h>
#include <tick/driver.h>
#include <tick/hil/rng.h>

#define RNG_DRIVER_NUM TICK_DRIVER_RNG
#define RNG_CHUNK 32

struct rng_capsule {
	struct driver driver;
	struct rng_client client;
	const struct rng *rng;
	uint8_t busy;                /* a fill of buf is running */
	uint8_t buf[RNG_CHUNK];      /* the device writes here; copied out to processes */
};

/* Binds the capsule to rng (NULL: the machine has no RNG, every command answers NODEVICE);
 * grant_slot must be unique on the board. */
void rng_capsule_init(struct rng_capsule *r, const struct rng *rng, uint8_t grant_slot);

#endif
