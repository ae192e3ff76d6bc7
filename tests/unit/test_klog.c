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
	ksnprintf(b, sizeof b, "[%5d][%08x][%3s][%q]%", 42, 0xabcu, "ab");
	assert_string_equal(b, "[   42][00000abc][ ab][%q]");
	ksnprintf(b, sizeof b, "%d %d %u", (int32_t)0x80000000, 0, 0u);
	assert_string_equal(b, "-2147483648 0 0");
	/* No %p and no length modifiers (the kernel has no use for them): written as they stand. */
	ksnprintf(b, sizeof b, "%p %lu %s", (const char *)NULL);
	assert_string_equal(b, "%p %lu (null)");
	/* The one-byte prefixes, at the start of a message. */
	assert_int_equal(ksnprintf(b, sizeof b, KLOG_KERNEL "app %s", "x"), 14);
	assert_string_equal(b, "[kernel] app x");
	assert_int_equal(ksnprintf(b, sizeof b, KLOG_STORE "%u", 7u), 9);
	assert_string_equal(b, "[store] 7");
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
	/* A long message is kept whole (a line with a 255-character name must show it all). */
	char longs[300];
	memset(longs, 'x', sizeof longs - 1);
	longs[sizeof longs - 1] = 0;
	fake_uart_clear();
	klog("%s\n", longs);
	env_run();
	assert_int_equal(fake_uart.out_len, 300);
}

static void test_a_full_log_counts_dropped_bytes(void **state)
{
	(void)state;
	fake_uart.auto_complete = false;
	for (unsigned i = 0; i < 200; i++)   /* 51 bytes each: 80 fit in 4 KiB */
		klog("line %03u: 0123456789012345678901234567890123456789\n", i);
	fake_uart.auto_complete = true;
	env_run();
	/* Whole messages only; the note stands where the bytes are missing: after the last
	 * line kept, since nothing was kept after the loss. */
	const char *kept_end = strstr(fake_uart.out, "line 079: 0123456789012345678901234567890123456789\n");
	assert_non_null(kept_end);
	assert_string_equal(kept_end + 51, "\n[kernel log: 6120 bytes dropped]\n");
	assert_null(strstr(fake_uart.out, "line 080:"));
	fake_uart_clear();
	klog("after\n");
	env_run();
	assert_string_equal(fake_uart.out, "after\n");
}

static void test_the_drop_note_stands_where_the_bytes_went_missing(void **state)
{
	(void)state;
	/* Regression: the note "[kernel log: N bytes dropped]" was put in front of whatever the
	 * UART mux took next, i.e. before older lines still waiting and even in the middle of
	 * one, and a message that did not fit was cut. */
	fake_uart.auto_complete = false;
	char line[101];
	memset(line, 'o', 99);
	line[99] = '\n';
	line[100] = 0;
	for (unsigned i = 0; i < 40; i++)   /* 4000 of 4096 bytes */
		klog("%s", line);
	klog("open line ");                  /* 10 bytes, no line end */
	klog("%s", line);                    /* does not fit: dropped whole */
	klog("%s", line);
	env_run();
	while (fake_uart_complete())         /* the UART drains it all */
		env_run();
	assert_int_equal(klog_pending(), 0);  /* the note came once nothing was left */
	klog("next\n");
	fake_uart.auto_complete = true;
	env_run();
	const char *open = strstr(fake_uart.out, "open line ");
	assert_non_null(open);
	assert_int_equal(open - fake_uart.out, 4000);
	assert_string_equal(open, "open line \n[kernel log: 200 bytes dropped]\nnext\n");
}

/* A process flooding the log from its system calls (low-level debug here) fills only half
 * of it: the fault report of another process, and the kernel's own messages, still fit. */
static void test_a_process_flood_cannot_drop_a_fault_report(void **state)
{
	(void)state;
	struct process *p = env_proc_default(0), *q = env_proc_default(1);
	env_run();
	fake_uart_clear();
	fake_uart.auto_complete = false;
	for (unsigned i = 0; i < 200; i++)   /* 7 KiB of debug lines within one timeslice */
		assert_int_equal(env_command(p, LLDB_DRIVER_NUM, 2, i, 0).a[0], SYSRET_SUCCESS);
	for (unsigned i = 0; i < 20; i++)
		assert_int_equal(env_syscall(p, SYS_EXIT, 1, 0, 0, 0).blocked, TRAP_CONTEXT_REPLACED);
	assert_true(klog_pending() <= 2049);
	assert_int_equal(env_syscall(q, 9, 0, 0, 0, 0).blocked, TRAP_CONTEXT_REPLACED);   /* bad class */
	klog("[kernel] from the kernel loop\n");
	fake_uart.auto_complete = true;
	env_run();
	const char *out = fake_uart.out;
	const char *note = strstr(out, " bytes dropped]\n");
	const char *report = strstr(out, "\n---| process 'p1' faulted |---\n");
	assert_non_null(note);
	assert_non_null(report);
	assert_true(note < report);
	assert_non_null(strstr(report, " cause: invalid system call class"));
	assert_non_null(strstr(report, "   grants 0x"));
	assert_non_null(strstr(report, " policy: restart 1 of 3\n"));
	assert_non_null(strstr(report, "[kernel] from the kernel loop\n"));
	assert_non_null(strstr(out, "LowLevelDebug: App 0x0 prints 0x0\n"));
	assert_null(strstr(out, "LowLevelDebug: App 0x0 prints 0xc7\n"));   /* the flood's tail */
	assert_null(strstr(out, "process 'p0' restarted"));
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
		cmocka_unit_test_setup(test_the_drop_note_stands_where_the_bytes_went_missing, setup),
		cmocka_unit_test_setup(test_a_process_flood_cannot_drop_a_fault_report, setup),
		cmocka_unit_test_setup(test_kpanic_flushes_the_log_and_halts, setup),
		cmocka_unit_test_setup(test_deferred_calls_run_once_per_schedule, setup),
		cmocka_unit_test_setup(test_a_33rd_deferred_call_panics, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
