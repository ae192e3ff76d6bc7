/* Unit tests of the virtio console against register blocks in memory: two queues brought up, the receive buffer offered and given back byte by byte, transmit and its completion. */
/* sources: chips/virtio_mmio.c chips/virtio_console.c */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <tick/errorcode.h>
#include "../../chips/virtio_console.h"

enum { MAGIC = 0, VERSION = 1, DEVICE_ID = 2, DEVICE_FEATURES = 4, QUEUE_SEL = 12, QUEUE_NUM_MAX = 13,
       QUEUE_NUM = 14, QUEUE_READY = 17, QUEUE_NOTIFY = 20, INTERRUPT_STATUS = 24, INTERRUPT_ACK = 25,
       STATUS = 28, QUEUE_DESC = 32 };

#define SLOTS 8
static uint32_t regs[SLOTS][0x1000 / 4];
static struct virtio_console con;
static uint8_t got[600];
static unsigned got_n, tx_dones;

static void rx_byte(struct uart_client *c, uint8_t b)
{
	(void)c;
	got[got_n++] = b;
}
static void tx_done(struct uart_client *c)
{
	(void)c;
	tx_dones++;
}
static struct uart_client client = { tx_done, rx_byte };

static int setup(void **state)
{
	(void)state;
	memset(regs, 0, sizeof regs);
	memset(&con, 0x5a, sizeof con);   /* the board keeps it in memory boot does not zero */
	got_n = tx_dones = 0;
	return 0;
}

static void device(unsigned slot, uint32_t id)
{
	regs[slot][MAGIC] = 0x74726976u;
	regs[slot][VERSION] = 2;
	regs[slot][DEVICE_ID] = id;
	regs[slot][DEVICE_FEATURES] = 1;
	regs[slot][QUEUE_NUM_MAX] = 8;
}

static void test_probe_brings_up_both_queues_and_offers_the_receive_buffer(void **state)
{
	(void)state;
	device(2, VIRTIO_ID_ENTROPY);
	device(6, VIRTIO_ID_CONSOLE);
	assert_int_equal(virtio_console_init(&con, (uintptr_t)regs, SLOTS), 6);
	uint32_t *r = regs[6];
	assert_int_equal(regs[2][STATUS], 0);
	assert_int_equal(r[STATUS], 1 | 2 | 8 | 4);
	assert_int_equal(r[QUEUE_SEL], 1);   /* the last queue set up */
	assert_int_equal(r[QUEUE_DESC], (uint32_t)(uintptr_t)&con.q[1].desc);
	assert_int_equal(con.q[0].queue, 0);
	assert_int_equal(con.q[1].queue, 1);
	assert_int_equal(con.q[0].desc.addr, (uintptr_t)con.rx);
	assert_int_equal(con.q[0].desc.len, VIRTIO_CONSOLE_RX);
	assert_int_equal(con.q[0].desc.flags, 2);   /* the device writes it */
	assert_int_equal(con.q[0].avail.idx, 1);
	assert_int_equal(r[QUEUE_NOTIFY], 0);
	assert_int_equal(con.tx_busy, 0);
	assert_null(con.client);
}

static void test_no_console_leaves_the_memory_alone(void **state)
{
	(void)state;
	device(1, VIRTIO_ID_ENTROPY);
	assert_int_equal(virtio_console_init(&con, (uintptr_t)regs, SLOTS), -1);
	assert_int_equal(con.tx_busy, 0x5a);
	regs[1][DEVICE_ID] = VIRTIO_ID_CONSOLE;
	regs[1][QUEUE_NUM_MAX] = 0;   /* a queue it cannot have */
	assert_int_equal(virtio_console_init(&con, (uintptr_t)regs, SLOTS), -1);
	assert_int_equal(regs[1][STATUS], 128);
}

static void test_received_bytes_reach_the_client_and_the_buffer_is_offered_again(void **state)
{
	(void)state;
	device(0, VIRTIO_ID_CONSOLE);
	virtio_console_init(&con, (uintptr_t)regs, SLOTS);
	virtio_console_ops.set_client(&con, &client);
	memcpy(con.rx, "TLhello", 7);
	con.q[0].used.ring[0].len = 7;
	con.q[0].used.idx = 1;
	regs[0][INTERRUPT_STATUS] = 1;
	regs[0][QUEUE_NOTIFY] = 0xffff;
	virtio_console_interrupt(&con);
	assert_int_equal(got_n, 7);
	assert_memory_equal(got, "TLhello", 7);
	assert_int_equal(regs[0][INTERRUPT_ACK], 1);
	assert_int_equal(con.q[0].avail.idx, 2);
	assert_int_equal(regs[0][QUEUE_NOTIFY], 0);
	assert_int_equal(tx_dones, 0);
	/* a device that claims more than the buffer: only the buffer is read */
	con.q[0].used.ring[0].len = 100000;
	con.q[0].used.idx = 2;
	virtio_console_interrupt(&con);
	assert_int_equal(got_n, 7 + VIRTIO_CONSOLE_RX);
}

static void test_transmit_then_its_completion(void **state)
{
	(void)state;
	device(0, VIRTIO_ID_CONSOLE);
	virtio_console_init(&con, (uintptr_t)regs, SLOTS);
	virtio_console_ops.set_client(&con, &client);
	static const uint8_t msg[] = "answer";
	assert_int_equal(virtio_console_ops.transmit(&con, msg, 6), 0);
	assert_int_equal(con.q[1].desc.addr, (uintptr_t)msg);
	assert_int_equal(con.q[1].desc.len, 6);
	assert_int_equal(con.q[1].desc.flags, 0);   /* the device reads it */
	assert_int_equal(regs[0][QUEUE_NOTIFY], 1);
	assert_int_equal(virtio_console_ops.transmit(&con, msg, 6), -ERR_BUSY);
	virtio_console_interrupt(&con);   /* nothing used yet */
	assert_int_equal(tx_dones, 0);
	con.q[1].used.idx = 1;
	virtio_console_interrupt(&con);
	assert_int_equal(tx_dones, 1);
	assert_int_equal(got_n, 0);
	assert_int_equal(virtio_console_ops.transmit(&con, msg, 6), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_probe_brings_up_both_queues_and_offers_the_receive_buffer, setup),
		cmocka_unit_test_setup(test_no_console_leaves_the_memory_alone, setup),
		cmocka_unit_test_setup(test_received_bytes_reach_the_client_and_the_buffer_is_offered_again, setup),
		cmocka_unit_test_setup(test_transmit_then_its_completion, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
