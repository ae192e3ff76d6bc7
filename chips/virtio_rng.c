/* virtio-rng: each fill is one device-writable buffer on the queue; the used ring says how much arrived. */
#include "virtio_rng.h"
#include <tick/errorcode.h>

static int get(void *dev, uint8_t *buf, uint32_t len)
{
	struct virtio_rng *r = dev;
	if (r->busy)
		return -ERR_BUSY;
	r->busy = 1;
	virtio_mmio_submit(&r->mmio, buf, len, true);
	return 0;
}

static void set_client(void *dev, struct rng_client *c)
{
	((struct virtio_rng *)dev)->client = c;
}

const struct rng_ops virtio_rng_ops = { .get = get, .set_client = set_client };

int virtio_rng_init(struct virtio_rng *r, uintptr_t base, unsigned count)
{
	return virtio_mmio_init(&r->mmio, base, count, 0x1000, VIRTIO_ID_ENTROPY);
}

void virtio_rng_interrupt(struct virtio_rng *r)
{
	uint32_t len;
	if (virtio_mmio_complete(&r->mmio, &len) && r->busy) {
		r->busy = 0;
		if (r->client)
			r->client->ready(r->client, len);
	}
}
