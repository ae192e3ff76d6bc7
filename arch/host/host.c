/* Host implementation of the arch contract (tick/arch.h): recorded protection, fake switches, board hooks.
 * Register set-up, upcall delivery and the region choice come from arch/rv32/process_layout.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arch/host.h>
#include <tick/arch.h>
#include <tick/board.h>
#include <tick/klog.h>
#include "../../kernel/internal/process.h"   /* struct process: arch code is kernel-internal */

struct host_arch host_arch;
uint32_t kernel_boot_instret;

#define CONSOLE_CAPTURE (256u * 1024u)
static char console[CONSOLE_CAPTURE + 1];
static size_t console_len;

static struct pmp_config cache[CONFIG_MAX_PROCS];   /* see load_regions */
static bool cache_valid[CONFIG_MAX_PROCS];

void host_arch_reset(void)
{
	memset(&host_arch, 0, sizeof host_arch);
	memset(cache_valid, 0, sizeof cache_valid);
	host_console_clear();
}

/* The same two regions arch/rv32/context.c loads: the whole TBF read/execute, RAM below the
 * break read/write. Like rv32, each process's image is computed once and kept until its
 * break moves or arch_mpu_invalidate, so a break change the kernel forgets to announce shows
 * up as a stale image here too. */
static void load_regions(struct process *p)
{
	if (!cache_valid[p->index]) {
		host_arch.pmp_error = rv32_process_pmp(p, &cache[p->index]);
		if (host_arch.pmp_error != PMP_OK)
			kpanic("PMP: invalid regions for process %u", p->index);
		cache_valid[p->index] = true;
	}
	host_arch.pmp = cache[p->index];
	host_arch.pmp_owner = p;
	host_arch.mpu_loads++;
}

void arch_mpu_switch(struct process *p)
{
	if (host_arch.pmp_owner != p)
		load_regions(p);
}

void arch_mpu_update_brk(struct process *p)
{
	cache_valid[p->index] = false;
	load_regions(p);
}

void arch_mpu_invalidate(void)
{
	memset(cache_valid, 0, sizeof cache_valid);
	host_arch.pmp_owner = NULL;
	memset(&host_arch.pmp, 0, sizeof host_arch.pmp);
	host_arch.mpu_invalidates++;
}

void arch_switch_to(struct arch_context *ctx)
{
	host_arch.switches++;
	if (host_arch.on_switch)
		host_arch.on_switch(ctx);
}

void arch_wait_for_interrupt(void)
{
	host_arch.wfi_calls++;
	if (host_arch.on_wfi)
		host_arch.on_wfi();
}

const char *arch_cause_name(uint32_t cause)
{
	return cause == 2 ? "illegal instruction" : cause == 5 ? "load access fault" :
	       cause == 7 ? "store access fault" : "unknown";
}

void arch_print_context(const struct arch_context *ctx)
{
	klog("   pc=0x%08x ra=0x%08x sp=0x%08x a0=0x%08x\n", ctx->pc, ctx->regs[RV_RA],
	     ctx->regs[RV_SP], ctx->regs[RV_A0]);
}

bool host_pmp_reaches(const struct pmp_config *c, uint32_t start, uint32_t end, uint32_t *first)
{
	if (start >= end)
		return false;
	/* Candidates: start, and every entry boundary (pmpaddr << 2) inside (start, end). */
	uint32_t best = end;
	for (int i = -1; i < PMP_MAX_ENTRIES; i++) {
		uint64_t a = i < 0 ? start : (uint64_t)c->addr[i] << 2;
		if (a < start || a >= end || a >= best)
			continue;
		uint32_t x = (uint32_t)a;
		if (pmp_allows(c, x, 1, PMP_R) || pmp_allows(c, x, 1, PMP_W) || pmp_allows(c, x, 1, PMP_X))
			best = x;
	}
	if (best == end)
		return false;
	if (first)
		*first = best;
	return true;
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
