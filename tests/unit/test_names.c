/* Unit tests of process names in kernel messages: long package names are printed whole (loader, faults, exits, restarts). */
/* sources: @kernel_env */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "fakes/env.h"
#include "fakes/tbf_build.h"

/* A libtock-c test name of 47 characters: a harness looks for its fault by this name. */
static const char long_name[] = "org.tockos.libtock-c.tests.console_recv_timeout";

static int setup(void **state)
{
	(void)state;
	env_init();
	fake_uart_clear();
	return 0;
}

static void assert_log_has(const char *before, const char *after)
{
	char want[160];
	snprintf(want, sizeof want, "%s%s%s", before, long_name, after);
	if (!strstr(fake_uart.out, want))
		fail_msg("log lacks \"%s\"; it is:\n%s", want, fake_uart.out);
}

static void test_fault_exit_and_restart_messages_show_the_whole_name(void **state)
{
	(void)state;
	struct process *p = env_proc_default(0);
	/* The name as it lies in flash: no NUL after it (ASan reports a read past it). */
	size_t n = strlen(long_name);
	uint8_t *name = malloc(n);
	memcpy(name, long_name, n);
	p->name = name;
	p->name_len = (uint8_t)n;
	assert_true(n >= 40);
	assert_int_equal(trap_exception(p, 5, 0x1234), TRAP_CONTEXT_REPLACED);
	process_restart(p);
	process_terminate(p, 7);
	env_run();
	assert_log_has("---| process '", "' faulted |---\n");
	assert_log_has("[kernel] process '", "' restarted\n");
	assert_log_has("[kernel] process '", "' exited with code 7\n");
	free(name);
}

static void test_the_loader_shows_the_whole_name(void **state)
{
	(void)state;
	uint8_t *flash = lowmem_map(0x4000), *ram = lowmem_map(0x4000);
	memset(flash, 0xff, 0x4000);
	uint32_t fl = lowmem_addr(flash), r = lowmem_addr(ram);
	uint32_t size = tbf_build(flash, 0x4000, &(struct tbf_opts){ .name = long_name, .min_ram = 1024 });
	tbf_build(flash + size, 0x4000 - size, &(struct tbf_opts){ .name = long_name, .disabled = true });
	assert_int_equal(kernel_load_processes(fl, fl + 0x4000, r, r + 0x4000, NULL), 1);
	env_run();
	assert_log_has("[kernel] app '", "': flash 0x");
	assert_log_has("[kernel] app '", "' at 0x");   /* the refused copy */
	lowmem_unmap(flash, 0x4000);
	lowmem_unmap(ram, 0x4000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_fault_exit_and_restart_messages_show_the_whole_name, setup),
		cmocka_unit_test_setup(test_the_loader_shows_the_whole_name, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
