/* rv32 memory-protection switching, trap-cause names and the kernel fault report. */
#include <arch/pmp.h>
#include <tick/arch.h>
#include <tick/klog.h>
#include "../../kernel/internal/process.h"   /* struct process: arch code is kernel-internal */

static const struct process *pmp_loaded;   /* whose regions are in the CSRs now */

/* Computes p's two regions with the pure pmp_compute and caches the register image. */
static __attribute__((noinline)) void compute_regions(struct process *p)
{
	struct pmp_config cfg;
	if (rv32_process_pmp(p, &cfg) != PMP_OK)
		kpanic("PMP: invalid regions for process %u", p->index);   /* loader checked them */
	for (unsigned i = 0; i < 4; i++)
		p->mpu_cache[i] = cfg.addr[i];
	p->mpu_cache[4] = (uint32_t)cfg.cfg[0] | (uint32_t)cfg.cfg[1] << 8 |
			  (uint32_t)cfg.cfg[2] << 16 | (uint32_t)cfg.cfg[3] << 24;
	p->mpu_cache_valid = 1;
}

#define CSRW(csr, v) __asm__ volatile("csrw " #csr ", %0" ::"r"(v))

static void load_regions(struct process *p)
{
	if (!p->mpu_cache_valid)
		compute_regions(p);
	/* Entries 0-3 are never locked, so they do not bind M-mode: a half-written set is
	 * harmless until the mret into the process, and pmpcfg0 is written last. */
	CSRW(pmpaddr0, p->mpu_cache[0]);
	CSRW(pmpaddr1, p->mpu_cache[1]);
	CSRW(pmpaddr2, p->mpu_cache[2]);
	CSRW(pmpaddr3, p->mpu_cache[3]);
	CSRW(pmpcfg0, p->mpu_cache[4]);
	pmp_loaded = p;
}

void arch_mpu_switch(struct process *p)
{
	if (pmp_loaded != p)
		load_regions(p);
}

void arch_mpu_update_brk(struct process *p)
{
	p->mpu_cache_valid = 0;
	load_regions(p);
}

void arch_mpu_invalidate(void)
{
	for (unsigned i = 0; i < CONFIG_MAX_PROCS; i++)
		processes[i].mpu_cache_valid = 0;
	pmp_loaded = 0;
	pmp_hw_reset();
	/* Called from a system call (process info restarting another process) the current
	 * process resumes on the fast path without passing arch_mpu_switch: reload its regions. */
	if (current_process && process_alive(current_process))
		load_regions(current_process);
}

void arch_wait_for_interrupt(void)
{
	__asm__ volatile("wfi");
}

const char *arch_cause_name(uint32_t cause)
{
	static const char *const names[] = {
		"instruction address misaligned", "instruction access fault",
		"illegal instruction", "breakpoint", "load address misaligned",
		"load access fault", "store address misaligned", "store access fault",
		"ecall from U-mode", "ecall from S-mode", "reserved", "ecall from M-mode",
		"instruction page fault", "load page fault", "reserved", "store page fault",
	};
	return cause < sizeof(names) / sizeof(names[0]) ? names[cause] : "unknown";
}

void arch_print_context(const struct arch_context *ctx)
{
	static const char *const abi[32] = {
		"zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "s0", "s1", "a0", "a1", "a2",
		"a3", "a4", "a5", "a6", "a7", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9",
		"s10", "s11", "t3", "t4", "t5", "t6",
	};
	for (unsigned i = 1; i < 32; i += 4) {
		for (unsigned j = i; j < i + 4 && j < 32; j++)
			klog(" %4s=0x%08x", abi[j], ctx->regs[j]);
		klog("\n");
	}
	klog("   pc=0x%08x\n", ctx->pc);
}

/* Called from trap.S when the kernel itself takes an exception. */
void kernel_fault_panic(uint32_t cause, uint32_t epc, uint32_t tval)
	__attribute__((noreturn));
void kernel_fault_panic(uint32_t cause, uint32_t epc, uint32_t tval)
{
	kpanic("kernel fault: %s (mcause %u) at pc 0x%08x, mtval 0x%08x",
	       arch_cause_name(cause), cause, epc, tval);
}
