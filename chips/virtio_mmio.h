/* virtio-mmio transport (virtio 1.x, register layout version 2): probe, feature negotiation and
 * one split virtqueue with a single descriptor, for simple request/response devices. */
#ifndef CHIPS_VIRTIO_MMIO_H
#define CHIPS_VIRTIO_MMIO_H

#include <stdbool.h>
#include <stdint.h>

#define VIRTIO_ID_CONSOLE 3
#define VIRTIO_ID_ENTROPY 4

/* The three parts of a split virtqueue of size 1 (virtio 1.x §2.7), in guest memory. */
struct virtq_desc {
	uint64_t addr;
	uint32_t len;
	uint16_t flags;   /* VIRTQ_DESC_F_WRITE: the device writes the buffer */
	uint16_t next;
};

struct virtq_avail {
	uint16_t flags;
	uint16_t idx;
	uint16_t ring[1];
	uint16_t used_event;
};

struct virtq_used {
	uint16_t flags;
	uint16_t idx;
	struct {
		uint32_t id;
		uint32_t len;   /* bytes the device wrote */
	} ring[1];
	uint16_t avail_event;
};

struct virtio_mmio {
	volatile uint32_t *regs;
	struct virtq_desc desc __attribute__((aligned(16)));
	struct virtq_avail avail __attribute__((aligned(2)));
	struct virtq_used used __attribute__((aligned(4)));
	uint16_t last_used;   /* used.idx already consumed */
	uint16_t queue;       /* its queue's index on the device */
};

/* Looks for a device with device_id in slots base, base + stride, ... (count slots) and brings
 * the first one up: reset, ACKNOWLEDGE, DRIVER, features = VERSION_1 only, FEATURES_OK, queue 0
 * of size 1, DRIVER_OK. Returns its slot index, or -1 if there is none or it refused. */
int virtio_mmio_init(struct virtio_mmio *v, uintptr_t base, unsigned count, uint32_t stride,
		     uint32_t device_id);

/* The same for a device with n queues: v[i] (i < n) becomes queue i, each of size 1, all set
 * up before DRIVER_OK. */
int virtio_mmio_init_queues(struct virtio_mmio *v, unsigned n, uintptr_t base, unsigned count,
			    uint32_t stride, uint32_t device_id);

/* Offers buf[0..len) to the device on v's queue and notifies it. buf must stay valid until
 * virtio_mmio_complete returns true. Only one buffer may be outstanding. */
void virtio_mmio_submit(struct virtio_mmio *v, void *buf, uint32_t len, bool device_writes);

/* Acknowledges the device's interrupt. Returns true, with the bytes the device wrote in
 * *len, if the outstanding buffer came back on the used ring. *len never exceeds the length
 * offered with virtio_mmio_submit, whatever the device reports. */
bool virtio_mmio_complete(struct virtio_mmio *v, uint32_t *len);

#endif
