/* Unit tests of the process console's flash command on the fake flash: geometry, read, erase,
 * write, errors answered from the HIL, one operation at a time, a board without flash. */
/* sources: @kernel_env capsules/process_console.c capsules/process_info.c chips/gpio_bank.c tests/unit/fakes/fake_flash.c */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include <capsules/process_console.h>
#include "../../chips/gpio_bank.h"
#include "fakes/fake_flash.h"
#include "test_drv_env.h"

static struct gpio_bank banks[3];
static struct gpio_port ports[3];
static void reset(void) {}
static struct pconsole_board board = {
	.ports = { &ports[0], &ports[1], &ports[2] },
	.kernel_image = 20000, .kernel_ram = 3000, .kernel_stack = 8192, .app_ram = 0x100000,
	.reset = reset,
};
static struct pconsole pc;
static struct fake_flash ff;

static int setup(void **state)
{
	(void)state;
	env_init();
	for (unsigned i = 0; i < 3; i++)
		gpio_bank_init(&banks[i], &ports[i], 4);
	fake_flash_init(&ff, 8192, 1024, 4);
	board.flash = &ff.flash;
	memset(&pc, 0, sizeof pc);
	pconsole_init(&pc, &env.console, &board);
	struct process *p = env_proc_default(0);
	env_yield(p, YIELD_WAIT, 0, 0, 0);   /* quiet: input goes to the console at once */
	env_run();
	fake_uart_clear();
	return 0;
}

static void type(const char *s)
{
	fake_uart_receive(s, strlen(s));
	env_run();
}

static void expect(const char *s)
{
	if (!drv_output_has(s))
		fail_msg("output lacks \"%s\"; it is:\n%s", s, fake_uart.out);
}

static void test_geometry(void **state)
{
	(void)state;
	type("flash\n");
	char want[96];
	snprintf(want, sizeof want, "flash: 0x%08x, 8192 bytes, 1024-byte pages, 4-byte writes\n", ff.flash.base);
	expect(want);
}

static void test_read_erase_write(void **state)
{
	(void)state;
	memset(ff.mem + 2048, 0, 16);
	type("flash read 2\n");
	expect("flash read page 2: 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00\n");
	type("flash erase 2\n");
	expect("flash erase page 2: done\n");
	assert_int_equal(ff.mem[2048], 0xff);
	type("flash write 2\n");
	expect("flash write page 2: done\n");
	assert_memory_equal(ff.mem + 2048, "TickFlashTest-42", 16);
	type("flash read 2\n");
	expect("flash read page 2: 54 69 63 6b 46 6c 61 73 68 54 65 73 74 2d 34 32\n");
	assert_int_equal(ff.reads + ff.erases + ff.writes, 4);
}

static void test_errors(void **state)
{
	(void)state;
	type("flash read 8\n");   /* 8 pages: 0..7 */
	expect("flash read page 8: error 6\n");
	type("flash erase 9999\n");
	expect("flash erase page 9999: error 6\n");
	type("flash format 1\n");
	expect("usage: flash [read|erase|write <page>]\n");
	type("flash read\n");
	expect("usage: flash [read|erase|write <page>]\n");
	type("flash read x\n");
	assert_int_equal(ff.ops, 0);
	fake_flash_fail(&ff, 1, -ERR_FAIL);
	type("flash erase 1\n");
	expect("flash erase page 1: error 1\n");
}

/* Typed while an operation runs (the loop has not completed it yet): refused, and the
 * running one still reports its own page. */
static void test_one_at_a_time(void **state)
{
	(void)state;
	fake_flash_stall(&ff, true);
	type("flash erase 3\n");
	assert_true(ff.busy);
	type("flash erase 4\n");
	expect("flash: busy\n");
	assert_false(drv_output_has("page 3:"));
	fake_flash_stall(&ff, false);
	env_run();
	expect("flash erase page 3: done\n");
	assert_int_equal(ff.erases, 1);
	type("flash erase 4\n");
	expect("flash erase page 4: done\n");
}

static void test_no_flash(void **state)
{
	(void)state;
	board.flash = NULL;
	type("flash\n");
	expect("flash: none\n");
	type("flash read 1\n");
	expect("flash: none\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_geometry, setup),
		cmocka_unit_test_setup(test_read_erase_write, setup),
		cmocka_unit_test_setup(test_errors, setup),
		cmocka_unit_test_setup(test_one_at_a_time, setup),
		cmocka_unit_test_setup(test_no_flash, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
