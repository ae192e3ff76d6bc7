/* Unit tests of the fake flash (tests/unit/fakes/fake_flash.c): the flash HIL's rules, split phase, power cuts and injected failures. */
/* sources: @kernel_env tests/unit/fakes/fake_flash.c */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <tick/errorcode.h>
#include "fakes/env.h"
#include "fakes/fake_flash.h"

#define SIZE 4096u
#define PAGE 256u

static struct fake_flash ff;
static const struct flash *fl = &ff.flash;
static int statuses[16];
static unsigned dones;
static bool in_call;            /* a HIL call is running: done must not come now */
static int (*chain)(void);      /* started from done, if set */

static void done(struct flash_client *c, int status)
{
	(void)c;
	assert_false(in_call);
	assert_true(dones < 16);
	statuses[dones++] = status;
	if (chain) {
		int (*next)(void) = chain;
		chain = NULL;
		assert_int_equal(next(), 0);
	}
}

static struct flash_client client = { done };

static int setup(void **state)
{
	(void)state;
	env_init();
	fake_flash_init(&ff, SIZE, PAGE, 4);
	fl->ops->set_client(fl->dev, &client);
	dones = 0;
	chain = NULL;
	return 0;
}

static int rd(uint32_t off, uint8_t *buf, uint32_t len)
{
	in_call = true;
	int r = fl->ops->read(fl->dev, off, buf, len);
	in_call = false;
	return r;
}

static int wr(uint32_t off, const void *buf, uint32_t len)
{
	in_call = true;
	int r = fl->ops->write(fl->dev, off, buf, len);
	in_call = false;
	return r;
}

static int er(uint32_t off)
{
	in_call = true;
	int r = fl->ops->erase(fl->dev, off);
	in_call = false;
	return r;
}

/* Checks that op started, runs the kernel loop and returns the status done got (done itself
 * checks it never runs inside the call). */
static int finish(int started)
{
	assert_int_equal(started, 0);
	unsigned before = dones;
	env_run();
	assert_int_equal(dones, before + 1);
	return statuses[before];
}

static void test_geometry_and_erased_start(void **state)
{
	(void)state;
	assert_int_equal(fl->size, SIZE);
	assert_int_equal(fl->page_size, PAGE);
	assert_int_equal(fl->write_size, 4);
	assert_ptr_equal(lowmem_ptr(fl->base), ff.mem);
	for (uint32_t i = 0; i < SIZE; i++)
		assert_int_equal(ff.mem[i], 0xff);
}

static void test_write_read_and_erase_complete_from_the_loop(void **state)
{
	(void)state;
	uint8_t buf[8] = { 1, 2, 3, 4, 5, 6, 7, 8 }, back[8] = { 0 };
	assert_int_equal(wr(PAGE + 8, buf, 8), 0);
	assert_int_equal(dones, 0);
	assert_int_equal(ff.mem[PAGE + 8], 0xff);   /* applied when it completes */
	env_run();
	assert_int_equal(dones, 1);
	assert_int_equal(statuses[0], 0);
	assert_memory_equal(ff.mem + PAGE + 8, buf, 8);
	assert_int_equal(finish(rd(PAGE + 8, back, 8)), 0);
	assert_memory_equal(back, buf, 8);
	assert_int_equal(finish(er(PAGE)), 0);
	for (uint32_t i = 0; i < PAGE; i++)
		assert_int_equal(ff.mem[PAGE + i], 0xff);
	assert_int_equal(ff.reads + ff.writes + ff.erases, 3);
	assert_int_equal(ff.ops, 3);
}

static void test_a_write_only_clears_bits(void **state)
{
	(void)state;
	const uint8_t a[4] = { 0x12, 0x34, 0x56, 0x78 }, b[4] = { 0xff, 0xf0, 0x0f, 0x00 };
	assert_int_equal(finish(wr(0, a, 4)), 0);
	assert_int_equal(finish(wr(0, b, 4)), 0);   /* 0 -> 1 asked: not reported */
	const uint8_t want[4] = { 0x12, 0x30, 0x06, 0x00 };
	assert_memory_equal(ff.mem, want, 4);
	/* bits asked to go 0 -> 1: 6 of 0xff over 0x12, 2 of 0xf0 over 0x34, 2 of 0x0f over 0x56 */
	assert_int_equal(ff.zero_to_one, 6 + 2 + 2);
}

static void test_bad_ranges_and_alignment_are_refused(void **state)
{
	(void)state;
	uint8_t buf[8] = { 0 };
	assert_int_equal(rd(0, buf, 0), -ERR_INVAL);
	assert_int_equal(rd(SIZE, buf, 1), -ERR_INVAL);
	assert_int_equal(rd(SIZE - 4, buf, 8), -ERR_INVAL);
	assert_int_equal(rd(0xfffffff0u, buf, 0x20), -ERR_INVAL);   /* offset + len wraps */
	assert_int_equal(rd(SIZE + 4, buf, 4), -ERR_INVAL);
	assert_int_equal(wr(2, buf, 4), -ERR_INVAL);
	assert_int_equal(wr(4, buf, 6), -ERR_INVAL);
	assert_int_equal(wr(SIZE - 4, buf, 8), -ERR_INVAL);
	assert_int_equal(er(PAGE / 2), -ERR_INVAL);
	assert_int_equal(er(SIZE), -ERR_INVAL);
	assert_int_equal(rd(SIZE - 1, buf, 1), 0);   /* the last byte is fine */
	env_run();
	assert_int_equal(dones, 1);
	assert_int_equal(ff.ops, 1);
}

static void test_one_operation_at_a_time(void **state)
{
	(void)state;
	uint8_t buf[4] = { 0 };
	assert_int_equal(er(0), 0);
	assert_int_equal(rd(0, buf, 4), -ERR_BUSY);
	assert_int_equal(wr(0, buf, 4), -ERR_BUSY);
	assert_int_equal(er(PAGE), -ERR_BUSY);
	env_run();
	assert_int_equal(dones, 1);
	assert_int_equal(ff.ops, 1);
	assert_int_equal(finish(wr(0, buf, 4)), 0);   /* free again */
	assert_int_equal(ff.mem[0], 0);
}

static uint8_t chained[4];
static int read_chained(void)
{
	return fl->ops->read(fl->dev, 0, chained, 4);
}

static void test_done_can_start_the_next_operation(void **state)
{
	(void)state;
	static const uint8_t v[4] = { 0xa5, 0x5a, 0x0f, 0xf0 };
	chain = read_chained;
	assert_int_equal(wr(0, v, 4), 0);
	env_run();
	assert_int_equal(dones, 2);
	assert_int_equal(statuses[0], 0);
	assert_int_equal(statuses[1], 0);
	assert_memory_equal(chained, v, 4);
}

/* The source is read when the write completes: a client that changes it early is caught. */
static void test_buffers_are_used_at_completion(void **state)
{
	(void)state;
	uint8_t v[4] = { 1, 2, 3, 4 };
	assert_int_equal(wr(0, v, 4), 0);
	v[0] = 0x80;
	env_run();
	assert_int_equal(ff.mem[0], 0x80);
}

static void test_a_cut_applies_n_operations_then_part_of_one_then_nothing(void **state)
{
	(void)state;
	static const uint8_t a[16] = { 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88,
				       0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0x01, 0x02 };
	uint8_t buf[4] = { 9, 9, 9, 9 };
	fake_flash_cut(&ff, 2, 6);
	assert_int_equal(finish(wr(0, a, 8)), 0);
	assert_int_equal(finish(wr(8, a + 8, 8)), 0);
	assert_int_equal(finish(wr(PAGE, a, 16)), -ERR_OFF);   /* the cut one: 6 bytes made it */
	assert_memory_equal(ff.mem + PAGE, a, 6);
	for (uint32_t i = 6; i < 16; i++)
		assert_int_equal(ff.mem[PAGE + i], 0xff);
	/* off: accepted, nothing changes, every one fails */
	assert_int_equal(finish(er(0)), -ERR_OFF);
	assert_int_equal(finish(rd(0, buf, 4)), -ERR_OFF);
	assert_int_equal(buf[0], 9);
	assert_memory_equal(ff.mem, a, 16);
	fake_flash_power_on(&ff);
	assert_int_equal(finish(rd(PAGE, buf, 4)), 0);
	assert_memory_equal(buf, a, 4);
	assert_int_equal(finish(er(PAGE)), 0);
	assert_int_equal(ff.mem[PAGE], 0xff);
}

static void test_a_cut_erase_leaves_the_page_partly_erased(void **state)
{
	(void)state;
	static const uint8_t zero[PAGE];
	assert_int_equal(finish(wr(0, zero, PAGE)), 0);
	fake_flash_cut(&ff, 0, 100);
	assert_int_equal(finish(er(0)), -ERR_OFF);
	for (uint32_t i = 0; i < PAGE; i++)
		assert_int_equal(ff.mem[i], i < 100 ? 0xff : 0);
}

static void test_an_injected_failure_changes_nothing(void **state)
{
	(void)state;
	static const uint8_t v[4] = { 0 };
	fake_flash_fail(&ff, 2, -ERR_FAIL);
	assert_int_equal(finish(wr(0, v, 4)), 0);
	assert_int_equal(finish(wr(4, v, 4)), -ERR_FAIL);
	assert_int_equal(ff.mem[4], 0xff);
	assert_int_equal(finish(wr(4, v, 4)), 0);   /* only that one */
	assert_int_equal(ff.mem[4], 0);
}

static void test_a_stalled_operation_waits(void **state)
{
	(void)state;
	fake_flash_stall(&ff, true);
	assert_int_equal(er(0), 0);
	env_run();
	assert_int_equal(dones, 0);
	uint8_t b[4];
	assert_int_equal(rd(0, b, 4), -ERR_BUSY);
	fake_flash_stall(&ff, false);
	assert_int_equal(dones, 0);   /* from the loop, not inside */
	env_run();
	assert_int_equal(dones, 1);
	assert_int_equal(finish(rd(0, b, 4)), 0);   /* no stall any more */
}

static void test_other_geometries(void **state)
{
	(void)state;
	fake_flash_init(&ff, 1u << 20, 4096, 8);
	fl->ops->set_client(fl->dev, &client);
	static const uint8_t v[8] = { 0 };
	assert_int_equal(wr(4, v, 8), -ERR_INVAL);
	assert_int_equal(wr(8, v, 4), -ERR_INVAL);
	assert_int_equal(finish(wr(8, v, 8)), 0);
	assert_int_equal(er(2048), -ERR_INVAL);
	assert_int_equal(finish(er((1u << 20) - 4096)), 0);
	fake_flash_init(&ff, SIZE, PAGE, 4);   /* back for the next test */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_geometry_and_erased_start, setup),
		cmocka_unit_test_setup(test_write_read_and_erase_complete_from_the_loop, setup),
		cmocka_unit_test_setup(test_a_write_only_clears_bits, setup),
		cmocka_unit_test_setup(test_bad_ranges_and_alignment_are_refused, setup),
		cmocka_unit_test_setup(test_one_operation_at_a_time, setup),
		cmocka_unit_test_setup(test_done_can_start_the_next_operation, setup),
		cmocka_unit_test_setup(test_buffers_are_used_at_completion, setup),
		cmocka_unit_test_setup(test_a_cut_applies_n_operations_then_part_of_one_then_nothing, setup),
		cmocka_unit_test_setup(test_a_cut_erase_leaves_the_page_partly_erased, setup),
		cmocka_unit_test_setup(test_an_injected_failure_changes_nothing, setup),
		cmocka_unit_test_setup(test_a_stalled_operation_waits, setup),
		cmocka_unit_test_setup(test_other_geometries, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
