/* Unit tests of the console capsule (capsules/console.c + uart_mux.c) through its syscalls and the fake UART. */
/* sources: @kernel_env */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include <tick/klog.h>
#include "fakes/env.h"

enum { WRITE_DONE = 1, READ_DONE = 2, WBUF = 0x100, RBUF = 0x600 };

static struct process *p, *q;

static int setup(void **state)
{
	(void)state;
	env_init();
	p = env_proc_default(0);
	q = env_proc_default(1);
	fake_uart_clear();   /* boot messages */
	return 0;
}

/* Puts text into x's RAM, allows it read-only and asks to write len bytes of it. */
static struct env_ret write_text(struct process *x, const char *text, uint32_t len)
{
	size_t n = strlen(text);
	memcpy(env_mem(x->mem_start + WBUF), text, n);
	assert_int_equal(env_allow(x, SYS_ALLOW_RO, CONSOLE_DRIVER_NUM, 1, x->mem_start + WBUF, (uint32_t)n).a[0],
			 SYSRET_SUCCESS_2U32);
	return env_command(x, CONSOLE_DRIVER_NUM, 1, len, 0);
}

static struct env_ret read_into(struct process *x, uint32_t buflen, uint32_t len)
{
	assert_int_equal(env_allow(x, SYS_ALLOW_RW, CONSOLE_DRIVER_NUM, 1, x->mem_start + RBUF, buflen).a[0],
			 SYSRET_SUCCESS_2U32);
	return env_command(x, CONSOLE_DRIVER_NUM, 2, len, 0);
}

/* The only queued event of x must be (driver 1, sub) with these arguments. */
static void assert_event(struct process *x, unsigned sub, uint32_t a0, uint32_t a1)
{
	struct process_kernel_area *ka = env_ka(x);
	assert_int_equal(x->upcall_count, 1);
	assert_int_equal(env_entry(ka, 0).driver, CONSOLE_DRIVER_NUM);
	assert_int_equal(env_entry(ka, 0).subscribe, sub);
	assert_int_equal(env_entry(ka, 0).arg[0], a0);
	assert_int_equal(env_entry(ka, 0).arg[1], a1);
	assert_int_equal(env_entry(ka, 0).arg[2], 0);
	upcall_remove(x, 0);
}

static char big_a[201], big_b[201];

static void fill(void)
{
	memset(big_a, 'a', 200);
	memset(big_b, 'b', 200);
}

static void test_write_sends_the_message_and_reports_bytes_written(void **state)
{
	(void)state;
	assert_int_equal(env_command(p, CONSOLE_DRIVER_NUM, 0, 0, 0).a[0], SYSRET_SUCCESS);
	assert_int_equal(write_text(p, "hello, world\n", 13).a[0], SYSRET_SUCCESS);
	assert_int_equal(p->upcall_count, 0);   /* never inside the command */
	env_run();
	assert_string_equal(fake_uart.out, "hello, world\n");
	assert_event(p, WRITE_DONE, 13, 0);
	assert_null(env_check());
}

static void test_long_writes_go_out_in_64_byte_chunks(void **state)
{
	(void)state;
	fill();
	big_a[150] = 0;
	write_text(p, big_a, 150);
	env_run();
	assert_int_equal(fake_uart.sends, 3);
	assert_int_equal(fake_uart.send_len[0], CONSOLE_CHUNK);
	assert_int_equal(fake_uart.send_len[1], CONSOLE_CHUNK);
	assert_int_equal(fake_uart.send_len[2], 150 - 2 * CONSOLE_CHUNK);
	assert_string_equal(fake_uart.out, big_a);
	assert_event(p, WRITE_DONE, 150, 0);
}

static void test_write_length_is_capped_by_the_buffer(void **state)
{
	(void)state;
	write_text(p, "0123456789", 100);
	env_run();
	assert_string_equal(fake_uart.out, "0123456789");
	assert_event(p, WRITE_DONE, 10, 0);
	write_text(p, "0123456789", 4);
	env_run();
	assert_string_equal(fake_uart.out, "01234567890123");
	assert_event(p, WRITE_DONE, 4, 0);
}

static void test_messages_of_two_processes_never_interleave(void **state)
{
	(void)state;
	fill();
	fake_uart.auto_complete = false;
	write_text(p, big_a, 200);
	write_text(q, big_b, 200);
	env_run();
	/* Complete one chunk at a time; more writes and kernel log lines arrive meanwhile. */
	for (unsigned i = 0; i < 40 && fake_uart_complete(); i++) {
		if (i == 1)
			assert_int_equal(env_command(q, LLDB_DRIVER_NUM, 2, 0x77, 0).a[0], SYSRET_SUCCESS);
		env_run();
	}
	assert_false(fake_uart.busy);
	const char *out = fake_uart.out;
	const char *a = strstr(out, big_a), *b = strstr(out, big_b);
	assert_non_null(a);
	assert_non_null(b);
	assert_non_null(strstr(out, "LowLevelDebug: App 0x1 prints 0x77\n"));
	assert_int_equal(strlen(out), 400 + strlen("LowLevelDebug: App 0x1 prints 0x77\n"));
	assert_true(a < b);   /* first come, first served */
	assert_event(p, WRITE_DONE, 200, 0);
	assert_event(q, WRITE_DONE, 200, 0);
	for (unsigned i = 0; i < fake_uart.sends; i++)
		assert_true(fake_uart.send_len[i] <= CONSOLE_CHUNK || i == 2);
}

static void test_zero_length_write_completes_with_zero_from_a_deferred_call(void **state)
{
	(void)state;
	assert_int_equal(write_text(p, "xyz", 0).a[0], SYSRET_SUCCESS);
	assert_int_equal(p->upcall_count, 0);
	env_run();
	assert_string_equal(fake_uart.out, "");
	assert_event(p, WRITE_DONE, 0, 0);
	/* No buffer at all behaves the same. */
	env_allow(p, SYS_ALLOW_RO, CONSOLE_DRIVER_NUM, 1, 0, 0);
	assert_int_equal(env_command(p, CONSOLE_DRIVER_NUM, 1, 50, 0).a[0], SYSRET_SUCCESS);
	env_run();
	assert_event(p, WRITE_DONE, 0, 0);
}

static void test_zero_length_write_cancels_the_write_in_progress(void **state)
{
	(void)state;
	fill();
	fake_uart.auto_complete = false;
	write_text(p, big_a, 200);
	env_run();
	assert_int_equal(fake_uart.sends, 1);
	assert_int_equal(env_command(p, CONSOLE_DRIVER_NUM, 1, 7, 0).a[1], ERR_BUSY);
	assert_int_equal(env_command(p, CONSOLE_DRIVER_NUM, 1, 0, 0).a[0], SYSRET_SUCCESS);
	fake_uart.auto_complete = true;
	env_run();
	assert_int_equal(fake_uart.out_len, CONSOLE_CHUNK);
	assert_event(p, WRITE_DONE, CONSOLE_CHUNK, 0);
	/* The console is free again. */
	write_text(q, "next", 4);
	env_run();
	assert_string_equal(fake_uart.out + CONSOLE_CHUNK, "next");
}

static void test_unallowing_the_buffer_ends_the_message(void **state)
{
	(void)state;
	fill();
	fake_uart.auto_complete = false;
	write_text(p, big_a, 200);
	env_run();
	env_allow(p, SYS_ALLOW_RO, CONSOLE_DRIVER_NUM, 1, 0, 0);
	fake_uart.auto_complete = true;
	env_run();
	assert_int_equal(fake_uart.out_len, CONSOLE_CHUNK);
	assert_event(p, WRITE_DONE, CONSOLE_CHUNK, 0);
}

static void test_a_restarted_writer_is_abandoned_and_others_go_on(void **state)
{
	(void)state;
	fill();
	fake_uart.auto_complete = false;
	write_text(p, big_a, 200);
	write_text(q, big_b, 200);
	env_run();
	assert_int_equal(env_syscall(p, SYS_EXIT, 1, 0, 0, 0).blocked, TRAP_CONTEXT_REPLACED);
	fake_uart.auto_complete = true;
	env_run();
	assert_int_equal(strncmp(fake_uart.out, big_a, CONSOLE_CHUNK), 0);
	assert_non_null(strstr(fake_uart.out, big_b));
	assert_null(strstr(fake_uart.out, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"));
	assert_int_equal(p->upcall_count, 0);
	assert_event(q, WRITE_DONE, 200, 0);
}

static void test_repeated_write_commands_never_overrun_the_writer_queue(void **state)
{
	(void)state;
	/* Regression (was a known kernel bug, now fixed): capsules/console.c command 1 appended
	 * the process to a FIFO of writers with no bound or duplicate check. A zero-length write
	 * followed by non-zero writes (write_done_due stays set, so no BUSY) appended it again
	 * and again, past the end of the FIFO. Writers are now found in the grants by ticket,
	 * so there is no queue to overrun. (Each zero-length write after the first cancels the
	 * write in progress, so p's write completes once, with 0 bytes.) */
	for (unsigned i = 0; i < 3 * CONFIG_MAX_PROCS; i++) {
		write_text(p, "x", 0);
		write_text(p, "x", 1);
	}
	write_text(q, "y", 1);
	env_run();
	assert_string_equal(fake_uart.out, "y");
	assert_event(p, WRITE_DONE, 0, 0);
	assert_event(q, WRITE_DONE, 1, 0);
}

static void test_input_that_arrived_before_the_read_is_delivered(void **state)
{
	(void)state;
	fake_uart_receive("abc", 3);
	assert_int_equal(read_into(p, 8, 3).a[0], SYSRET_SUCCESS);
	assert_int_equal(p->upcall_count, 0);
	env_run();
	assert_memory_equal(env_mem(p->mem_start + RBUF), "abc", 3);
	assert_event(p, READ_DONE, 0, 3);
}

static void test_read_completes_when_enough_bytes_arrive(void **state)
{
	(void)state;
	assert_int_equal(read_into(p, 4, 10).a[0], SYSRET_SUCCESS);   /* capped to the buffer */
	env_run();
	fake_uart_receive("xy", 2);
	env_run();
	assert_int_equal(p->upcall_count, 0);
	fake_uart_receive("zw!", 3);
	env_run();
	assert_memory_equal(env_mem(p->mem_start + RBUF), "xyzw", 4);
	assert_event(p, READ_DONE, 0, 4);
	/* The extra byte waits for the next read. */
	read_into(p, 4, 1);
	env_run();
	assert_int_equal(*env_mem(p->mem_start + RBUF), '!');
	assert_event(p, READ_DONE, 0, 1);
}

static void test_abort_reports_cancel_with_the_bytes_received(void **state)
{
	(void)state;
	read_into(p, 16, 10);
	fake_uart_receive("hi", 2);
	env_run();
	assert_int_equal(env_command(p, CONSOLE_DRIVER_NUM, 3, 0, 0).a[0], SYSRET_SUCCESS);
	assert_int_equal(p->upcall_count, 0);
	env_run();
	assert_event(p, READ_DONE, ERR_CANCEL, 2);
	/* Abort without a read pending: nothing happens. */
	assert_int_equal(env_command(p, CONSOLE_DRIVER_NUM, 3, 0, 0).a[0], SYSRET_SUCCESS);
	env_run();
	assert_int_equal(p->upcall_count, 0);
}

static void test_read_errors(void **state)
{
	(void)state;
	struct env_ret r = env_command(p, CONSOLE_DRIVER_NUM, 2, 5, 0);
	assert_int_equal(r.a[0], SYSRET_FAILURE);
	assert_int_equal(r.a[1], ERR_RESERVE);
	assert_int_equal(read_into(p, 8, 0).a[1], ERR_INVAL);
	assert_int_equal(read_into(p, 8, 2).a[0], SYSRET_SUCCESS);
	assert_int_equal(env_command(p, CONSOLE_DRIVER_NUM, 2, 2, 0).a[1], ERR_BUSY);
	assert_int_equal(env_command(p, CONSOLE_DRIVER_NUM, 4, 0, 0).a[1], ERR_NOSUPPORT);
	assert_int_equal(env_command(p, CONSOLE_DRIVER_NUM, 0xffffffffu, 0, 0).a[1], ERR_NOSUPPORT);
}

static void test_one_reader_at_a_time_and_a_bounded_input_ring(void **state)
{
	(void)state;
	char many[100];
	memset(many, 'k', sizeof many);
	fake_uart_receive(many, sizeof many);   /* nobody reads: the ring keeps the first 64 */
	read_into(q, 100, 100);
	read_into(p, 2, 2);
	env_run();
	assert_event(p, READ_DONE, 0, 2);       /* the lower slot is served first */
	assert_int_equal(q->upcall_count, 0);
	fake_uart_receive("!", 1);
	env_run();
	fake_uart_receive(many, 37);
	env_run();
	assert_event(q, READ_DONE, 0, 100);     /* 62 from the ring, 1 + 37 new */
	assert_int_equal(env_mem(q->mem_start + RBUF)[62], '!');
	assert_null(env_check());
}

static void test_input_left_after_a_completed_read_goes_to_the_next_reader(void **state)
{
	(void)state;
	/* Regression (was a known kernel bug, now fixed): capsules/console.c serve_reads returns
	 * after the first reader even when that read completed, so the bytes left in the ring
	 * reach the next reader only when another byte arrives; until then the ring stays full
	 * and new input is dropped although a read with room is pending. */
	char many[64];
	memset(many, 'k', sizeof many);
	fake_uart_receive(many, sizeof many);
	read_into(q, 100, 100);
	read_into(p, 2, 2);
	env_run();
	assert_event(p, READ_DONE, 0, 2);
	assert_int_equal(env.console.rx_head - env.console.rx_tail, 0);   /* q took the rest */
}

static void test_an_abort_is_served_while_another_reader_waits_for_input(void **state)
{
	(void)state;
	/* Regression: serve_reads stopped at the first pending reader that still waited for
	 * input, so an abort (command 3) of a later reader was never completed: one app's open
	 * read blocked every other app's cancel. */
	read_into(p, 16, 10);                  /* the lower slot waits for input */
	read_into(q, 16, 10);
	fake_uart_receive("ab", 2);
	env_run();
	assert_int_equal(p->upcall_count, 0);
	assert_int_equal(env_command(q, CONSOLE_DRIVER_NUM, 3, 0, 0).a[0], SYSRET_SUCCESS);
	env_run();
	assert_event(q, READ_DONE, ERR_CANCEL, 0);
	assert_int_equal(p->upcall_count, 0);   /* p still waits, with the input it got */
	fake_uart_receive("cdefghij", 8);
	env_run();
	assert_memory_equal(env_mem(p->mem_start + RBUF), "abcdefghij", 10);
	assert_event(p, READ_DONE, 0, 10);
}

/* A process with room for a 3000-byte message in slot 2. */
static struct process *big_writer(void)
{
	return env_proc(2, &(struct proc_opts){ .ram = 0x4000, .brk = 0x3000 });
}

static void test_a_long_write_gives_the_uart_up_at_line_ends(void **state)
{
	(void)state;
	/* Regression: a write held the UART for the whole message, so one process's long
	 * message kept every other process and the kernel log waiting however long it was. */
	struct process *w = big_writer();
	static char text[2001];
	for (unsigned i = 0; i < 40; i++)   /* 40 lines of 50 bytes */
		snprintf(text + 50 * i, 51, "w line %02u %s\n", i % 100, "......................................."); /* 39 */
	assert_int_equal(strlen(text), 2000);
	fake_uart.auto_complete = false;
	write_text(w, text, 2000);
	env_run();
	write_text(q, "q: hello\n", 9);
	assert_int_equal(env_command(q, LLDB_DRIVER_NUM, 2, 0x77, 0).a[0], SYSRET_SUCCESS);
	fake_uart.auto_complete = true;
	env_run();
	const char *out = fake_uart.out;
	const char *qs = strstr(out, "q: hello\n"), *log = strstr(out, "LowLevelDebug: App 0x1 prints 0x77\n");
	assert_non_null(qs);
	assert_non_null(log);
	/* Both come after the first turn of 256 bytes (and the line that completes it: 300),
	 * at a line end, long before the message ends. */
	assert_int_equal(log - out, 300);
	assert_int_equal(qs - out, 300 + strlen("LowLevelDebug: App 0x1 prints 0x77\n"));
	/* The message itself is whole, in order, and reported whole. */
	size_t n = strlen(out);
	assert_int_equal(n, 2000 + 9 + strlen("LowLevelDebug: App 0x1 prints 0x77\n"));
	assert_memory_equal(out, text, 300);
	assert_string_equal(qs + 9, text + 300);
	assert_event(w, WRITE_DONE, 2000, 0);
	assert_event(q, WRITE_DONE, 9, 0);
}

static void test_a_line_longer_than_a_turn_is_cut_at_the_turn_limit(void **state)
{
	(void)state;
	struct process *w = big_writer();
	static char text[3001];
	memset(text, 'w', 3000);
	fake_uart.auto_complete = false;
	write_text(w, text, 3000);
	env_run();
	write_text(q, "q\n", 2);
	fake_uart.auto_complete = true;
	env_run();
	const char *qs = strstr(fake_uart.out, "q\n");
	assert_non_null(qs);
	assert_int_equal(qs - fake_uart.out, CONSOLE_TURN_MAX);
	assert_int_equal(strlen(fake_uart.out), 3002);
	assert_event(w, WRITE_DONE, 3000, 0);
	/* A message of one turn is never cut. */
	fake_uart_clear();
	fake_uart.auto_complete = false;
	memset(text, 'x', CONSOLE_TURN);
	text[CONSOLE_TURN] = 0;
	write_text(w, text, CONSOLE_TURN);
	env_run();
	write_text(q, "q\n", 2);
	fake_uart.auto_complete = true;
	env_run();
	assert_int_equal(strstr(fake_uart.out, "q\n") - fake_uart.out, CONSOLE_TURN);
}

static void test_the_kernel_log_gives_the_uart_up_after_what_it_held(void **state)
{
	(void)state;
	/* Regression: the kernel log kept the UART until it was empty, so a log that kept
	 * growing (a process flooding low-level debug prints) kept every writer waiting. Its
	 * turn now ends after what it held when the turn began. */
	fake_uart.auto_complete = false;
	for (unsigned i = 0; i < 60; i++)   /* 3000 bytes of kernel log */
		klog("[kernel] line %02u %s\n", i, "................................");   /* 50 */
	env_run();
	write_text(p, "p: hi\n", 6);
	for (unsigned i = 0; i < 100 && fake_uart_complete(); i++) {
		klog("[kernel] more %02u %s\n", i, "................................");
		env_run();
	}
	fake_uart.auto_complete = true;
	env_run();
	const char *ps = strstr(fake_uart.out, "p: hi\n");
	assert_non_null(ps);
	assert_int_equal(ps - fake_uart.out, 3000);
	assert_non_null(strstr(ps, "[kernel] more 00 "));
	assert_event(p, WRITE_DONE, 6, 0);
}

static void test_a_line_logged_before_a_write_comes_out_before_it(void **state)
{
	(void)state;
	/* The log's turn takes in what is logged while nobody else waits (an app's LED change
	 * logged before its console message), so cause comes out before effect. */
	fake_uart.auto_complete = false;
	klog("[kernel] first\n");
	env_run();                           /* the log's turn has begun */
	klog("[led] LED3 on\n");
	write_text(p, "p: pressed\n", 11);
	klog("[led] LED2 on\n");             /* after the write asked: after it */
	fake_uart.auto_complete = true;
	env_run();
	assert_string_equal(fake_uart.out, "[kernel] first\n[led] LED3 on\np: pressed\n[led] LED2 on\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_write_sends_the_message_and_reports_bytes_written, setup),
		cmocka_unit_test_setup(test_long_writes_go_out_in_64_byte_chunks, setup),
		cmocka_unit_test_setup(test_write_length_is_capped_by_the_buffer, setup),
		cmocka_unit_test_setup(test_messages_of_two_processes_never_interleave, setup),
		cmocka_unit_test_setup(test_zero_length_write_completes_with_zero_from_a_deferred_call, setup),
		cmocka_unit_test_setup(test_zero_length_write_cancels_the_write_in_progress, setup),
		cmocka_unit_test_setup(test_unallowing_the_buffer_ends_the_message, setup),
		cmocka_unit_test_setup(test_a_restarted_writer_is_abandoned_and_others_go_on, setup),
		cmocka_unit_test_setup(test_repeated_write_commands_never_overrun_the_writer_queue, setup),
		cmocka_unit_test_setup(test_input_that_arrived_before_the_read_is_delivered, setup),
		cmocka_unit_test_setup(test_read_completes_when_enough_bytes_arrive, setup),
		cmocka_unit_test_setup(test_abort_reports_cancel_with_the_bytes_received, setup),
		cmocka_unit_test_setup(test_read_errors, setup),
		cmocka_unit_test_setup(test_one_reader_at_a_time_and_a_bounded_input_ring, setup),
		cmocka_unit_test_setup(test_input_left_after_a_completed_read_goes_to_the_next_reader, setup),
		cmocka_unit_test_setup(test_an_abort_is_served_while_another_reader_waits_for_input, setup),
		cmocka_unit_test_setup(test_a_long_write_gives_the_uart_up_at_line_ends, setup),
		cmocka_unit_test_setup(test_a_line_longer_than_a_turn_is_cut_at_the_turn_limit, setup),
		cmocka_unit_test_setup(test_the_kernel_log_gives_the_uart_up_after_what_it_held, setup),
		cmocka_unit_test_setup(test_a_line_logged_before_a_write_comes_out_before_it, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
