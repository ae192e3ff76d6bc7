/* Unit tests of the process console's store command on the fake flash: the list, remove by
 * name, errors, a board without a store. */
/* sources: @kernel_env capsules/process_console.c capsules/process_info.c chips/gpio_bank.c tests/unit/fakes/fake_flash.c tests/unit/fakes/store_fixture.c */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "fakes/store_fixture.h"
#include "pconsole_fixture.h"

static uint8_t app[SF_APP_MAX];

/* A store with two apps, and the console. */
static int setup(void **state)
{
	(void)state;
	sf_fresh();
	assert_int_equal(sf_install(app, sf_build(app, (struct tbf_opts){ .name = "hello", .binary_size = 1000 })), 0);
	assert_int_equal(sf_install(app, sf_build(app, (struct tbf_opts){ .name = "world" })), 0);
	pconsole_fixture();
	/* every app waits: input goes to the console at once */
	for (struct process *p = process_next(NULL); p; p = process_next(p))
		env_yield(p, YIELD_WAIT, 0, 0, 0);
	env_run();
	fake_uart_clear();
	return 0;
}

static void test_list(void **state)
{
	(void)state;
	type("store\n");
	expect("store: 8 slots of 16384 bytes, 2 apps\n");
	char want[96];
	struct store_app a;
	assert_true(store_app(0, &a));
	snprintf(want, sizeof want, " slot 0: 'hello', %u bytes, seq 1, installed, has a process\n", a.size);
	expect(want);
	assert_true(store_app(1, &a));
	snprintf(want, sizeof want, " slot 1: 'world', %u bytes, seq 2, installed, has a process\n", a.size);
	expect(want);
}

static void test_remove(void **state)
{
	(void)state;
	type("store remove hello\n");
	expect("[store] 'hello' removed\n");
	expect("store remove: done\n");
	assert_null(sf_proc("hello"));
	assert_true(sf_slot_erased(0));
	fake_uart_clear();
	type("store\n");
	expect("store: 8 slots of 16384 bytes, 1 app\n");
	assert_false(drv_output_has("'hello'"));
}

static void test_errors(void **state)
{
	(void)state;
	type("store remove nobody\n");
	expect("store remove: no installed app named 'nobody'\n");
	type("store delete hello\n");
	expect("usage: store [remove <name>]\n");
	type("store remove\n");
	expect("usage: store [remove <name>]\n");
	unsigned ops = sf.ff.ops;
	/* typed while a remove runs: the store is busy */
	sf.ff.stalled = true;
	type("store remove hello\n");
	type("store remove world\n");
	expect("store remove: error 2\n");   /* ERR_BUSY */
	fake_flash_stall(&sf.ff, false);
	env_run();
	expect("store remove: done\n");
	assert_non_null(sf_proc("world"));
	assert_true(sf.ff.ops > ops);
	/* a flash failure is reported, and the app stays */
	fake_uart_clear();
	fake_flash_fail(&sf.ff, 1, -ERR_FAIL);
	type("store remove world\n");
	expect("store remove: error 1\n");
	assert_int_equal(sf_apps(), 1);
}

static void test_no_store(void **state)
{
	(void)state;
	store_init(NULL, 0, NULL, 0, 0);
	type("store\n");
	expect("store: none\n");
	type("store remove hello\n");
	expect("store: none\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_list, setup),
		cmocka_unit_test_setup(test_remove, setup),
		cmocka_unit_test_setup(test_errors, setup),
		cmocka_unit_test_setup(test_no_store, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
