/* Host implementation of the arch contract (tick/arch.h): fake switches and idle, board hooks, captured console.
 * Registers are in arch/host/context.c, protection in arch/host/mpu.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arch/host.h>
#include <tick/arch.h>
#include <tick/board.h>
#include <tick/klog.h>
#include <tick/trace.h>
#include "../../kernel/internal/process.h"   /* struct process: arch code is kernel-internal */

struct host_arch host_arch;
uint32_t kernel_boot_instret;

#define CONSOLE_CAPTURE (256u * 1024u)
static char console[CONSOLE_CAPTURE + 1];
static size_t console_len;

void host_arch_reset(void)
{
	memset(&host_arch, 0, sizeof host_arch);
	host_console_clear();
}

void arch_switch_to(struct arch_context *ctx)
{
	host_arch.switches++;
	if (host_arch.on_switch)
		host_arch.on_switch(ctx);
}

/* The host's "trap vector" for system calls (tick/trace.h): env_syscall reads the flag. */
bool arch_trace_syscalls(bool on)
{
	host_arch.trace_syscalls = on;
	return true;
}

void arch_wait_for_interrupt(void)
{
	host_arch.wfi_calls++;
	if (host_arch.on_wfi)
		host_arch.on_wfi();
}

/* Board hooks. */

void board_console_putc_blocking(char c)
{
	if (console_len < CONSOLE_CAPTURE)
		console[console_len++] = c;
	console[console_len] = '\0';
}

const char *host_console(void)
{
	return console;
}

size_t host_console_len(void)
{
	return console_len;
}

void host_console_clear(void)
{
	console_len = 0;
	console[0] = '\0';
}

void board_service_interrupts(void)
{
	if (host_arch.service_interrupts)
		host_arch.service_interrupts();
}

bool board_interrupts_pending(void)
{
	return host_arch.interrupts_pending && host_arch.interrupts_pending();
}

void board_halt(int code)
{
	host_arch.halt_code = code;
	host_arch.halts++;
	if (host_arch.halt_jmp)
		longjmp(*host_arch.halt_jmp, code + 1);
	fprintf(stderr, "board_halt(%d) with no halt_jmp set; console:\n%s\n", code, console);
	abort();
}
