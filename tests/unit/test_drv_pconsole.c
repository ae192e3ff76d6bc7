/* Unit tests of the process console: commands, errors, line editing, history and input routing, typed
 * through the fake UART and read back from its output. */
/* sources: @kernel_env capsules/process_console.c capsules/process_info.c chips/gpio_bank.c */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <tick/deferred.h>
#include <tick/trace.h>
#include "pconsole_fixture.h"

static struct process *p, *q;

/* Both processes wait in Yield-Wait: the system is quiet, input is routed at once. */
static int setup(void **state)
{
	(void)state;
	env_init();
	pconsole_fixture();
	p = env_proc_default(0);
	q = env_proc_default(1);
	env_yield(p, YIELD_WAIT, 0, 0, 0);
	env_yield(q, YIELD_WAIT, 0, 0, 0);
	env_run();
	fake_uart_clear();
	return 0;
}

static void test_prompt_and_help(void **state)
{
	(void)state;
	pconsole_start(&pc);
	type("help\n");
	expect("tick$ help\ncommands: help list status start stop fault terminate boot process kernel led button gpio reset store trace\n");
	expect("\ntick$ ");
}

static void test_list_shows_every_process(void **state)
{
	(void)state;
	static const char name[] = "org.tockos.libtock-c.tests.console_recv_timeout";   /* 47 */
	q->name = (const uint8_t *)name;
	q->name_len = sizeof name - 1;
	process_stop(q);
	type("list\n");
	expect(" pid    shortid       state syscalls faults restarts grants name\n");
	expect("   0 0x00000000     yielded        2      0        0    0/10 p0\n");
	expect("   1 0x00000000     stopped        2      0        0    0/10 org.tockos.libtock-c.tests.console_recv_timeout\n");
}

static void test_status_and_kernel(void **state)
{
	(void)state;
	process_terminate(q, 0);
	type("status\n");
	expect("processes: 0 running, 1 yielded, 0 yielded-for, 0 stopped, 0 faulted, 1 terminated\n");
	type("kernel\n");
	expect("kernel image 20000 bytes; RAM: data+bss 3000, stack 8192 bytes\n");
	expect("app RAM: 16384 of 1048576 bytes used by 2 processes; uptime 0 s\n");
}

static void test_process_prints_the_memory_map(void **state)
{
	(void)state;
	type("process p1\n");
	expect("process 'p1': slot 1, id 0x201, ShortId 0x0, yielded, exit code 0\n");   /* generation 2: p0 took 1 */
	expect(" flash  0x");
	expect("   grants 0x");
}

static void test_stop_start_terminate_boot_fault(void **state)
{
	(void)state;
	type("stop p1\n");
	expect("stop 'p1': now stopped\n");
	type("start p1\n");
	expect("start 'p1': now yielded\n");
	type("start p1\n");
	expect("start: not possible while 'p1' is yielded\n");
	type("terminate p1\n");
	expect("terminate 'p1': now terminated\n");
	type("boot p1\n");
	expect("boot 'p1': now running\n");
	env_yield(q, YIELD_WAIT, 0, 0, 0);
	type("fault p1\n");
	expect("---| process 'p1' faulted |---\n");
	expect("fault forced by the operator");
	expect("fault 'p1': now running\n");
	assert_int_equal(q->restarts, 1);
}

static void test_errors_are_clear(void **state)
{
	(void)state;
	type("frobnicate now\n");
	expect("unknown command 'frobnicate' (try help)\n");
	type("stop nosuch\n");
	expect("stop: no process named 'nosuch' (see list)\n");
	type("boot\n");
	expect("usage: boot <process name>\n");
	type("button 4 press\n");
	expect("button: no button 4\n");
	type("button 1 push\n");
	expect("usage: button [<n> press|release]\n");
	type("gpio x high\n");
	expect("gpio: no pin x\n");
	type("led 1 on\n");
	expect("usage: led\n");
}

static void test_trace_chooses_processes(void **state)
{
	(void)state;
	type("trace\n");
	expect("usage: trace <process name>|all|off\n");
	type("trace nosuch\n");
	expect("trace: no process named 'nosuch' (see list)\n");
	assert_false(trace_enabled(q));
	type("trace p1\n");
	expect("trace: on for p1\n");
	assert_true(trace_enabled(q));
	assert_false(trace_enabled(p));
	assert_true(host_arch.trace_syscalls);     /* the traced trap path */
	type("trace all\n");
	expect("trace: on for all\n");
	assert_true(trace_enabled(p));
	type("trace off\n");
	expect("trace: stopped for all\n");
	assert_false(trace_enabled(p) || trace_enabled(q));
	assert_false(host_arch.trace_syscalls);    /* the plain fast path again */
}

static void test_buttons_and_pins_are_driven_and_shown(void **state)
{
	(void)state;
	type("button 2 press\n");
	expect("button2 pressed\n");
	assert_true(ports[1].ops->read(ports[1].dev, 2));
	type("button 2 release\n");
	assert_false(ports[1].ops->read(ports[1].dev, 2));
	type("gpio 7 high\n");
	expect("pin7 high\n");
	type("gpio\n");
	expect("pin0 low, pin1 low, pin2 low, pin3 low, pin4 low, pin5 low, pin6 low, pin7 high\n");
	ports[0].ops->configure(ports[0].dev, 3, GPIO_OUTPUT);
	ports[0].ops->write(ports[0].dev, 3, true);
	type("led\n");
	expect("LED0 off, LED1 off, LED2 off, LED3 on\n");
}

static void test_backspace_and_extra_spaces(void **state)
{
	(void)state;
	type("  lisz\x7f\x08st  \n");
	expect("lisz\b \b\b \bst");
	expect(" pid    shortid");
	fake_uart_clear();
	type("\x08\x08x\n");   /* backspace on an empty line does nothing */
	expect("unknown command 'x'");
}

static void test_history_up_and_down(void **state)
{
	(void)state;
	type("help\n");
	type("list\n");
	fake_uart_clear();
	type("\x1b[A\x1b[A\n");   /* two up: help */
	expect("commands:");
	fake_uart_clear();
	type("\x1b[A\x1b[A\x1b[A\x1b[B\n");   /* help, list, help: up x3 is help, down list */
	expect(" pid    shortid");
	fake_uart_clear();
	type("\x1b[B\x1b[A\x1b[B\n");   /* down on a new line stays empty; up then down: empty */
	assert_false(drv_output_has("pid"));
	assert_false(drv_output_has("commands"));
}

static void test_crlf_is_one_line_end(void **state)
{
	(void)state;
	type("help\r\n");
	type("\r\n");
	const char *s = fake_uart.out;
	unsigned prompts = 0;
	while ((s = strstr(s, "tick$ ")) != NULL) {
		prompts++;
		s++;
	}
	assert_int_equal(prompts, 2);
}

static void test_reset_calls_the_board(void **state)
{
	(void)state;
	type("reset\n");
	assert_int_equal(resets, 1);
}

enum { RBUF = 0x600 };

/* x wakes up, starts a console read of len bytes and waits for it. */
static void read_pending(struct process *x, uint32_t len)
{
	x->state = PS_RUNNABLE;
	assert_int_equal(env_allow(x, SYS_ALLOW_RW, CONSOLE_DRIVER_NUM, 1, x->mem_start + RBUF, 32).a[0], SYSRET_SUCCESS_2U32);
	assert_int_equal(env_command(x, CONSOLE_DRIVER_NUM, 2, len, 0).a[0], SYSRET_SUCCESS);
	env_yield(x, YIELD_WAIT_FOR, CONSOLE_DRIVER_NUM, 2, 0);
}

static void test_a_line_goes_to_the_app_that_reads(void **state)
{
	(void)state;
	read_pending(q, 3);
	type("hi\n");
	assert_int_equal(q->state, PS_RUNNABLE);   /* the read completed */
	assert_memory_equal(env_mem(q->mem_start + RBUF), "hi\n", 3);
	assert_false(drv_output_has("unknown"));
	assert_false(drv_output_has("tick$"));
}

static void test_ctrl_p_sends_a_line_to_the_console_while_an_app_reads(void **state)
{
	(void)state;
	read_pending(q, 4);
	type("\x10list\n");
	expect(" pid    shortid");
	assert_int_equal(q->state, PS_YIELDED_FOR);
}

static void test_input_waits_while_a_process_is_about_to_run(void **state)
{
	(void)state;
	process_stop(q);
	process_resume(q);
	q->state = PS_RUNNABLE;   /* q still runs: it may be about to read */
	fake_uart_receive("help\n", 5);
	for (int i = 0; i < 5; i++)
		deferred_run_all();
	assert_false(drv_output_has("commands"));
	fake_time.now += FAKE_TIME_HZ / 1000 * PCONSOLE_HOLD_MS;   /* it did not read in time: the console gets it */
	env_run();
	expect("commands:");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_prompt_and_help, setup),
		cmocka_unit_test_setup(test_list_shows_every_process, setup),
		cmocka_unit_test_setup(test_status_and_kernel, setup),
		cmocka_unit_test_setup(test_process_prints_the_memory_map, setup),
		cmocka_unit_test_setup(test_stop_start_terminate_boot_fault, setup),
		cmocka_unit_test_setup(test_errors_are_clear, setup),
		cmocka_unit_test_setup(test_trace_chooses_processes, setup),
		cmocka_unit_test_setup(test_buttons_and_pins_are_driven_and_shown, setup),
		cmocka_unit_test_setup(test_backspace_and_extra_spaces, setup),
		cmocka_unit_test_setup(test_history_up_and_down, setup),
		cmocka_unit_test_setup(test_crlf_is_one_line_end, setup),
		cmocka_unit_test_setup(test_reset_calls_the_board, setup),
		cmocka_unit_test_setup(test_a_line_goes_to_the_app_that_reads, setup),
		cmocka_unit_test_setup(test_ctrl_p_sends_a_line_to_the_console_while_an_app_reads, setup),
		cmocka_unit_test_setup(test_input_waits_while_a_process_is_about_to_run, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
