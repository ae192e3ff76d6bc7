/* virtio entropy device (virtio-rng) on the virtio-mmio transport, offering the RNG HIL. */
#ifndef CHIPS_VIRTIO_RNG_H
#define CHIPS_VIRTIO_RNG_H

#include "virtio_mmio.h"
#include <tick/hil/rng.h>

struct virtio_rng {
	struct virtio_mmio mmio;
	struct rng_client *client;
	uint8_t busy;
};

extern const struct rng_ops virtio_rng_ops;

/* Finds and starts the first entropy device among count virtio-mmio slots at base (stride
 * 0x1000). Returns its slot index (its interrupt is the board's first virtio IRQ + slot), or
 * -1 if the machine has none. */
int virtio_rng_init(struct virtio_rng *r, uintptr_t base, unsigned count);

/* Services the device's interrupt: a finished fill goes to the client. */
void virtio_rng_interrupt(struct virtio_rng *r);

#endif
