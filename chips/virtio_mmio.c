/* virtio-mmio transport: the device initialisation sequence of virtio 1.x §3.1 and a one-descriptor queue. */
#include "virtio_mmio.h"

enum {   /* register offsets / 4 */
	MAGIC = 0x000 / 4, VERSION = 0x004 / 4, DEVICE_ID = 0x008 / 4,
	DEVICE_FEATURES = 0x010 / 4, DEVICE_FEATURES_SEL = 0x014 / 4,
	DRIVER_FEATURES = 0x020 / 4, DRIVER_FEATURES_SEL = 0x024 / 4,
	QUEUE_SEL = 0x030 / 4, QUEUE_NUM_MAX = 0x034 / 4, QUEUE_NUM = 0x038 / 4,
	QUEUE_READY = 0x044 / 4, QUEUE_NOTIFY = 0x050 / 4,
	INTERRUPT_STATUS = 0x060 / 4, INTERRUPT_ACK = 0x064 / 4, STATUS = 0x070 / 4,
	QUEUE_DESC = 0x080 / 4, QUEUE_DRIVER = 0x090 / 4, QUEUE_DEVICE = 0x0a0 / 4,
};

enum { ACKNOWLEDGE = 1, DRIVER = 2, DRIVER_OK = 4, FEATURES_OK = 8, FAILED = 128 };

#define MAGIC_VALUE 0x74726976u   /* "virt" */
#define DESC_F_WRITE 2

static void set_addr(volatile uint32_t *r, unsigned reg, const void *p)
{
	r[reg] = (uint32_t)(uintptr_t)p;
	r[reg + 1] = 0;
}

static bool bring_up(struct virtio_mmio *v, unsigned n, volatile uint32_t *r)
{
	r[STATUS] = 0;   /* reset */
	r[STATUS] = ACKNOWLEDGE;
	r[STATUS] = ACKNOWLEDGE | DRIVER;
	r[DEVICE_FEATURES_SEL] = 1;
	if (!(r[DEVICE_FEATURES] & 1))   /* VIRTIO_F_VERSION_1 (bit 32) */
		return false;
	r[DRIVER_FEATURES_SEL] = 0;
	r[DRIVER_FEATURES] = 0;
	r[DRIVER_FEATURES_SEL] = 1;
	r[DRIVER_FEATURES] = 1;
	r[STATUS] = ACKNOWLEDGE | DRIVER | FEATURES_OK;
	if (!(r[STATUS] & FEATURES_OK))
		return false;
	for (unsigned i = 0; i < n; i++) {   /* every queue exists and is unused, then set up */
		r[QUEUE_SEL] = i;
		if (r[QUEUE_READY] != 0 || r[QUEUE_NUM_MAX] == 0)
			return false;
	}
	for (unsigned i = 0; i < n; i++, v++) {
		r[QUEUE_SEL] = i;
		r[QUEUE_NUM] = 1;
		set_addr(r, QUEUE_DESC, &v->desc);
		set_addr(r, QUEUE_DRIVER, &v->avail);
		set_addr(r, QUEUE_DEVICE, &v->used);
		r[QUEUE_READY] = 1;
	}
	r[STATUS] = ACKNOWLEDGE | DRIVER | FEATURES_OK | DRIVER_OK;
	return true;
}

int virtio_mmio_init(struct virtio_mmio *v, uintptr_t base, unsigned count, uint32_t stride,
		     uint32_t device_id)
{
	return virtio_mmio_init_queues(v, 1, base, count, stride, device_id);
}

int virtio_mmio_init_queues(struct virtio_mmio *v, unsigned n, uintptr_t base, unsigned count,
			    uint32_t stride, uint32_t device_id)
{
	for (unsigned i = 0; i < count; i++) {
		volatile uint32_t *r = (volatile uint32_t *)(base + i * stride);
		if (r[MAGIC] != MAGIC_VALUE || r[VERSION] != 2 || r[DEVICE_ID] != device_id)
			continue;
		for (unsigned q = 0; q < n; q++)
			v[q] = (struct virtio_mmio){ .regs = r, .queue = (uint16_t)q };
		if (bring_up(v, n, r))
			return (int)i;
		r[STATUS] = FAILED;
		return -1;
	}
	return -1;
}

/* Not inlined: the console and the RNG submit from four places, and LTO copied it into each. */
__attribute__((noinline)) void virtio_mmio_submit(struct virtio_mmio *v, void *buf, uint32_t len, bool device_writes)
{
	v->desc = (struct virtq_desc){ (uintptr_t)buf, len, device_writes ? DESC_F_WRITE : 0, 0 };
	v->avail.ring[0] = 0;
	__sync_synchronize();   /* descriptor before index: the device may read at once */
	v->avail.idx++;
	__sync_synchronize();
	v->regs[QUEUE_NOTIFY] = v->queue;
}

bool virtio_mmio_complete(struct virtio_mmio *v, uint32_t *len)
{
	v->regs[INTERRUPT_ACK] = v->regs[INTERRUPT_STATUS];
	__sync_synchronize();
	if (*(volatile uint16_t *)&v->used.idx == v->last_used)
		return false;
	/* The device's figure is not trusted: never more than the buffer it was offered. */
	uint32_t wrote = *(volatile uint32_t *)&v->used.ring[0].len;
	*len = wrote < v->desc.len ? wrote : v->desc.len;
	v->last_used++;
	return true;
}
