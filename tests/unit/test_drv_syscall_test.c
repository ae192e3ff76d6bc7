/* Unit tests of the system call return test capsule (0xA0000): every variant, register by register, and its allow and subscribe slots. */
/* sources: @kernel_env capsules/syscall_test.c */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <capsules/syscall_test.h>
#include "test_drv_env.h"

static struct syscall_test st;
static struct process *p;

#define DRV SYSCALL_TEST_DRIVER_NUM
enum { BUF = 0x300 };

static int setup(void **state)
{
	(void)state;
	env_init();
	syscall_test_init(&st, GRANT_DRV_A);
	drv_install(&st.driver);
	p = env_proc_default(0);
	return 0;
}

static void assert_regs(struct env_ret r, uint32_t a0, uint32_t a1, uint32_t a2, uint32_t a3)
{
	assert_int_equal(r.a[0], a0);
	assert_int_equal(r.a[1], a1);
	assert_int_equal(r.a[2], a2);
	assert_int_equal(r.a[3], a3);
}

/* The values of Tock's capsule (capsules/extra syscall_return_test), which libtock-c's
 * examples/tests/syscall-return checks. Arguments change nothing. */
static void test_each_command_answers_its_variant(void **state)
{
	(void)state;
	assert_regs(env_command(p, DRV, 0, 0, 0), SYSRET_SUCCESS, 0, 0, 0);
	assert_regs(env_command(p, DRV, 1, 0, 0), SYSRET_FAILURE, ERR_FAIL, 0, 0);
	assert_regs(env_command(p, DRV, 2, 0, 0), SYSRET_FAILURE_U32, ERR_BUSY, 0x10000001u, 0);
	assert_regs(env_command(p, DRV, 3, 0, 0), SYSRET_FAILURE_2U32, ERR_NOMEM, 0x20000001u, 0x20000002u);
	assert_regs(env_command(p, DRV, 4, 0, 0), SYSRET_FAILURE_U64, ERR_INVAL, 0x00000001u, 0x40000000u);
	assert_regs(env_command(p, DRV, 5, 7, 8), SYSRET_SUCCESS, 0, 0, 0);
	assert_regs(env_command(p, DRV, 6, 0, 0), SYSRET_SUCCESS_U32, 0x60000001u, 0, 0);
	assert_regs(env_command(p, DRV, 7, 0, 0), SYSRET_SUCCESS_2U32, 0x70000001u, 0x70000002u, 0);
	assert_regs(env_command(p, DRV, 8, 0, 0), SYSRET_SUCCESS_3U32, 0x80000001u, 0x80000002u, 0x80000003u);
	assert_regs(env_command(p, DRV, 9, 0, 0), SYSRET_SUCCESS_U64, 0x00000001u, 0x90000000u, 0);
	assert_regs(env_command(p, DRV, 10, 1, 2), SYSRET_SUCCESS_U32_U64, 0xA0000001u, 0x00000002u, 0xA0000000u);
	assert_regs(env_command(p, DRV, 11, 0, 0), SYSRET_FAILURE, ERR_NOSUPPORT, 0, 0);
	assert_regs(env_command(p, DRV, 0xffffffffu, 0, 0), SYSRET_FAILURE, ERR_NOSUPPORT, 0, 0);
}

/* Slot 0 of each allow class swaps buffers; other numbers are NOSUPPORT; a buffer outside the
 * process is INVAL. Failures echo the caller's pointer and length. */
static void test_allow_slot_0_of_every_class(void **state)
{
	(void)state;
	static const uint32_t classes[] = { SYS_ALLOW_RO, SYS_ALLOW_RW, SYS_ALLOW_UR };
	uint32_t buf = p->mem_start + BUF;
	for (unsigned i = 0; i < 3; i++) {
		uint32_t c = classes[i];
		assert_regs(env_allow(p, c, DRV, 0, buf, 16), SYSRET_SUCCESS_2U32, 0, 0, 0);
		assert_regs(env_allow(p, c, DRV, 0, buf, 16), SYSRET_SUCCESS_2U32, buf, 16, 0);
		assert_regs(env_allow(p, c, DRV, 0, 0x90, 4), SYSRET_FAILURE_2U32, ERR_INVAL, 0x90, 4);
		assert_regs(env_allow(p, c, DRV, 1, buf, 16), SYSRET_FAILURE_2U32, ERR_NOSUPPORT, buf, 16);
		assert_regs(env_allow(p, c, DRV, 0, 0, 0), SYSRET_SUCCESS_2U32, buf, 16, 0);
	}
}

static void test_subscribe_0_only(void **state)
{
	(void)state;
	uint32_t fn = env_fn(p, 1);
	assert_regs(env_subscribe(p, DRV, 0, fn, 0), SYSRET_SUCCESS_2U32, 0, 0, 0);
	assert_regs(env_subscribe(p, DRV, 0, fn, 0), SYSRET_SUCCESS_2U32, fn, 0, 0);
	assert_regs(env_subscribe(p, DRV, 0, 0x90, 0xfffffffeu), SYSRET_FAILURE_2U32, ERR_INVAL, 0x90,
		    0xfffffffeu);
	assert_regs(env_subscribe(p, DRV, 1, fn, 5), SYSRET_FAILURE_2U32, ERR_NOSUPPORT, fn, 5);
	assert_regs(env_subscribe(p, DRV, 0, 0, 0), SYSRET_SUCCESS_2U32, fn, 0, 0);
	assert_null(env_check());
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_each_command_answers_its_variant, setup),
		cmocka_unit_test_setup(test_allow_slot_0_of_every_class, setup),
		cmocka_unit_test_setup(test_subscribe_0_only, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
