/* The fixture the process console unit tests share: the console over three GPIO ports, typing into it and reading its output. */
#ifndef PCONSOLE_FIXTURE_H
#define PCONSOLE_FIXTURE_H

#include <string.h>

#include <capsules/process_console.h>
#include "../../chips/gpio_bank.h"
#include "test_drv_env.h"

static struct gpio_bank banks[3];
static struct gpio_port ports[3];
static unsigned resets;   /* board resets the console asked for */
static void reset(void) { resets++; }
static struct pconsole_board board = {
	.ports = { &ports[0], &ports[1], &ports[2] },
	.kernel_image = 20000, .kernel_ram = 3000, .kernel_stack = 8192, .app_ram = 0x100000,
	.reset = reset,
};
static struct pconsole pc;

/* A fresh console on env's console UART, with ports of 4, 4 and 8 pins and no resets yet. Call
 * it after the kernel's set-up (env_init, or the store fixture's sf_fresh). */
static void pconsole_fixture(void)
{
	gpio_bank_init(&banks[0], &ports[0], 4);
	gpio_bank_init(&banks[1], &ports[1], 4);
	gpio_bank_init(&banks[2], &ports[2], 8);
	memset(&pc, 0, sizeof pc);
	resets = 0;
	pconsole_init(&pc, &env.console, &board);
}

/* Types s into the console's UART and runs the kernel until it is quiet. */
static void type(const char *s)
{
	fake_uart_receive(s, strlen(s));
	env_run();
}

/* Fails the test unless the UART's output holds s. */
static void expect(const char *s)
{
	if (!drv_output_has(s))
		fail_msg("output lacks \"%s\"; it is:\n%s", s, fake_uart.out);
}

#endif /* PCONSOLE_FIXTURE_H */
