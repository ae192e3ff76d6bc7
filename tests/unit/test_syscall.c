/* Unit tests of syscall dispatch (kernel/syscall.c): command, subscribe, allow validation, filter, exit, bad classes. */
/* sources: @kernel_env */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "fakes/env.h"

static struct process *p, *q;

static int setup(void **state)
{
	(void)state;
	env_init();
	p = env_proc_default(0);
	q = env_proc_default(1);
	return 0;
}

#define assert_ret(r, v0, v1, v2, v3) do { \
	struct env_ret r_ = (r); \
	assert_int_equal(r_.a[0], (v0)); assert_int_equal(r_.a[1], (v1)); \
	assert_int_equal(r_.a[2], (v2)); assert_int_equal(r_.a[3], (v3)); } while (0)

static void test_command_reaches_the_driver_and_returns_its_registers(void **state)
{
	(void)state;
	uint32_t pc = p->ctx.pc;
	env.test_ret = sysret_success_2u32(0x11, 0x22);
	struct env_ret r = env_command(p, TEST_DRIVER_NUM, 7, 0xaaaa, 0xbbbb);
	assert_ret(r, SYSRET_SUCCESS_2U32, 0x11, 0x22, 0);
	assert_int_equal(r.blocked, 0);
	assert_int_equal(env.test_calls, 1);
	assert_int_equal(env.test_last[0], 7);
	assert_int_equal(env.test_last[1], 0xaaaa);
	assert_int_equal(env.test_last[2], 0xbbbb);
	assert_ptr_equal(env.test_last_proc, p);
	assert_int_equal(p->ctx.pc, pc + 4);
	assert_int_equal(p->syscall_count, 2);   /* env_proc's brk was the first */
	assert_int_equal(p->ctx.regs[RV_A4], SYS_COMMAND);   /* only a0..a3 change */
}

static void test_command_to_missing_driver_is_nodevice_and_unknown_command_nosupport(void **state)
{
	(void)state;
	assert_ret(env_command(p, 0x12345, 0, 0, 0), SYSRET_FAILURE, ERR_NODEVICE, 0, 0);
	assert_ret(env_command(p, CONSOLE_DRIVER_NUM, 0, 0, 0), SYSRET_SUCCESS, 0, 0, 0);
	assert_ret(env_command(p, CONSOLE_DRIVER_NUM, 9, 0, 0), SYSRET_FAILURE, ERR_NOSUPPORT, 0, 0);
	assert_ret(env_command(p, ALARM_DRIVER_NUM, 4, 0, 0), SYSRET_FAILURE, ERR_NOSUPPORT, 0, 0);
}

static void test_subscribe_returns_the_previous_upcall(void **state)
{
	(void)state;
	uint32_t f1 = env_fn(p, 1), f2 = env_fn(p, 2);
	assert_ret(env_subscribe(p, TEST_DRIVER_NUM, 3, f1, 0x1234), SYSRET_SUCCESS_2U32, 0, 0, 0);
	assert_ret(env_subscribe(p, TEST_DRIVER_NUM, 3, f2, 0x5678), SYSRET_SUCCESS_2U32, f1, 0x1234, 0);
	assert_ret(env_subscribe(p, TEST_DRIVER_NUM, 3, 0, 0), SYSRET_SUCCESS_2U32, f2, 0x5678, 0);
	/* Another process's slot is separate. */
	assert_ret(env_subscribe(q, TEST_DRIVER_NUM, 3, env_fn(q, 0), 9), SYSRET_SUCCESS_2U32, 0, 0, 0);
}

static void test_subscribe_rejects_bad_drivers_numbers_and_function_pointers(void **state)
{
	(void)state;
	uint32_t f = env_fn(p, 1);
	assert_ret(env_subscribe(p, 0x4242, 0, f, 7), SYSRET_FAILURE_2U32, ERR_NODEVICE, f, 7);
	assert_ret(env_subscribe(p, TEST_DRIVER_NUM, 4, f, 7), SYSRET_FAILURE_2U32, ERR_NOSUPPORT, f, 7);
	assert_ret(env_subscribe(p, TEST_DRIVER_NUM, 0, f, 7), SYSRET_SUCCESS_2U32, 0, 0, 0);
	/* In the TBF header, in another process, in the kernel area, or at the break: INVAL,
	 * and the registration stays. */
	uint32_t bad[] = { p->flash_start, p->app_start - 2, p->flash_end - 1, env_fn(q, 0), q->mem_start,
			   env.kernel_area, p->app_brk - 1, p->app_brk, p->kernel_brk, p->mem_end - 4, 1 };
	for (unsigned i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_ret(env_subscribe(p, TEST_DRIVER_NUM, 0, bad[i], 3), SYSRET_FAILURE_2U32, ERR_INVAL, bad[i], 3);
	assert_int_equal(grant_upcall(p, &env.test_driver, 0, false)->fn, f);
	/* Valid: the first binary byte, the last flash halfword, app RAM. */
	uint32_t good[] = { p->app_start, p->flash_end - 2, p->mem_start, p->app_brk - 2 };
	uint32_t prev = f;
	for (unsigned i = 0; i < sizeof good / sizeof good[0]; i++) {
		assert_ret(env_subscribe(p, TEST_DRIVER_NUM, 0, good[i], 3), SYSRET_SUCCESS_2U32, prev, i ? 3 : 7, 0);
		prev = good[i];
	}
}

static void test_a_driver_without_grant_has_no_upcall_or_allow_slots(void **state)
{
	(void)state;
	uint32_t f = env_fn(p, 0);
	/* A driver without a grant slot has no upcall or allow slots (kernel/driver.c). */
	assert_ret(env_subscribe(p, NOGRANT_DRIVER_NUM, 1, f, 5), SYSRET_FAILURE_2U32, ERR_NOSUPPORT, f, 5);
	assert_ret(env_allow(p, SYS_ALLOW_RW, NOGRANT_DRIVER_NUM, 0, p->mem_start, 4), SYSRET_FAILURE_2U32,
		   ERR_NOSUPPORT, p->mem_start, 4);
}

/* Upcall and allow slots live in the grant, and a queued upcall names its driver by grant
 * slot (kernel_area.h): a board driver with such slots but no grant slot is a board mistake
 * that stops the boot, as is one with more upcalls than an id holds. */
static void expect_boot_panic(const struct driver *drv)
{
	jmp_buf halt;
	host_console_clear();
	host_arch.halt_jmp = &halt;
	if (setjmp(halt) == 0) {
		env_add_driver(drv);
		host_arch.halt_jmp = NULL;
		fail_msg("driver_index_build accepted driver 0x%x", drv->number);
	}
	host_arch.halt_jmp = NULL;
	assert_non_null(strstr(host_console(), "bad upcall/allow slots"));
}

static void test_a_driver_with_upcalls_needs_a_grant_slot(void **state)
{
	(void)state;
	expect_boot_panic(&(struct driver){ .number = 0x777, .num_upcalls = 1, .grant_slot = DRIVER_NO_GRANT });
}

static void test_a_driver_with_allows_needs_a_grant_slot(void **state)
{
	(void)state;
	expect_boot_panic(&(struct driver){ .number = 0x778, .num_allow_ro = 1, .grant_slot = DRIVER_NO_GRANT });
}

static void test_a_driver_has_at_most_128_upcalls(void **state)
{
	(void)state;
	expect_boot_panic(&(struct driver){ .number = 0x779, .num_upcalls = 129, .grant_slot = GRANT_TEST });
}

static void test_allow_rw_must_lie_in_app_ram(void **state)
{
	(void)state;
	uint32_t m = p->mem_start, b = p->app_brk;
	struct { uint32_t ptr, len; bool ok; } cases[] = {
		{ m, 16, true }, { m, b - m, true }, { b - 1, 1, true }, { m, b - m + 1, false },
		{ b, 1, false }, { m - 1, 2, false }, { p->kernel_brk, 4, false }, { p->mem_end - 4, 4, false },
		{ p->app_start, 4, false }, { q->mem_start, 4, false }, { env.kernel_area, 16, false },
		{ 0xffffff00u, 0x200, false }, { m + 8, 0xfffffffcu, false }, { m, 0xffffffffu, false },
		{ 0, 1, false },
	};
	for (unsigned cls = SYS_ALLOW_RW; cls <= SYS_ALLOW_UR; cls += SYS_ALLOW_UR - SYS_ALLOW_RW)
		for (unsigned i = 0; i < sizeof cases / sizeof cases[0]; i++) {
			struct env_ret r = env_allow(p, cls, TEST_DRIVER_NUM, 1, cases[i].ptr, cases[i].len);
			if (cases[i].ok) {
				assert_int_equal(r.a[0], SYSRET_SUCCESS_2U32);
			} else {
				assert_ret(r, SYSRET_FAILURE_2U32, ERR_INVAL, cases[i].ptr, cases[i].len);
			}
		}
	assert_null(env_check());
}

static void test_allow_ro_may_also_point_into_flash_after_the_header(void **state)
{
	(void)state;
	struct { uint32_t ptr, len; bool ok; } cases[] = {
		{ p->app_start, 16, true }, { p->app_start, p->flash_end - p->app_start, true },
		{ p->flash_end - 1, 1, true }, { p->mem_start, 8, true },
		{ p->flash_start, 4, false }, { p->app_start - 1, 2, false }, { p->flash_end, 1, false },
		{ p->flash_end - 4, 8, false }, { q->app_start, 4, false }, { env.kernel_area, 1, false },
		{ p->app_start, 0xffffffffu, false },
	};
	for (unsigned i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct env_ret r = env_allow(p, SYS_ALLOW_RO, TEST_DRIVER_NUM, 0, cases[i].ptr, cases[i].len);
		if (cases[i].ok)
			assert_int_equal(r.a[0], SYSRET_SUCCESS_2U32);
		else
			assert_ret(r, SYSRET_FAILURE_2U32, ERR_INVAL, cases[i].ptr, cases[i].len);
	}
	/* RW into flash is refused. */
	assert_ret(env_allow(p, SYS_ALLOW_RW, TEST_DRIVER_NUM, 0, p->app_start, 4), SYSRET_FAILURE_2U32,
		   ERR_INVAL, p->app_start, 4);
}

static void test_zero_length_allow_is_accepted_at_any_address(void **state)
{
	(void)state;
	uint32_t addrs[] = { 0, env.kernel_area, q->mem_start, 0xffffffffu, p->kernel_brk };
	for (unsigned i = 0; i < sizeof addrs / sizeof addrs[0]; i++)
		for (unsigned cls = SYS_ALLOW_RW; cls <= SYS_ALLOW_RO; cls++)
			assert_int_equal(env_allow(p, cls, TEST_DRIVER_NUM, 0, addrs[i], 0).a[0], SYSRET_SUCCESS_2U32);
	/* ... and does not raise the allow high-water mark. */
	assert_int_equal(p->allow_high_water, p->mem_start);
	assert_null(env_check());
}

static void test_allow_swaps_and_failures_keep_the_old_buffer(void **state)
{
	(void)state;
	uint32_t m = p->mem_start;
	assert_ret(env_allow(p, SYS_ALLOW_RW, TEST_DRIVER_NUM, 1, m, 8), SYSRET_SUCCESS_2U32, 0, 0, 0);
	assert_ret(env_allow(p, SYS_ALLOW_RW, TEST_DRIVER_NUM, 1, m + 8, 16), SYSRET_SUCCESS_2U32, m, 8, 0);
	assert_ret(env_allow(p, SYS_ALLOW_RW, TEST_DRIVER_NUM, 1, q->mem_start, 16), SYSRET_FAILURE_2U32,
		   ERR_INVAL, q->mem_start, 16);
	assert_ret(env_allow(p, SYS_ALLOW_RW, TEST_DRIVER_NUM, 1, 0, 0), SYSRET_SUCCESS_2U32, m + 8, 16, 0);
	/* RW, RO and userspace-readable slot 1 are three different slots. */
	assert_ret(env_allow(p, SYS_ALLOW_RO, TEST_DRIVER_NUM, 1, m, 4), SYSRET_SUCCESS_2U32, 0, 0, 0);
	assert_ret(env_allow(p, SYS_ALLOW_UR, TEST_DRIVER_NUM, 1, m, 12), SYSRET_SUCCESS_2U32, 0, 0, 0);
	assert_ret(env_allow(p, SYS_ALLOW_RW, TEST_DRIVER_NUM, 1, m, 20), SYSRET_SUCCESS_2U32, 0, 0, 0);
	assert_ret(env_allow(p, SYS_ALLOW_RO, TEST_DRIVER_NUM, 1, 0, 0), SYSRET_SUCCESS_2U32, m, 4, 0);
	assert_ret(env_allow(p, SYS_ALLOW_UR, TEST_DRIVER_NUM, 1, 0, 0), SYSRET_SUCCESS_2U32, m, 12, 0);
	/* The capsule sees the current buffer. */
	uint8_t *buf;
	uint32_t len;
	assert_true(grant_buffer(p, &env.test_driver, ALLOW_RW, 1, &buf, &len));
	assert_ptr_equal(buf, env_mem(m));
	assert_int_equal(len, 20);
	assert_false(grant_buffer(p, &env.test_driver, ALLOW_RO, 1, &buf, &len));
	assert_null(buf);
	assert_int_equal(len, 0);
}

static void test_allow_slot_numbers_and_drivers(void **state)
{
	(void)state;
	uint32_t m = p->mem_start;
	assert_ret(env_allow(p, SYS_ALLOW_RW, TEST_DRIVER_NUM, 2, m, 4), SYSRET_FAILURE_2U32, ERR_NOSUPPORT, m, 4);
	assert_ret(env_allow(p, SYS_ALLOW_UR, TEST_DRIVER_NUM, 2, m, 4), SYSRET_FAILURE_2U32, ERR_NOSUPPORT, m, 4);
	assert_ret(env_allow(p, SYS_ALLOW_RO, ALARM_DRIVER_NUM, 0, m, 4), SYSRET_FAILURE_2U32, ERR_NOSUPPORT, m, 4);
	assert_ret(env_allow(p, SYS_ALLOW_RW, 0x7777, 0, m, 4), SYSRET_FAILURE_2U32, ERR_NODEVICE, m, 4);
	assert_ret(env_allow(p, SYS_ALLOW_RW, LLDB_DRIVER_NUM, 0, m, 4), SYSRET_FAILURE_2U32, ERR_NOSUPPORT, m, 4);
}

static void test_permissions_filter_commands_subscribes_and_allows(void **state)
{
	(void)state;
	/* TEST: commands 1 and 2 (offset 0), command 69 (offset 1); console: not listed. */
	static const uint32_t perms[] = { TEST_DRIVER_NUM, 0, 0x6, TEST_DRIVER_NUM, 1, 1u << 5 };
	struct process *f = env_proc(2, &(struct proc_opts){ .perms = perms, .perm_count = 2 });
	assert_int_equal(env_command(f, TEST_DRIVER_NUM, 1, 0, 0).a[0], SYSRET_SUCCESS);
	assert_int_equal(env_command(f, TEST_DRIVER_NUM, 2, 0, 0).a[0], SYSRET_SUCCESS);
	assert_int_equal(env_command(f, TEST_DRIVER_NUM, 69, 0, 0).a[0], SYSRET_SUCCESS);
	assert_ret(env_command(f, TEST_DRIVER_NUM, 3, 0, 0), SYSRET_FAILURE, ERR_NODEVICE, 0, 0);
	assert_ret(env_command(f, TEST_DRIVER_NUM, 5, 0, 0), SYSRET_FAILURE, ERR_NODEVICE, 0, 0);
	assert_ret(env_command(f, TEST_DRIVER_NUM, 0, 0, 0), SYSRET_FAILURE, ERR_NODEVICE, 0, 0);
	assert_ret(env_command(f, CONSOLE_DRIVER_NUM, 0, 0, 0), SYSRET_FAILURE, ERR_NODEVICE, 0, 0);
	assert_int_equal(env.test_calls, 3);
	/* Subscribe and allow need the driver listed; refusals are plain Failure. */
	assert_int_equal(env_subscribe(f, TEST_DRIVER_NUM, 0, env_fn(f, 0), 0).a[0], SYSRET_SUCCESS_2U32);
	assert_int_equal(env_allow(f, SYS_ALLOW_RW, TEST_DRIVER_NUM, 0, f->mem_start, 4).a[0], SYSRET_SUCCESS_2U32);
	assert_ret(env_subscribe(f, CONSOLE_DRIVER_NUM, 1, env_fn(f, 0), 0), SYSRET_FAILURE, ERR_NODEVICE, 0, 0);
	assert_ret(env_allow(f, SYS_ALLOW_RO, CONSOLE_DRIVER_NUM, 1, f->mem_start, 4), SYSRET_FAILURE, ERR_NODEVICE, 0, 0);
	/* Memop is never filtered. */
	assert_int_equal(env_memop(f, 2, 0).a[0], SYSRET_SUCCESS_U32);
}

static void test_unknown_class_faults_the_process(void **state)
{
	(void)state;
	uint32_t gen = p->generation;
	struct env_ret r = env_syscall(p, 8, 0, 0, 0, 0);
	assert_int_equal(r.blocked, TRAP_CONTEXT_REPLACED);
	assert_int_equal(p->faults, 1);
	assert_int_equal(p->restarts, 1);
	assert_int_equal(p->state, PS_RUNNABLE);          /* restarted by the default policy */
	assert_int_not_equal(p->generation, gen);
	assert_int_equal(p->ctx.pc, p->init_pc);
	env_run();   /* the fault report goes out through the UART mux */
	assert_non_null(strstr(fake_uart.out, "invalid system call class"));
	assert_int_equal(env_syscall(q, 0xffffffffu, 0, 0, 0, 0).blocked, TRAP_CONTEXT_REPLACED);
	assert_int_equal(q->faults, 1);
}

static void test_exit_terminate_restart_and_bad_number(void **state)
{
	(void)state;
	assert_ret(env_syscall(p, SYS_EXIT, 2, 5, 0, 0), SYSRET_FAILURE, ERR_NOSUPPORT, 0, 0);
	assert_int_equal(env_subscribe(p, TEST_DRIVER_NUM, 0, env_fn(p, 0), 0).a[0], SYSRET_SUCCESS_2U32);
	process_id_t id = process_id(p);
	assert_int_equal(env_syscall(p, SYS_EXIT, 1, 42, 0, 0).blocked, TRAP_CONTEXT_REPLACED);
	assert_int_equal(p->state, PS_RUNNABLE);
	assert_int_equal(p->exit_code, 42);
	assert_null(process_lookup(id));
	assert_null(grant_peek(p, &env.test_driver));   /* restart dropped the grant */
	assert_int_equal(p->app_brk, p->mem_start + 4);   /* back to the initial break */
	assert_int_equal(env_syscall(q, SYS_EXIT, 0, 0xfffffffeu, 0, 0).blocked, TRAP_CONTEXT_REPLACED);
	assert_int_equal(q->state, PS_TERMINATED);
	assert_int_equal(q->exit_code, 0xfffffffeu);
	env_run();
	assert_non_null(strstr(fake_uart.out, "process 'p1' exited with code -2"));
	assert_non_null(strstr(fake_uart.out, "process 'p0' restarted"));
}

/* Memop and a failing Exit answer in a0-a1 only: libtock-c keeps values live in a2-a3 (r2-r3)
 * across them (on Arm its memop's struct-return pointer), so those must come back unchanged. */
static void test_memop_and_failing_exit_leave_a2_a3_alone(void **state)
{
	(void)state;
	assert_ret(env_syscall(p, SYS_MEMOP, 2, 0, 0x2222a5a5u, 0x3333a5a5u),
		   SYSRET_SUCCESS_U32, p->mem_start, 0x2222a5a5u, 0x3333a5a5u);
	assert_ret(env_syscall(p, SYS_MEMOP, 12, 0, 0x2222a5a5u, 0x3333a5a5u),
		   SYSRET_FAILURE, ERR_NOSUPPORT, 0x2222a5a5u, 0x3333a5a5u);
	assert_ret(env_syscall(p, SYS_EXIT, 2, 5, 0x2222a5a5u, 0x3333a5a5u),
		   SYSRET_FAILURE, ERR_NOSUPPORT, 0x2222a5a5u, 0x3333a5a5u);
}

/* A driver whose commands are cmocka mocks: each call must have been expected. */
static struct sysret mock_command(void *self, struct process *x, uint32_t cmd, uint32_t arg0, uint32_t arg1)
{
	(void)self;
	check_expected_ptr(x);
	check_expected(cmd);
	check_expected(arg0);
	check_expected(arg1);
	return sysret_success_u32((uint32_t)mock());
}

static void test_commands_reach_the_driver_once_and_only_when_permitted(void **state)
{
	(void)state;
	struct driver mock = { .number = 0x20000, .grant_slot = DRIVER_NO_GRANT, .command = mock_command };
	env_add_driver(&mock);
	static const uint32_t perms[] = { 0x20000, 0, 0x2 };
	struct process *f = env_proc(2, &(struct proc_opts){ .perms = perms, .perm_count = 1 });
	expect_value(mock_command, x, p);
	expect_value(mock_command, cmd, 9);
	expect_value(mock_command, arg0, 0xfffffffeu);
	expect_value(mock_command, arg1, 0);
	will_return(mock_command, 77);
	assert_ret(env_command(p, 0x20000, 9, 0xfffffffeu, 0), SYSRET_SUCCESS_U32, 77, 0, 0);
	expect_value(mock_command, x, f);
	expect_value(mock_command, cmd, 1);
	expect_value(mock_command, arg0, 3);
	expect_value(mock_command, arg1, 4);
	will_return(mock_command, 5);
	assert_ret(env_command(f, 0x20000, 1, 3, 4), SYSRET_SUCCESS_U32, 5, 0, 0);
	/* Filtered: the driver is never called (cmocka fails on an unexpected call). */
	assert_ret(env_command(f, 0x20000, 2, 3, 4), SYSRET_FAILURE, ERR_NODEVICE, 0, 0);
	assert_ret(env_command(f, 0x20000, 65, 3, 4), SYSRET_FAILURE, ERR_NODEVICE, 0, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_command_reaches_the_driver_and_returns_its_registers, setup),
		cmocka_unit_test_setup(test_command_to_missing_driver_is_nodevice_and_unknown_command_nosupport, setup),
		cmocka_unit_test_setup(test_subscribe_returns_the_previous_upcall, setup),
		cmocka_unit_test_setup(test_subscribe_rejects_bad_drivers_numbers_and_function_pointers, setup),
		cmocka_unit_test_setup(test_a_driver_without_grant_has_no_upcall_or_allow_slots, setup),
		cmocka_unit_test_setup(test_a_driver_with_upcalls_needs_a_grant_slot, setup),
		cmocka_unit_test_setup(test_a_driver_with_allows_needs_a_grant_slot, setup),
		cmocka_unit_test_setup(test_a_driver_has_at_most_128_upcalls, setup),
		cmocka_unit_test_setup(test_allow_rw_must_lie_in_app_ram, setup),
		cmocka_unit_test_setup(test_allow_ro_may_also_point_into_flash_after_the_header, setup),
		cmocka_unit_test_setup(test_zero_length_allow_is_accepted_at_any_address, setup),
		cmocka_unit_test_setup(test_allow_swaps_and_failures_keep_the_old_buffer, setup),
		cmocka_unit_test_setup(test_allow_slot_numbers_and_drivers, setup),
		cmocka_unit_test_setup(test_permissions_filter_commands_subscribes_and_allows, setup),
		cmocka_unit_test_setup(test_unknown_class_faults_the_process, setup),
		cmocka_unit_test_setup(test_exit_terminate_restart_and_bad_number, setup),
		cmocka_unit_test_setup(test_memop_and_failing_exit_leave_a2_a3_alone, setup),
		cmocka_unit_test_setup(test_commands_reach_the_driver_once_and_only_when_permitted, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
