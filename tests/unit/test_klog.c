/* Unit tests of the kernel log, formatting, kpanic and deferred calls (kernel/klog.c, lib/fmt.c, deferred.c). */
/* sources: @kernel_env */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <tick/deferred.h>
#include <tick/klog.h>
#include "fakes/env.h"
#include "fakes/kstate.h"

static int setup(void **state)
{
	(void)state;
	env_init();
	fake_uart_clear();
	return 0;
}

static void test_format_conversions(void **state)
{
	(void)state;
	char b[64];
	assert_int_equal(ksnprintf(b, sizeof b, "%s|%c|%d|%u|%x|%%", "str", 'c', -42, 4000000000u, 0xbeefu), 27);
	assert_string_equal(b, "str|c|-42|4000000000|beef|%");
	ksnprintf(b, sizeof b, "[%5d][%08x][%3s][%lu][%zu][%q]%", 42, 0xabcu, "ab", 5u, 6u);
	assert_string_equal(b, "[   42][00000abc][ ab][5][6][%q]");
	ksnprintf(b, sizeof b, "%d %d %u", (int32_t)0x80000000, 0, 0u);
	assert_string_equal(b, "-2147483648 0 0");
	ksnprintf(b, sizeof b, "%p %s", (void *)(uintptr_t)0x1234, (const char *)NULL);
	assert_string_equal(b, "0x00001234 (null)");
	/* %.*s: a length, then a string that needs no NUL within it (a name in flash). */
	const char flash_name[3] = { 'a', 'b', 'c' };
	ksnprintf(b, sizeof b, "[%.*s][%.*s][%.*s][%.*s]", 3, flash_name, 2, flash_name, 9, "xy", 0, "xyz");
	assert_string_equal(b, "[abc][ab][xy][]");
	/* Truncation: always terminated, returns the length it wanted. */
	assert_int_equal(ksnprintf(b, 5, "%s", "abcdefgh"), 8);
	assert_string_equal(b, "abcd");
	assert_int_equal(ksnprintf(b, 0, "xyz"), 3);
	assert_int_equal(ksnprintf(b, 1, "xyz"), 3);
	assert_string_equal(b, "");
}

static void test_log_goes_through_the_uart_mux_between_messages(void **state)
{
	(void)state;
	klog("hello %u\n", 5u);
	assert_string_equal(fake_uart.out, "");   /* buffered until the mux runs */
	env_run();
	assert_string_equal(fake_uart.out, "hello 5\n");
	/* Lines longer than the line buffer are cut. */
	char longs[300];
	memset(longs, 'x', sizeof longs - 1);
	longs[sizeof longs - 1] = 0;
	fake_uart_clear();
	klog("%s", longs);
	env_run();
	assert_true(fake_uart.out_len > 100 && fake_uart.out_len < 200);
}

static void test_a_full_log_counts_dropped_bytes(void **state)
{
	(void)state;
	fake_uart.auto_complete = false;
	for (unsigned i = 0; i < 200; i++)
		klog("line %03u: 0123456789012345678901234567890123456789\n", i);
	fake_uart.auto_complete = true;
	env_run();
	assert_non_null(strstr(fake_uart.out, "line 000:"));
	assert_non_null(strstr(fake_uart.out, "[kernel log: "));
	assert_non_null(strstr(fake_uart.out, " bytes dropped]"));
	assert_null(strstr(fake_uart.out, "line 199:"));
	fake_uart_clear();
	klog("after\n");
	env_run();
	assert_string_equal(fake_uart.out, "after\n");
}

static void test_kpanic_flushes_the_log_and_halts(void **state)
{
	(void)state;
	fake_uart.auto_complete = false;
	klog("pending line\n");
	jmp_buf halt;
	host_arch.halt_jmp = &halt;
	if (setjmp(halt) == 0) {
		kpanic("bad thing %d", 7);
		fail_msg("kpanic returned");
	}
	host_arch.halt_jmp = NULL;
	assert_int_equal(host_arch.halt_code, 3);
	assert_string_equal(host_console(), "pending line\n\nKERNEL PANIC: bad thing 7\n");
}

static unsigned runs[3];
static struct deferred_call dc[3];

static void dc_fn(struct deferred_call *d)
{
	unsigned i = (unsigned)(d - dc);
	runs[i]++;
	if (i == 0 && runs[0] == 1)
		deferred_schedule(&dc[1]);   /* runs in the next round, not this one */
}

static void test_deferred_calls_run_once_per_schedule(void **state)
{
	(void)state;
	memset(runs, 0, sizeof runs);
	for (unsigned i = 0; i < 3; i++) {
		dc[i].fn = dc_fn;
		deferred_register(&dc[i]);
	}
	assert_false(deferred_run_all());
	deferred_schedule(&dc[0]);
	deferred_schedule(&dc[0]);
	deferred_schedule(&dc[2]);
	assert_true(deferred_pending());
	assert_true(deferred_run_all());
	assert_int_equal(runs[0], 1);
	assert_int_equal(runs[1], 0);
	assert_int_equal(runs[2], 1);
	assert_true(deferred_pending());
	assert_true(deferred_run_all());
	assert_int_equal(runs[1], 1);
	assert_false(deferred_pending());
}

static void test_a_33rd_deferred_call_panics(void **state)
{
	(void)state;
	static struct deferred_call many[40];
	jmp_buf halt;
	volatile unsigned n = 0;
	host_arch.halt_jmp = &halt;
	if (setjmp(halt) == 0) {
		for (; n < 40; n++)
			deferred_register(&many[n]);
		fail_msg("no panic");
	}
	host_arch.halt_jmp = NULL;
	assert_int_equal(n, 30);   /* the UART mux and the console hold two */
	assert_non_null(strstr(host_console(), "KERNEL PANIC: too many deferred calls"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_format_conversions, setup),
		cmocka_unit_test_setup(test_log_goes_through_the_uart_mux_between_messages, setup),
		cmocka_unit_test_setup(test_a_full_log_counts_dropped_bytes, setup),
		cmocka_unit_test_setup(test_kpanic_flushes_the_log_and_halts, setup),
		cmocka_unit_test_setup(test_deferred_calls_run_once_per_schedule, setup),
		cmocka_unit_test_setup(test_a_33rd_deferred_call_panics, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
