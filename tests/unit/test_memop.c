/* Unit tests of memop (kernel/memop.c): ops 0-11, break limits, zeroing, allow high-water mark, PMP updates. */
/* sources: @kernel_env */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "fakes/env.h"

static struct process *p;
static const uint32_t wfr[] = { 0x200, 0x100, 0x300, 0x40 };

static int setup(void **state)
{
	(void)state;
	env_init();
	p = env_proc(0, &(struct proc_opts){ .wfr = wfr, .wfr_count = 2 });
	return 0;
}

static struct env_ret op(uint32_t o, uint32_t arg)
{
	return env_memop(p, o, arg);
}

static void test_layout_queries(void **state)
{
	(void)state;
	assert_int_equal(op(2, 0).a[0], SYSRET_SUCCESS_U32);
	assert_int_equal(op(2, 0).a[1], p->mem_start);
	assert_int_equal(op(3, 0).a[1], p->mem_end);
	assert_int_equal(op(4, 0).a[1], p->flash_start);
	assert_int_equal(op(5, 0).a[1], p->flash_end);
	assert_int_equal(op(6, 0).a[1], p->kernel_brk);
	assert_int_equal(op(7, 0).a[1], 2);
	assert_int_equal(op(8, 0).a[1], p->flash_start + 0x200);
	assert_int_equal(op(9, 0).a[1], p->flash_start + 0x300);
	assert_int_equal(op(8, 1).a[1], p->flash_start + 0x300);
	assert_int_equal(op(9, 1).a[1], p->flash_start + 0x340);
	struct env_ret r = op(8, 2);
	assert_int_equal(r.a[0], SYSRET_FAILURE);
	assert_int_equal(r.a[1], ERR_FAIL);
	assert_int_equal(op(9, 0xffffffffu).a[1], ERR_FAIL);
	assert_int_equal(op(10, 0x1234).a[0], SYSRET_SUCCESS);
	assert_int_equal(p->stack_hint, 0x1234);
	assert_int_equal(op(11, 0x5678).a[0], SYSRET_SUCCESS);
	assert_int_equal(p->heap_hint, 0x5678);
	for (uint32_t o = 12; o < 20; o++) {
		r = op(o, 0);
		assert_int_equal(r.a[0], SYSRET_FAILURE);
		assert_int_equal(r.a[1], ERR_NOSUPPORT);
	}
	assert_int_equal(op(0xffffffffu, 0).a[1], ERR_NOSUPPORT);
}

static void test_brk_limits(void **state)
{
	(void)state;
	uint32_t m = p->mem_start, k = p->kernel_brk;
	assert_int_equal(op(0, m - 4).a[1], ERR_NOMEM);
	assert_int_equal(op(0, k + 4).a[1], ERR_NOMEM);
	assert_int_equal(op(0, p->mem_end).a[1], ERR_NOMEM);
	assert_int_equal(op(0, 0xffffffffu).a[1], ERR_NOMEM);
	assert_int_equal(op(0, 0).a[1], ERR_NOMEM);
	assert_int_equal(op(0, k).a[0], SYSRET_SUCCESS);
	assert_int_equal(p->app_brk, k);
	assert_int_equal(op(0, m).a[0], SYSRET_SUCCESS);
	assert_int_equal(p->app_brk, m);
	assert_int_equal(op(0, m + 5).a[0], SYSRET_SUCCESS);
	assert_int_equal(p->app_brk, m + 8);   /* rounded up to the protection's 4-byte granule */
	assert_null(env_check());
}

static void test_brk_moves_the_protection_at_once(void **state)
{
	(void)state;
	uint32_t m = p->mem_start;
	op(0, m + 0x100);
	assert_ptr_equal(host_arch.mpu_owner, p);
	unsigned loads = host_arch.mpu_loads;
	assert_int_equal(op(0, m + 0x400).a[0], SYSRET_SUCCESS);
	assert_int_equal(host_arch.mpu_loads, loads + 1);
	assert_true(host_mpu_allows(&host_arch.mpu, m, 0x400, MPU_R | MPU_W));
	assert_false(host_mpu_allows(&host_arch.mpu, m + 0x400, 1, MPU_R));
	assert_int_equal(op(0, m + 0x40).a[0], SYSRET_SUCCESS);
	assert_false(host_mpu_allows(&host_arch.mpu, m + 0x40, 1, MPU_R));
	assert_true(host_mpu_allows(&host_arch.mpu, m + 0x3c, 4, MPU_W));
	assert_true(host_mpu_allows(&host_arch.mpu, p->flash_start, p->flash_end - p->flash_start, MPU_R | MPU_X));
	assert_false(host_mpu_allows(&host_arch.mpu, p->flash_start, 4, MPU_W));
	assert_null(env_check());
}

/* A break the protection cannot express is refused, transfer regions or not (the kernel
 * adopts no layout its protection could not load). Here the flash is moved to just above the
 * RAM's start, so a break past it would overlap the two regions. */
static void test_brk_the_protection_cannot_express_is_refused(void **state)
{
	(void)state;
	uint32_t m = p->mem_start, fs = p->flash_start, fe = p->flash_end;
	assert_int_equal(op(0, m + 0x100).a[0], SYSRET_SUCCESS);
	p->flash_start = m + 0x200;
	p->flash_end = m + 0x240;
	struct env_ret r = op(0, m + 0x300);
	assert_int_equal(r.a[0], SYSRET_FAILURE);
	assert_int_equal(r.a[1], ERR_NOMEM);
	assert_int_equal(p->app_brk, m + 0x100);   /* unchanged */
	assert_int_equal(op(0, m + 0x200).a[0], SYSRET_SUCCESS);   /* up to the flash: fits */
	p->flash_start = fs;
	p->flash_end = fe;
	assert_int_equal(op(0, m + 0x300).a[0], SYSRET_SUCCESS);
}

static void test_newly_exposed_memory_is_zeroed(void **state)
{
	(void)state;
	uint32_t m = p->mem_start;
	op(0, m + 0x100);
	memset(env_mem(m), 0xaa, 0x100);
	op(0, m + 0x20);
	op(0, m + 0x100);
	assert_int_equal(env_mem(m)[0x1f], 0xaa);
	for (unsigned i = 0x20; i < 0x100; i++)
		assert_int_equal(env_mem(m)[i], 0);
}

static void test_brk_never_drops_below_an_allowed_buffer(void **state)
{
	(void)state;
	uint32_t m = p->mem_start;
	op(0, m + 0x200);
	assert_int_equal(env_allow(p, SYS_ALLOW_RW, TEST_DRIVER_NUM, 0, m + 0x100, 0x80).a[0], SYSRET_SUCCESS_2U32);
	assert_int_equal(p->allow_high_water, m + 0x180);
	assert_int_equal(op(0, m + 0x17c).a[1], ERR_NOMEM);
	assert_int_equal(op(0, m + 0x180).a[0], SYSRET_SUCCESS);
	/* The mark stays after the buffer is taken back (as in Tock). */
	env_allow(p, SYS_ALLOW_RW, TEST_DRIVER_NUM, 0, 0, 0);
	assert_int_equal(op(0, m + 0x100).a[1], ERR_NOMEM);
	/* Read-only allows of RAM count too; of flash they do not. */
	env_allow(p, SYS_ALLOW_RO, TEST_DRIVER_NUM, 0, p->app_start, 0x40);
	assert_int_equal(p->allow_high_water, m + 0x180);
	op(0, m + 0x300);
	env_allow(p, SYS_ALLOW_RO, TEST_DRIVER_NUM, 0, m + 0x200, 0x10);
	assert_int_equal(op(1, -0x100u).a[1], ERR_NOMEM);
	assert_null(env_check());
}

static void test_sbrk_returns_the_old_break_and_rejects_wrap_around(void **state)
{
	(void)state;
	uint32_t b = p->app_brk;
	struct env_ret r = op(1, 0x100);
	assert_int_equal(r.a[0], SYSRET_SUCCESS_U32);
	assert_int_equal(r.a[1], b);
	assert_int_equal(p->app_brk, b + 0x100);
	r = op(1, 0);
	assert_int_equal(r.a[1], b + 0x100);
	r = op(1, (uint32_t)-0x80);
	assert_int_equal(r.a[1], b + 0x100);
	assert_int_equal(p->app_brk, b + 0x80);
	assert_int_equal(op(1, 0x7fffffffu).a[1], ERR_NOMEM);
	assert_int_equal(op(1, 0x80000000u).a[1], ERR_NOMEM);
	assert_int_equal(op(1, (uint32_t)-(int32_t)(p->app_brk - p->mem_start) - 4).a[1], ERR_NOMEM);
	assert_int_equal(op(1, 0xffffffffu).a[0], SYSRET_SUCCESS_U32);   /* -1: rounds back up */
	assert_int_equal(p->app_brk, b + 0x80);
	assert_int_equal(op(1, p->kernel_brk - p->app_brk).a[0], SYSRET_SUCCESS_U32);
	assert_int_equal(op(1, 4).a[1], ERR_NOMEM);
	assert_null(env_check());
}

static void test_brk_stops_at_grants_allocated_later(void **state)
{
	(void)state;
	uint32_t k = p->kernel_brk;
	assert_int_equal(env_subscribe(p, TEST_DRIVER_NUM, 0, 0, 0).a[0], SYSRET_SUCCESS_2U32);
	assert_true(p->kernel_brk < k);
	assert_int_equal(op(0, k).a[1], ERR_NOMEM);
	assert_int_equal(op(6, 0).a[1], p->kernel_brk);
	assert_int_equal(op(0, p->kernel_brk).a[0], SYSRET_SUCCESS);
	assert_null(env_check());
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_layout_queries, setup),
		cmocka_unit_test_setup(test_brk_limits, setup),
		cmocka_unit_test_setup(test_brk_moves_the_protection_at_once, setup),
		cmocka_unit_test_setup(test_brk_the_protection_cannot_express_is_refused, setup),
		cmocka_unit_test_setup(test_newly_exposed_memory_is_zeroed, setup),
		cmocka_unit_test_setup(test_brk_never_drops_below_an_allowed_buffer, setup),
		cmocka_unit_test_setup(test_sbrk_returns_the_old_break_and_rejects_wrap_around, setup),
		cmocka_unit_test_setup(test_brk_stops_at_grants_allocated_later, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
