/* Unit tests of system call tracing (kernel/trace.c): the trace lines, wake-ups, the rate limit, the trap path switch and the scheduler hook it borrows. */
/* sources: @kernel_env */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include <tick/trace.h>
#include <tick/valarm.h>
#include "fakes/env.h"

static struct process *p0, *p1;

static int setup(void **state)
{
	(void)state;
	env_init();
	p0 = env_proc_default(0);
	p1 = env_proc_default(1);
	fake_uart_clear();
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	trace_set(NULL, false);   /* trace.c's state outlives env_init */
	return 0;
}

/* The console output so far (the kernel log drained through the UART mux). */
static const char *out(void)
{
	env_run();
	return fake_uart.out;
}

static unsigned count(const char *s, const char *what)
{
	unsigned n = 0;
	for (const char *q = strstr(s, what); q; q = strstr(q + 1, what))
		n++;
	return n;
}

static void test_off_means_the_plain_path_and_no_lines(void **state)
{
	(void)state;
	assert_false(host_arch.trace_syscalls);
	env.test_ret = sysret_success_u32(7);
	env_command(p0, TEST_DRIVER_NUM, 1, 2, 3);
	assert_null(strstr(out(), "[trace]"));
}

static void test_a_traced_command_is_one_line_with_driver_arguments_and_result(void **state)
{
	(void)state;
	assert_true(trace_set(p0, true));
	assert_true(host_arch.trace_syscalls);
	env.test_ret = sysret_success_u32(7);
	struct env_ret r = env_command(p0, TEST_DRIVER_NUM, 1, 2, 3);
	assert_int_equal(r.a[0], SYSRET_SUCCESS_U32);      /* the call itself is unchanged */
	assert_int_equal(r.a[1], 7);
	assert_non_null(strstr(out(), "[trace] p0: command 0x9990 0x1 0x2 0x3 -> ok 0x7\n"));
}

static void test_only_chosen_processes_are_traced(void **state)
{
	(void)state;
	trace_set(p1, true);
	env_command(p0, TEST_DRIVER_NUM, 0, 0, 0);
	env_memop(p1, 2, 0);
	const char *s = out();
	assert_null(strstr(s, "p0:"));
	assert_non_null(strstr(s, "[trace] p1: memop 0x2 0x0 -> ok 0x"));
	assert_true(trace_enabled(p1));
	assert_false(trace_enabled(p0));
}

static void test_errors_are_named(void **state)
{
	(void)state;
	trace_set(p0, true);
	env_command(p0, 0x12345, 0, 0, 0);
	env_allow(p0, SYS_ALLOW_RW, TEST_DRIVER_NUM, 0, p0->mem_end, 16);   /* not its memory */
	const char *s = out();
	assert_non_null(strstr(s, "[trace] p0: command 0x12345 0x0 0x0 0x0 -> error NODEVICE\n"));
	assert_non_null(strstr(s, "[trace] p0: allow-rw 0x9990 0x0 0x"));
	assert_non_null(strstr(s, "-> error INVAL\n"));
}

static void test_a_blocking_yield_then_what_woke_it(void **state)
{
	(void)state;
	uint32_t fn = env_fn(p0, 3);
	trace_set(p0, true);
	env_subscribe(p0, TEST_DRIVER_NUM, 1, fn, 0x55);
	struct env_ret r = env_yield(p0, YIELD_WAIT, 0, 0, 0);
	assert_int_not_equal(r.blocked, TRAP_RESUME);
	assert_non_null(strstr(out(), "[trace] p0: yield wait -> blocks\n"));
	upcall_schedule(p0, &env.test_driver, 1, 10, 11, 12);
	assert_ptr_equal(env_step(), p0);
	char want[96];
	snprintf(want, sizeof want, "[trace] p0: woken by upcall of 0x9990 0x1 at 0x%x with 0xa 0xb 0xc\n", fn);
	assert_non_null(strstr(out(), want));
}

static void test_yield_wait_for_wakes_with_the_event_values(void **state)
{
	(void)state;
	trace_set(p0, true);
	env_yield(p0, YIELD_WAIT_FOR, TEST_DRIVER_NUM, 2, 0);
	assert_non_null(strstr(out(), "[trace] p0: yield wait-for 0x9990 0x2 -> blocks\n"));
	upcall_schedule(p0, &env.test_driver, 2, 4, 5, 6);
	env_step();
	assert_non_null(strstr(out(), "[trace] p0: woken by event 0x4 0x5 0x6\n"));
}

static void test_yield_that_runs_an_upcall_at_once(void **state)
{
	(void)state;
	uint32_t fn = env_fn(p0, 5);
	env_subscribe(p0, TEST_DRIVER_NUM, 0, fn, 0);
	upcall_schedule(p0, &env.test_driver, 0, 1, 2, 3);
	trace_set(p0, true);
	env_yield(p0, YIELD_NO_WAIT, 0, 0, 0);
	char want[96];
	snprintf(want, sizeof want, "[trace] p0: yield no-wait -> upcall of 0x9990 0x0 at 0x%x with 0x1 0x2 0x3\n", fn);
	const char *s = out();
	assert_non_null(strstr(s, want));
	env_yield(p0, YIELD_NO_WAIT, 0, 0, 0);
	assert_non_null(strstr(out(), "[trace] p0: yield no-wait -> nothing to run\n"));
}

static void test_a_restart_while_blocked_is_no_wake_up(void **state)
{
	(void)state;
	trace_set(p0, true);
	env_yield(p0, YIELD_WAIT, 0, 0, 0);
	process_restart(p0);
	env_step();
	assert_int_equal(count(out(), "woken"), 0);
}

static void test_exit_and_restart_say_so(void **state)
{
	(void)state;
	trace_set(NULL, true);
	env_syscall(p0, SYS_EXIT, 1, 0, 0, 0);
	env_syscall(p1, SYS_EXIT, 0, 3, 0, 0);
	const char *s = out();
	assert_non_null(strstr(s, "[trace] p0: exit 0x1 0x0 -> restarts\n"));
	assert_non_null(strstr(s, "[trace] p1: exit 0x0 0x3 -> ends\n"));
}

static void test_all_covers_processes_started_later(void **state)
{
	(void)state;
	trace_set(NULL, true);
	struct process *p2 = env_proc_default(2);
	assert_true(trace_enabled(p2));
	env_memop(p2, 2, 0);
	assert_non_null(strstr(out(), "[trace] p2: memop 0x2"));
}

static void test_rate_limit_counts_what_it_does_not_show(void **state)
{
	(void)state;
	trace_set(p0, true);
	for (unsigned i = 0; i < 3 * TRACE_LINES; i++)
		env_command(p0, TEST_DRIVER_NUM, 0, i, 0);
	assert_int_equal(count(out(), "[trace] p0: command"), TRACE_LINES);
	env_advance(valarm_frequency() / 10);   /* the next tenth of a second */
	env_command(p0, TEST_DRIVER_NUM, 0, 0, 0);
	const char *s = out();
	char note[64];
	snprintf(note, sizeof note, "[trace] %u calls not shown (rate limit)\n", 2 * TRACE_LINES);
	assert_non_null(strstr(s, note));
	assert_int_equal(count(s, "[trace] p0: command"), TRACE_LINES + 1);
	assert_true(strstr(s, note) < strrchr(s, '[') );   /* the note comes before the new line */
}

static unsigned hook_calls;
static void hook(struct process *p)
{
	(void)p;
	hook_calls++;
}

static void test_borrowed_scheduler_hook_still_runs_under_its_grant_condition(void **state)
{
	(void)state;
	hook_calls = 0;
	sched_before_run = hook;
	sched_before_run_grant = GRANT_TEST;          /* only processes holding the test grant */
	env_subscribe(p1, TEST_DRIVER_NUM, 0, 0, 0);  /* p1 gets the grant, p0 not */
	trace_set(p0, true);
	assert_ptr_not_equal(sched_before_run, hook);
	p0->stopped = 1;
	assert_ptr_equal(env_step(), p1);
	assert_int_equal(hook_calls, 1);
	p0->stopped = 0;
	p1->stopped = 1;
	assert_ptr_equal(env_step(), p0);
	assert_int_equal(hook_calls, 1);
	trace_set(p0, false);                         /* back exactly as it was */
	assert_ptr_equal(sched_before_run, hook);
	assert_int_equal(sched_before_run_grant, GRANT_TEST);
	assert_false(host_arch.trace_syscalls);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
		T(test_off_means_the_plain_path_and_no_lines),
		T(test_a_traced_command_is_one_line_with_driver_arguments_and_result),
		T(test_only_chosen_processes_are_traced),
		T(test_errors_are_named),
		T(test_a_blocking_yield_then_what_woke_it),
		T(test_yield_wait_for_wakes_with_the_event_values),
		T(test_yield_that_runs_an_upcall_at_once),
		T(test_a_restart_while_blocked_is_no_wake_up),
		T(test_exit_and_restart_say_so),
		T(test_all_covers_processes_started_later),
		T(test_rate_limit_counts_what_it_does_not_show),
		T(test_borrowed_scheduler_hook_still_runs_under_its_grant_condition),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
