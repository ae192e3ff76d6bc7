/* Layer 1: blocking random bytes from the RNG (driver 0x40001), with a _timeout variant. */
#ifndef TICK_RNG_H
#define TICK_RNG_H

#include <stddef.h>
#include <stdint.h>
#include <tick/abi.h>
#include <tick/errors.h>

/* Fills `buf[0..len)` with random bytes and waits until the driver is done. Returns the bytes
 * written (the driver may give fewer than asked), or a negative error: TICK_EINUPCALL inside
 * an upcall, TICK_ENODEVICE without an RNG, -(kernel error) otherwise. The kernel holds the
 * buffer only while the call runs. */
int tick_rng_read(void *buf, size_t len);

/* Like tick_rng_read but gives up after `timeout_ms`: the buffer is taken back from the
 * kernel (so nothing is written into it afterwards) and TICK_ETIMEOUT returned; the late
 * completion is drained by the next call. */
int tick_rng_read_timeout(void *buf, size_t len, uint32_t timeout_ms);

#endif /* TICK_RNG_H */
