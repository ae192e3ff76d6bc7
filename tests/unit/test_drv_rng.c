/* Unit tests of the RNG capsule (0x40001) over a scripted RNG HIL device: chunking, clipping, order, NODEVICE. */
/* sources: @kernel_env capsules/rng.c */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <capsules/rng.h>
#include "test_drv_env.h"

/* The fake device: remembers the fill asked for; the test completes it with dev_fill. */
static struct {
	uint8_t *buf;
	uint32_t len;
	unsigned gets;
	struct rng_client *client;
	uint8_t next;   /* value of the next random byte */
} dev;

static int dev_get(void *d, uint8_t *buf, uint32_t len)
{
	(void)d;
	if (dev.buf)
		return -ERR_BUSY;
	dev.buf = buf;
	dev.len = len;
	dev.gets++;
	return 0;
}

static void dev_set_client(void *d, struct rng_client *c)
{
	(void)d;
	dev.client = c;
}

static const struct rng_ops dev_ops = { dev_get, dev_set_client };
static const struct rng rng_dev = { &dev_ops, &dev };
static struct rng_capsule rng;
static struct process *p, *q;

enum { BUF = 0x200 };

/* The device finishes the running fill with n bytes (n <= asked) counting up from dev.next. */
static void dev_fill(uint32_t n)
{
	assert_non_null(dev.buf);
	assert_true(n <= dev.len);
	uint8_t *b = dev.buf;
	dev.buf = NULL;
	for (uint32_t i = 0; i < n; i++)
		b[i] = dev.next++;
	dev.client->ready(dev.client, n);
}

static int setup(void **state)
{
	(void)state;
	env_init();
	memset(&dev, 0, sizeof dev);
	dev.next = 1;
	rng_capsule_init(&rng, &rng_dev, GRANT_DRV_A);
	drv_install(&rng.driver);
	p = env_proc_default(0);
	q = env_proc_default(1);
	return 0;
}

static void lend(struct process *x, uint32_t len)
{
	assert_int_equal(env_allow(x, SYS_ALLOW_RW, RNG_DRIVER_NUM, 0, x->mem_start + BUF, len).a[0],
			 SYSRET_SUCCESS_2U32);
}

static uint32_t ask(struct process *x, uint32_t n)
{
	return env_command(x, RNG_DRIVER_NUM, 1, n, 0).a[0];
}

static void test_exists(void **state)
{
	(void)state;
	assert_int_equal(env_command(p, RNG_DRIVER_NUM, 0, 0, 0).a[0], SYSRET_SUCCESS);
	assert_int_equal(env_command(p, RNG_DRIVER_NUM, 2, 0, 0).a[1], ERR_NOSUPPORT);
}

static void test_a_request_completes_only_after_the_device_answers(void **state)
{
	(void)state;
	lend(p, 16);
	assert_int_equal(ask(p, 16), SYSRET_SUCCESS);
	assert_int_equal(dev.gets, 1);
	assert_int_equal(dev.len, RNG_CHUNK);
	env_run();
	assert_int_equal(p->upcall_count, 0);
	dev_fill(RNG_CHUNK);
	assert_int_equal(p->upcall_count, 1);
	drv_assert_event(p, 0, RNG_DRIVER_NUM, 0, 0, 16, 0);
	uint8_t *b = env_mem(p->mem_start + BUF);
	for (int i = 0; i < 16; i++)
		assert_int_equal(b[i], i + 1);
	assert_int_equal(dev.gets, 1);   /* nothing more wanted: the device rests */
}

static void test_large_requests_take_several_fills_including_short_ones(void **state)
{
	(void)state;
	lend(p, 100);
	ask(p, 100);
	dev_fill(RNG_CHUNK);
	dev_fill(5);          /* a short answer is fine */
	dev_fill(0);          /* so is an empty one */
	while (p->upcall_count == 0)
		dev_fill(RNG_CHUNK);
	drv_assert_event(p, 0, RNG_DRIVER_NUM, 0, 0, 100, 0);
	uint8_t *b = env_mem(p->mem_start + BUF);
	for (int i = 0; i < 100; i++)
		assert_int_equal(b[i], i + 1);
	assert_null(dev.buf);
}

static void test_the_buffer_clips_the_request(void **state)
{
	(void)state;
	lend(p, 8);
	ask(p, 20);
	dev_fill(RNG_CHUNK);
	drv_assert_event(p, 0, RNG_DRIVER_NUM, 0, 0, 8, 0);
	assert_int_equal(env_mem(p->mem_start + BUF)[8], 0);   /* nothing past the buffer */
}

static void test_no_buffer_completes_with_zero_bytes(void **state)
{
	(void)state;
	ask(p, 10);
	dev_fill(RNG_CHUNK);
	drv_assert_event(p, 0, RNG_DRIVER_NUM, 0, 0, 0, 0);
}

static void test_a_buffer_taken_back_mid_request_ends_it(void **state)
{
	(void)state;
	lend(p, 64);
	ask(p, 64);
	dev_fill(RNG_CHUNK);
	assert_int_equal(env_allow(p, SYS_ALLOW_RW, RNG_DRIVER_NUM, 0, 0, 0).a[0], SYSRET_SUCCESS_2U32);
	dev_fill(RNG_CHUNK);
	drv_assert_event(p, 0, RNG_DRIVER_NUM, 0, 0, 0, 0);
}

static void test_processes_are_served_in_turn_from_the_same_fills(void **state)
{
	(void)state;
	lend(p, 20);
	lend(q, 20);
	ask(q, 20);
	ask(p, 20);
	assert_int_equal(dev.gets, 1);   /* one fill at a time */
	dev_fill(RNG_CHUNK);             /* p (slot 0) takes 20, q the other 12 */
	drv_assert_event(p, 0, RNG_DRIVER_NUM, 0, 0, 20, 0);
	assert_int_equal(q->upcall_count, 0);
	dev_fill(RNG_CHUNK);
	drv_assert_event(q, 0, RNG_DRIVER_NUM, 0, 0, 20, 0);
	assert_int_equal(env_mem(q->mem_start + BUF)[0], 21);
	assert_int_equal(env_mem(q->mem_start + BUF)[12], 33);
	assert_null(env_check());
}

static void test_a_new_request_replaces_the_running_one(void **state)
{
	(void)state;
	lend(p, 64);
	ask(p, 64);
	dev_fill(RNG_CHUNK);
	ask(p, 4);
	dev_fill(RNG_CHUNK);
	assert_int_equal(p->upcall_count, 1);
	drv_assert_event(p, 0, RNG_DRIVER_NUM, 0, 0, 4, 0);
}

static void test_a_process_that_ends_is_forgotten(void **state)
{
	(void)state;
	lend(p, 64);
	ask(p, 64);
	process_terminate(p, 0);
	dev_fill(RNG_CHUNK);
	assert_null(dev.buf);   /* nobody wants more */
}

/* A faulty or hostile device reports more bytes than the 32-byte chunk it was given: the
 * capsule hands out only the chunk (reading past it would leak kernel memory to the app, and
 * ASan reports the overread of the capsule's buffer). */
static void test_a_device_reporting_too_many_bytes_gives_only_the_chunk(void **state)
{
	(void)state;
	lend(p, 300);
	ask(p, 300);
	for (uint32_t i = 0; i < RNG_CHUNK; i++)
		dev.buf[i] = (uint8_t)(i + 1);
	dev.buf = NULL;
	dev.client->ready(dev.client, 200);
	uint8_t *b = env_mem(p->mem_start + BUF);
	for (uint32_t i = 0; i < RNG_CHUNK; i++)
		assert_int_equal(b[i], i + 1);
	assert_int_equal(b[RNG_CHUNK], 0);   /* nothing from beyond the chunk */
	assert_int_equal(p->upcall_count, 0);   /* still wants 268 bytes */
	assert_int_equal(dev.gets, 2);
	while (p->upcall_count == 0)
		dev_fill(RNG_CHUNK);
	drv_assert_event(p, 0, RNG_DRIVER_NUM, 0, 0, 300, 0);
}

static void test_without_a_device_every_command_is_nodevice(void **state)
{
	(void)state;
	struct rng_capsule none;
	rng_capsule_init(&none, NULL, GRANT_DRV_B);
	env.extra[0] = none.driver;   /* replaces the copy setup added */
	for (uint32_t c = 0; c < 3; c++) {
		struct env_ret r = env_command(p, RNG_DRIVER_NUM, c, 4, 0);
		assert_int_equal(r.a[0], SYSRET_FAILURE);
		assert_int_equal(r.a[1], ERR_NODEVICE);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_exists, setup),
		cmocka_unit_test_setup(test_a_request_completes_only_after_the_device_answers, setup),
		cmocka_unit_test_setup(test_large_requests_take_several_fills_including_short_ones, setup),
		cmocka_unit_test_setup(test_the_buffer_clips_the_request, setup),
		cmocka_unit_test_setup(test_no_buffer_completes_with_zero_bytes, setup),
		cmocka_unit_test_setup(test_a_buffer_taken_back_mid_request_ends_it, setup),
		cmocka_unit_test_setup(test_processes_are_served_in_turn_from_the_same_fills, setup),
		cmocka_unit_test_setup(test_a_new_request_replaces_the_running_one, setup),
		cmocka_unit_test_setup(test_a_process_that_ends_is_forgotten, setup),
		cmocka_unit_test_setup(test_a_device_reporting_too_many_bytes_gives_only_the_chunk, setup),
		cmocka_unit_test_setup(test_without_a_device_every_command_is_nodevice, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
