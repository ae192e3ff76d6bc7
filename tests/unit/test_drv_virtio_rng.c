/* Unit tests of the virtio-mmio transport and virtio-rng against register blocks in memory: probe,
 * bring-up, the descriptor offered and the used-ring completion. */
/* sources: chips/virtio_mmio.c chips/virtio_rng.c */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <tick/errorcode.h>
#include "../../chips/virtio_rng.h"

enum { MAGIC = 0, VERSION = 1, DEVICE_ID = 2, DEVICE_FEATURES = 4, DRIVER_FEATURES = 8,
       DRIVER_FEATURES_SEL = 9, QUEUE_NUM_MAX = 13, QUEUE_NUM = 14, QUEUE_READY = 17,
       QUEUE_NOTIFY = 20, INTERRUPT_STATUS = 24, INTERRUPT_ACK = 25, STATUS = 28,
       QUEUE_DESC = 32, QUEUE_DRIVER = 36, QUEUE_DEVICE = 40 };

#define SLOTS 8
static uint32_t regs[SLOTS][0x1000 / 4];   /* 8 slots, 0x1000 apart, as on the virt board */
static struct virtio_rng rng;
static uint32_t got_len;
static unsigned readies;

static void ready(struct rng_client *c, uint32_t len)
{
	(void)c;
	got_len = len;
	readies++;
}

static struct rng_client client = { ready };

/* A modern (version 2) device with VERSION_1 offered and a queue of up to 8 entries. */
static void device(unsigned slot, uint32_t id)
{
	regs[slot][MAGIC] = 0x74726976u;
	regs[slot][VERSION] = 2;
	regs[slot][DEVICE_ID] = id;
	regs[slot][DEVICE_FEATURES] = 1;   /* read with DEVICE_FEATURES_SEL = 1: bit 32 */
	regs[slot][QUEUE_NUM_MAX] = 8;
}

static int setup(void **state)
{
	(void)state;
	memset(regs, 0, sizeof regs);
	memset(&rng, 0, sizeof rng);
	got_len = 0;
	readies = 0;
	return 0;
}

static int init(void)
{
	return virtio_rng_init(&rng, (uintptr_t)regs, SLOTS);
}

static void test_probe_finds_the_entropy_device_among_others(void **state)
{
	(void)state;
	device(1, 1);   /* a network device */
	device(5, VIRTIO_ID_ENTROPY);
	assert_int_equal(init(), 5);
	assert_int_equal(regs[1][STATUS], 0);   /* untouched */
}

static void test_bring_up_negotiates_version_1_and_one_queue_entry(void **state)
{
	(void)state;
	device(7, VIRTIO_ID_ENTROPY);
	assert_int_equal(init(), 7);
	uint32_t *r = regs[7];
	assert_int_equal(r[STATUS], 1 | 2 | 8 | 4);   /* ACKNOWLEDGE, DRIVER, FEATURES_OK, DRIVER_OK */
	assert_int_equal(r[DRIVER_FEATURES_SEL], 1);
	assert_int_equal(r[DRIVER_FEATURES], 1);
	assert_int_equal(r[QUEUE_NUM], 1);
	assert_int_equal(r[QUEUE_READY], 1);
	assert_int_equal(r[QUEUE_DESC], (uint32_t)(uintptr_t)&rng.mmio.desc);
	assert_int_equal(r[QUEUE_DRIVER], (uint32_t)(uintptr_t)&rng.mmio.avail);
	assert_int_equal(r[QUEUE_DEVICE], (uint32_t)(uintptr_t)&rng.mmio.used);
	assert_int_equal((uintptr_t)&rng.mmio.desc % 16, 0);
	assert_int_equal((uintptr_t)&rng.mmio.used % 4, 0);
}

static void test_no_device_legacy_devices_and_refusals(void **state)
{
	(void)state;
	assert_int_equal(init(), -1);
	device(0, VIRTIO_ID_ENTROPY);
	regs[0][VERSION] = 1;   /* legacy interface: not ours */
	assert_int_equal(init(), -1);
	regs[0][VERSION] = 2;
	regs[0][DEVICE_FEATURES] = 0;   /* no VIRTIO_F_VERSION_1 */
	assert_int_equal(init(), -1);
	assert_int_equal(regs[0][STATUS], 128);   /* FAILED */
	device(0, VIRTIO_ID_ENTROPY);
	regs[0][QUEUE_NUM_MAX] = 0;
	assert_int_equal(init(), -1);
}

static void test_get_offers_one_device_writable_buffer_and_notifies(void **state)
{
	(void)state;
	device(3, VIRTIO_ID_ENTROPY);
	init();
	rng.mmio.regs[QUEUE_NOTIFY] = 0xffff;
	virtio_rng_ops.set_client(&rng, &client);
	uint8_t buf[32];
	assert_int_equal(virtio_rng_ops.get(&rng, buf, sizeof buf), 0);
	assert_int_equal(rng.mmio.desc.addr, (uintptr_t)buf);
	assert_int_equal(rng.mmio.desc.len, 32);
	assert_int_equal(rng.mmio.desc.flags, 2);   /* VIRTQ_DESC_F_WRITE */
	assert_int_equal(rng.mmio.avail.ring[0], 0);
	assert_int_equal(rng.mmio.avail.idx, 1);
	assert_int_equal(regs[3][QUEUE_NOTIFY], 0);
	assert_int_equal(virtio_rng_ops.get(&rng, buf, sizeof buf), -ERR_BUSY);
	assert_int_equal(readies, 0);   /* never inside get */
}

static void test_the_used_ring_completes_the_fill(void **state)
{
	(void)state;
	device(3, VIRTIO_ID_ENTROPY);
	init();
	virtio_rng_ops.set_client(&rng, &client);
	uint8_t buf[32];
	virtio_rng_ops.get(&rng, buf, sizeof buf);
	regs[3][INTERRUPT_STATUS] = 1;
	virtio_rng_interrupt(&rng);   /* an interrupt with nothing used yet */
	assert_int_equal(readies, 0);
	assert_int_equal(regs[3][INTERRUPT_ACK], 1);
	rng.mmio.used.ring[0].id = 0;
	rng.mmio.used.ring[0].len = 24;
	rng.mmio.used.idx = 1;   /* the device used the buffer */
	virtio_rng_interrupt(&rng);
	assert_int_equal(readies, 1);
	assert_int_equal(got_len, 24);
	virtio_rng_interrupt(&rng);   /* nothing new */
	assert_int_equal(readies, 1);
	assert_int_equal(virtio_rng_ops.get(&rng, buf, 8), 0);   /* free again */
	assert_int_equal(rng.mmio.avail.idx, 2);
}

/* The used ring's length comes from the device and is not trusted: a device that reports 200
 * bytes for a 32-byte buffer completes with 32. */
static void test_a_used_length_beyond_the_buffer_is_clamped(void **state)
{
	(void)state;
	device(2, VIRTIO_ID_ENTROPY);
	init();
	virtio_rng_ops.set_client(&rng, &client);
	uint8_t buf[32];
	virtio_rng_ops.get(&rng, buf, sizeof buf);
	rng.mmio.used.ring[0].len = 200;
	rng.mmio.used.idx = 1;
	virtio_rng_interrupt(&rng);
	assert_int_equal(readies, 1);
	assert_int_equal(got_len, 32);
	virtio_rng_ops.get(&rng, buf, 8);
	rng.mmio.used.ring[0].len = 0xffffffffu;
	rng.mmio.used.idx = 2;
	virtio_rng_interrupt(&rng);
	assert_int_equal(got_len, 8);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_probe_finds_the_entropy_device_among_others, setup),
		cmocka_unit_test_setup(test_bring_up_negotiates_version_1_and_one_queue_entry, setup),
		cmocka_unit_test_setup(test_no_device_legacy_devices_and_refusals, setup),
		cmocka_unit_test_setup(test_get_offers_one_device_writable_buffer_and_notifies, setup),
		cmocka_unit_test_setup(test_the_used_ring_completes_the_fill, setup),
		cmocka_unit_test_setup(test_a_used_length_beyond_the_buffer_is_clamped, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
