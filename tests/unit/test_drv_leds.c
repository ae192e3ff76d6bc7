/* Unit tests of the LED capsule (0x2) on the virtual GPIO bank, through its system calls. */
/* sources: @kernel_env capsules/leds.c chips/gpio_bank.c */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <capsules/leds.h>
#include "../../chips/gpio_bank.h"
#include "test_drv_env.h"

static struct gpio_bank bank;
static struct gpio_port port;
static struct leds leds;
static struct process *p;

static int setup(void **state)
{
	(void)state;
	env_init();
	gpio_bank_init(&bank, &port, 4);
	leds_init(&leds, &port);
	drv_install(&leds.driver);
	p = env_proc_default(0);
	env_run();
	fake_uart_clear();
	return 0;
}

static uint32_t cmd(uint32_t c, uint32_t led)
{
	return env_command(p, LEDS_DRIVER_NUM, c, led, 0).a[0];
}

static void test_command_0_returns_the_led_count(void **state)
{
	(void)state;
	struct env_ret r = env_command(p, LEDS_DRIVER_NUM, 0, 0, 0);
	assert_int_equal(r.a[0], SYSRET_SUCCESS_U32);
	assert_int_equal(r.a[1], 4);
}

static void test_leds_start_off_as_outputs(void **state)
{
	(void)state;
	assert_int_equal(bank.output, 0xf);
	assert_int_equal(bank.out, 0);
	struct env_ret r = env_command(p, LEDS_DRIVER_NUM, 4, 2, 0);
	assert_int_equal(r.a[0], SYSRET_SUCCESS_U32);
	assert_int_equal(r.a[1], 0);
}

static void test_on_off_toggle_drive_the_pins_and_log_changes(void **state)
{
	(void)state;
	assert_int_equal(cmd(1, 1), SYSRET_SUCCESS);
	assert_int_equal(bank.out, 0x2);
	assert_int_equal(cmd(3, 3), SYSRET_SUCCESS);
	assert_int_equal(bank.out, 0xa);
	assert_int_equal(cmd(3, 1), SYSRET_SUCCESS);
	assert_int_equal(bank.out, 0x8);
	assert_int_equal(cmd(2, 3), SYSRET_SUCCESS);
	assert_int_equal(bank.out, 0);
	env_run();
	assert_string_equal(fake_uart.out, "[led] LED1 on\n[led] LED3 on\n[led] LED1 off\n[led] LED3 off\n");
}

static void test_setting_an_led_to_its_state_logs_nothing(void **state)
{
	(void)state;
	assert_int_equal(cmd(2, 0), SYSRET_SUCCESS);
	assert_int_equal(cmd(1, 0), SYSRET_SUCCESS);
	assert_int_equal(cmd(1, 0), SYSRET_SUCCESS);
	env_run();
	assert_string_equal(fake_uart.out, "[led] LED0 on\n");
	struct env_ret r = env_command(p, LEDS_DRIVER_NUM, 4, 0, 0);
	assert_int_equal(r.a[1], 1);
}

static void test_bad_index_is_inval_and_unknown_command_nosupport(void **state)
{
	(void)state;
	for (uint32_t c = 1; c <= 4; c++) {
		struct env_ret r = env_command(p, LEDS_DRIVER_NUM, c, 4, 0);
		assert_int_equal(r.a[0], SYSRET_FAILURE);
		assert_int_equal(r.a[1], ERR_INVAL);
	}
	struct env_ret r = env_command(p, LEDS_DRIVER_NUM, 5, 0, 0);
	assert_int_equal(r.a[0], SYSRET_FAILURE);
	assert_int_equal(r.a[1], ERR_NOSUPPORT);
	assert_int_equal(bank.out, 0);
}

static void test_no_grant_no_upcalls(void **state)
{
	(void)state;
	struct env_ret r = env_subscribe(p, LEDS_DRIVER_NUM, 0, env_fn(p, 0), 0);
	assert_int_equal(r.a[0], SYSRET_FAILURE_2U32);
	assert_int_equal(r.a[1], ERR_NOSUPPORT);
	assert_int_equal(cmd(1, 2), SYSRET_SUCCESS);
	assert_int_equal(p->kernel_brk, (uint32_t)(uintptr_t)env_ka(p) & ~7u);   /* no grant memory */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_command_0_returns_the_led_count, setup),
		cmocka_unit_test_setup(test_leds_start_off_as_outputs, setup),
		cmocka_unit_test_setup(test_on_off_toggle_drive_the_pins_and_log_changes, setup),
		cmocka_unit_test_setup(test_setting_an_led_to_its_state_logs_nothing, setup),
		cmocka_unit_test_setup(test_bad_index_is_inval_and_unknown_command_nosupport, setup),
		cmocka_unit_test_setup(test_no_grant_no_upcalls, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
