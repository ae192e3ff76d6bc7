/* Unit tests of the read-only state capsule (0x9): the version-1 layout written by the before-run hook. */
/* sources: @kernel_env capsules/ros.c capsules/ros_init.c */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <capsules/ros.h>
#include "test_drv_env.h"

static struct ros ros;
static struct process *p;

enum { BUF = 0x300 };

static int setup(void **state)
{
	(void)state;
	env_init();
	ros_init(&ros, GRANT_DRV_A);
	drv_install(&ros.driver);
	p = env_proc_default(0);
	memset(env_mem(p->mem_start + BUF), 0xaa, 32);
	return 0;
}

static uint32_t word(unsigned i)
{
	uint32_t v;
	memcpy(&v, env_mem(p->mem_start + BUF + 4 * i), 4);
	return v;
}

static void share(uint32_t len)
{
	assert_int_equal(env_allow(p, SYS_ALLOW_UR, ROS_DRIVER_NUM, 0, p->mem_start + BUF, len).a[0],
			 SYSRET_SUCCESS_2U32);
}

static void test_version_is_1(void **state)
{
	(void)state;
	assert_int_equal(env_command(p, ROS_DRIVER_NUM, 0, 0, 0).a[0], SYSRET_SUCCESS);
	struct env_ret r = env_command(p, ROS_DRIVER_NUM, 1, 0, 0);
	assert_int_equal(r.a[0], SYSRET_SUCCESS_U32);
	assert_int_equal(r.a[1], ROS_VERSION);
	assert_int_equal(env_command(p, ROS_DRIVER_NUM, 2, 0, 0).a[1], ERR_NOSUPPORT);
	assert_int_equal(env_allow(p, SYS_ALLOW_RW, ROS_DRIVER_NUM, 0, p->mem_start + BUF, 16).a[1],
			 ERR_NOSUPPORT);
}

static void test_each_switch_writes_count_pending_and_time(void **state)
{
	(void)state;
	share(64);
	fake_time.now = 0x123456789ull;
	assert_ptr_equal(env_step(), p);
	assert_int_equal(word(0), 1);
	assert_int_equal(word(1), 0);
	assert_int_equal(word(2), 0x23456789u);
	assert_int_equal(word(3), 0x1u);
	assert_int_equal(word(4), 0xaaaaaaaau);   /* beyond the version-1 fields: untouched */
	fake_time.now += 5;
	env_step();
	assert_int_equal(word(0), 2);
	assert_int_equal(word(2), 0x2345678eu);
}

static void test_pending_counts_queued_function_calls(void **state)
{
	(void)state;
	share(16);
	env_subscribe(p, TEST_DRIVER_NUM, 1, env_fn(p, 0), 0);
	upcall_schedule(p, &env.test_driver, 1, 1, 2, 3);
	upcall_schedule(p, &env.test_driver, 1, 4, 5, 6);
	upcall_schedule(p, &env.test_driver, 0, 0, 0, 0);   /* a null-upcall record is no task */
	env_step();
	assert_int_equal(word(1), 2);
}

static void test_system_calls_on_the_fast_path_do_not_refresh(void **state)
{
	(void)state;
	share(16);
	env_step();
	fake_time.now += 100;
	env_command(p, ROS_DRIVER_NUM, 1, 0, 0);
	assert_int_equal(word(0), 1);
	assert_int_equal(word(2), 1000);
}

static void test_a_short_buffer_gets_what_fits(void **state)
{
	(void)state;
	share(6);
	env_step();
	uint8_t *b = env_mem(p->mem_start + BUF);
	assert_int_equal(word(0), 1);
	assert_int_equal(b[4], 0);
	assert_int_equal(b[5], 0);
	assert_int_equal(b[6], 0xaa);
}

static void test_nothing_is_written_without_a_buffer(void **state)
{
	(void)state;
	env_step();
	assert_int_equal(word(0), 0xaaaaaaaau);
	assert_null(grant_peek(p, &ros.driver));   /* the hook never allocates */
	share(16);
	share(0);   /* taken back */
	env_step();
	assert_int_equal(word(0), 0xaaaaaaaau);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_version_is_1, setup),
		cmocka_unit_test_setup(test_each_switch_writes_count_pending_and_time, setup),
		cmocka_unit_test_setup(test_pending_counts_queued_function_calls, setup),
		cmocka_unit_test_setup(test_system_calls_on_the_fast_path_do_not_refresh, setup),
		cmocka_unit_test_setup(test_a_short_buffer_gets_what_fits, setup),
		cmocka_unit_test_setup(test_nothing_is_written_without_a_buffer, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
