/* Unit tests of the GPIO capsule (0x4) on the virtual GPIO bank: modes, levels, pulls, edges and upcalls. */
/* sources: @kernel_env capsules/gpio.c chips/gpio_bank.c */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <capsules/gpio.h>
#include "../../chips/gpio_bank.h"
#include "test_drv_env.h"

static struct gpio_bank bank;
static struct gpio_port port;
static struct gpio_capsule gpio;
static struct process *p, *q;

static int setup(void **state)
{
	(void)state;
	env_init();
	gpio_bank_init(&bank, &port, 8);
	gpio_capsule_init(&gpio, &port, GRANT_DRV_A);
	drv_install(&gpio.driver);
	p = env_proc_default(0);
	q = env_proc_default(1);
	env_run();
	fake_uart_clear();
	return 0;
}

static struct env_ret cmd(struct process *x, uint32_t c, uint32_t pin, uint32_t arg)
{
	return env_command(x, GPIO_DRIVER_NUM, c, pin, arg);
}

static uint32_t level(uint32_t pin)
{
	struct env_ret r = cmd(p, 6, pin, 0);
	assert_int_equal(r.a[0], SYSRET_SUCCESS_U32);
	return r.a[1];
}

static void test_exists_and_counts_pins(void **state)
{
	(void)state;
	assert_int_equal(cmd(p, 0, 0, 0).a[0], SYSRET_SUCCESS);
	struct env_ret r = cmd(p, 10, 0, 0);
	assert_int_equal(r.a[0], SYSRET_SUCCESS_U32);
	assert_int_equal(r.a[1], 8);
}

static void test_output_set_clear_toggle_and_the_log(void **state)
{
	(void)state;
	assert_int_equal(cmd(p, 1, 5, 0).a[0], SYSRET_SUCCESS);
	assert_int_equal(cmd(p, 2, 5, 0).a[0], SYSRET_SUCCESS);
	assert_int_equal(level(5), 1);
	assert_int_equal(cmd(p, 4, 5, 0).a[0], SYSRET_SUCCESS);
	assert_int_equal(level(5), 0);
	assert_int_equal(cmd(p, 4, 5, 0).a[0], SYSRET_SUCCESS);
	assert_int_equal(cmd(p, 3, 5, 0).a[0], SYSRET_SUCCESS);
	assert_int_equal(level(5), 0);
	cmd(p, 3, 5, 0);   /* no change, no log line */
	env_run();
	assert_string_equal(fake_uart.out, "[gpio] pin 5 high\n[gpio] pin 5 low\n[gpio] pin 5 high\n[gpio] pin 5 low\n");
}

static void test_set_on_an_input_does_not_change_it(void **state)
{
	(void)state;
	cmd(p, 5, 2, 0);
	cmd(p, 2, 2, 0);
	assert_int_equal(level(2), 0);
}

static void test_pulls_set_the_level_of_an_undriven_input(void **state)
{
	(void)state;
	assert_int_equal(cmd(p, 5, 1, 1).a[0], SYSRET_SUCCESS);
	assert_int_equal(level(1), 1);
	assert_int_equal(cmd(p, 5, 1, 2).a[0], SYSRET_SUCCESS);
	assert_int_equal(level(1), 0);
	port.ops->drive(port.dev, 1, true);   /* a driven input ignores its pull */
	cmd(p, 5, 1, 2);
	assert_int_equal(level(1), 1);
	struct env_ret r = cmd(p, 5, 1, 3);
	assert_int_equal(r.a[0], SYSRET_FAILURE);
	assert_int_equal(r.a[1], ERR_NOSUPPORT);
}

static void test_edges_reach_every_process_using_the_driver(void **state)
{
	(void)state;
	assert_int_equal(env_subscribe(q, GPIO_DRIVER_NUM, 0, env_fn(q, 0), 0).a[0], SYSRET_SUCCESS_2U32);
	cmd(p, 5, 0, 2);
	assert_int_equal(cmd(p, 7, 0, 0).a[0], SYSRET_SUCCESS);
	port.ops->drive(port.dev, 0, true);
	assert_int_equal(p->upcall_count, 0);   /* never inside the call that made the edge */
	env_run();
	port.ops->drive(port.dev, 0, false);
	env_run();
	assert_int_equal(p->upcall_count, 2);
	drv_assert_event(p, 0, GPIO_DRIVER_NUM, 0, 0, 1, 0);
	drv_assert_event(p, 1, GPIO_DRIVER_NUM, 0, 0, 0, 0);
	assert_int_equal(q->upcall_count, 2);
	assert_int_equal(env_entry(env_ka(q), 0).call, 1);
	upcall_deliver(q, 0);
	assert_int_equal(q->ctx.pc, env_fn(q, 0));
	assert_null(env_check());
}

static void test_rising_and_falling_edges_only(void **state)
{
	(void)state;
	cmd(p, 5, 3, 0);
	cmd(p, 5, 4, 0);
	assert_int_equal(cmd(p, 7, 3, 1).a[0], SYSRET_SUCCESS);
	assert_int_equal(cmd(p, 7, 4, 2).a[0], SYSRET_SUCCESS);
	for (int i = 0; i < 2; i++) {
		port.ops->drive(port.dev, 3, true);
		port.ops->drive(port.dev, 4, true);
		env_run();
		port.ops->drive(port.dev, 3, false);
		port.ops->drive(port.dev, 4, false);
		env_run();
	}
	assert_int_equal(p->upcall_count, 4);
	drv_assert_event(p, 0, GPIO_DRIVER_NUM, 0, 3, 1, 0);
	drv_assert_event(p, 1, GPIO_DRIVER_NUM, 0, 4, 0, 0);
	struct env_ret r = cmd(p, 7, 3, 3);
	assert_int_equal(r.a[1], ERR_NOSUPPORT);
}

static void test_disable_interrupt_and_disable_pin(void **state)
{
	(void)state;
	cmd(p, 5, 6, 0);
	cmd(p, 7, 6, 0);
	assert_int_equal(cmd(p, 8, 6, 0).a[0], SYSRET_SUCCESS);
	port.ops->drive(port.dev, 6, true);
	env_run();
	assert_int_equal(p->upcall_count, 0);
	cmd(p, 1, 7, 0);
	cmd(p, 2, 7, 0);
	cmd(p, 7, 7, 0);
	assert_int_equal(cmd(p, 9, 7, 0).a[0], SYSRET_SUCCESS);
	assert_int_equal(bank.output & 0x80, 0);
	assert_int_equal((bank.rise | bank.fall) & 0x80, 0);
	assert_int_equal(level(7), 0);
}

static void test_bad_pin_is_inval_unknown_command_nosupport(void **state)
{
	(void)state;
	for (uint32_t c = 1; c <= 9; c++) {
		struct env_ret r = cmd(p, c, 8, 0);
		assert_int_equal(r.a[0], SYSRET_FAILURE);
		assert_int_equal(r.a[1], ERR_INVAL);
	}
	assert_int_equal(cmd(p, 11, 0, 0).a[1], ERR_NOSUPPORT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_exists_and_counts_pins, setup),
		cmocka_unit_test_setup(test_output_set_clear_toggle_and_the_log, setup),
		cmocka_unit_test_setup(test_set_on_an_input_does_not_change_it, setup),
		cmocka_unit_test_setup(test_pulls_set_the_level_of_an_undriven_input, setup),
		cmocka_unit_test_setup(test_edges_reach_every_process_using_the_driver, setup),
		cmocka_unit_test_setup(test_rising_and_falling_edges_only, setup),
		cmocka_unit_test_setup(test_disable_interrupt_and_disable_pin, setup),
		cmocka_unit_test_setup(test_bad_pin_is_inval_unknown_command_nosupport, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
