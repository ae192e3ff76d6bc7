/* Unit tests of the button capsule (0x3) on the virtual GPIO bank: counts, reads, interrupts and upcalls. */
/* sources: @kernel_env capsules/buttons.c chips/gpio_bank.c */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <capsules/buttons.h>
#include "../../chips/gpio_bank.h"
#include "test_drv_env.h"

static struct gpio_bank bank;
static struct gpio_port port;
static struct buttons buttons;
static struct process *p, *q;

static int setup(void **state)
{
	(void)state;
	env_init();
	gpio_bank_init(&bank, &port, 4);
	buttons_init(&buttons, &port, GRANT_DRV_A);
	drv_install(&buttons.driver);
	p = env_proc_default(0);
	q = env_proc_default(1);
	return 0;
}

static struct env_ret cmd(struct process *x, uint32_t c, uint32_t i)
{
	return env_command(x, BUTTONS_DRIVER_NUM, c, i, 0);
}

static void press(unsigned i, bool down)
{
	port.ops->drive(port.dev, i, down);
}

static void test_command_0_returns_the_button_count(void **state)
{
	(void)state;
	struct env_ret r = cmd(p, 0, 0);
	assert_int_equal(r.a[0], SYSRET_SUCCESS_U32);
	assert_int_equal(r.a[1], 4);
}

static void test_read_follows_the_button(void **state)
{
	(void)state;
	assert_int_equal(cmd(p, 3, 2).a[1], 0);
	press(2, true);
	struct env_ret r = cmd(p, 3, 2);
	assert_int_equal(r.a[0], SYSRET_SUCCESS_U32);
	assert_int_equal(r.a[1], 1);
	press(2, false);
	assert_int_equal(cmd(p, 3, 2).a[1], 0);
}

static void test_press_and_release_reach_the_process_that_enabled_them(void **state)
{
	(void)state;
	uint32_t fn = env_fn(p, 1);
	assert_int_equal(env_subscribe(p, BUTTONS_DRIVER_NUM, 0, fn, 7).a[0], SYSRET_SUCCESS_2U32);
	assert_int_equal(cmd(p, 1, 1).a[0], SYSRET_SUCCESS);
	press(1, true);
	assert_int_equal(p->upcall_count, 0);   /* edges arrive from a deferred call */
	env_run();
	press(1, false);
	env_run();
	assert_int_equal(p->upcall_count, 2);
	drv_assert_event(p, 0, BUTTONS_DRIVER_NUM, 0, 1, 1, 0);
	drv_assert_event(p, 1, BUTTONS_DRIVER_NUM, 0, 1, 0, 0);
	assert_int_equal(env_entry(env_ka(p), 0).call, 1);
	upcall_deliver(p, 0);   /* the subscription's function and appdata */
	assert_int_equal(p->ctx.pc, fn);
	assert_int_equal(arch_arg(&p->ctx, 3), 7);
	assert_int_equal(q->upcall_count, 0);
	assert_null(env_check());
}

static void test_other_buttons_and_other_processes_stay_quiet(void **state)
{
	(void)state;
	assert_int_equal(cmd(p, 1, 0).a[0], SYSRET_SUCCESS);
	assert_int_equal(cmd(q, 1, 3).a[0], SYSRET_SUCCESS);
	press(0, true);
	env_run();
	assert_int_equal(p->upcall_count, 1);
	assert_int_equal(q->upcall_count, 0);
	press(3, true);
	env_run();
	assert_int_equal(p->upcall_count, 1);
	assert_int_equal(q->upcall_count, 1);
	drv_assert_event(q, 0, BUTTONS_DRIVER_NUM, 0, 3, 1, 0);
	press(2, true);   /* nobody enabled it: no interrupt at all */
	assert_int_equal(bank.pending, 0);
}

static void test_disable_stops_upcalls_and_the_last_one_turns_the_interrupt_off(void **state)
{
	(void)state;
	cmd(p, 1, 2);
	cmd(q, 1, 2);
	assert_int_equal(cmd(p, 2, 2).a[0], SYSRET_SUCCESS);
	assert_true(bank.rise & 4);   /* q still wants it */
	press(2, true);
	env_run();
	assert_int_equal(p->upcall_count, 0);
	assert_int_equal(q->upcall_count, 1);
	assert_int_equal(cmd(q, 2, 2).a[0], SYSRET_SUCCESS);
	assert_int_equal(bank.rise | bank.fall, 0);
}

static void test_an_ended_process_no_longer_holds_the_interrupt(void **state)
{
	(void)state;
	cmd(p, 1, 0);
	process_terminate(p, 0);
	press(0, true);
	env_run();
	assert_int_equal(bank.rise | bank.fall, 0);
}

static void test_bad_button_is_inval_unknown_command_nosupport(void **state)
{
	(void)state;
	for (uint32_t c = 1; c <= 3; c++) {
		struct env_ret r = cmd(p, c, 4);
		assert_int_equal(r.a[0], SYSRET_FAILURE);
		assert_int_equal(r.a[1], ERR_INVAL);
	}
	struct env_ret r = cmd(p, 4, 0);
	assert_int_equal(r.a[1], ERR_NOSUPPORT);
}

static void test_enable_without_grant_memory_is_nomem(void **state)
{
	(void)state;
	struct proc_opts o = { .ram = 0x1000, .brk = 0x1000 - (uint32_t)sizeof(struct process_kernel_area) - 8 };
	struct process *tight = env_proc(2, &o);
	struct env_ret r = cmd(tight, 1, 0);
	assert_int_equal(r.a[0], SYSRET_FAILURE);
	assert_int_equal(r.a[1], ERR_NOMEM);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_command_0_returns_the_button_count, setup),
		cmocka_unit_test_setup(test_read_follows_the_button, setup),
		cmocka_unit_test_setup(test_press_and_release_reach_the_process_that_enabled_them, setup),
		cmocka_unit_test_setup(test_other_buttons_and_other_processes_stay_quiet, setup),
		cmocka_unit_test_setup(test_disable_stops_upcalls_and_the_last_one_turns_the_interrupt_off, setup),
		cmocka_unit_test_setup(test_an_ended_process_no_longer_holds_the_interrupt, setup),
		cmocka_unit_test_setup(test_bad_button_is_inval_unknown_command_nosupport, setup),
		cmocka_unit_test_setup(test_enable_without_grant_memory_is_nomem, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
