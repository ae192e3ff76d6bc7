/* rv32 process registers: set-up for entry and upcalls, the fault report, trap-cause names, idle. */
#include <tick/arch.h>
#include <tick/klog.h>
#include <tick/strlist.h>

void arch_context_init(struct arch_context *ctx, uint32_t pc, uint32_t sp,
		       uint32_t a0, uint32_t a1, uint32_t a2, uint32_t a3)
{
	uint32_t ksp = ctx->regs[0];   /* the trap path keeps the kernel stack pointer here */
	for (unsigned i = 0; i < 32; i++)
		ctx->regs[i] = 0;
	ctx->regs[0] = ksp;
	ctx->regs[RV_SP] = sp;
	ctx->regs[RV_A0] = a0;
	ctx->regs[RV_A1] = a1;
	ctx->regs[RV_A2] = a2;
	ctx->regs[RV_A3] = a3;
	ctx->pc = pc;
}

void arch_deliver_upcall(struct arch_context *ctx, uint32_t fn,
			 uint32_t a0, uint32_t a1, uint32_t a2, uint32_t a3)
{
	/* The process is stopped just after its yield ecall (pc already advanced), so the
	 * upcall returns there through ra; it runs on the process's current stack. */
	ctx->regs[RV_RA] = ctx->pc;
	ctx->regs[RV_A0] = a0;
	ctx->regs[RV_A1] = a1;
	ctx->regs[RV_A2] = a2;
	ctx->regs[RV_A3] = a3;
	ctx->pc = fn;
}

void arch_wait_for_interrupt(void)
{
	__asm__ volatile("wfi");
}

/* Not inlined (noinline): LTO copied it into both fault reports. */
__attribute__((noinline)) const char *arch_cause_name(uint32_t cause)
{
	/* One NUL-separated string indexed by mcause, not a table of pointers to them. */
	static const char names[] =
		"instruction address misaligned\0instruction access fault\0"
		"illegal instruction\0breakpoint\0load address misaligned\0"
		"load access fault\0store address misaligned\0store access fault\0"
		"ecall from U-mode\0ecall from S-mode\0reserved\0ecall from M-mode\0"
		"instruction page fault\0load page fault\0reserved\0store page fault";
	return strlist_nth(names, 16, cause, "unknown");
}

void arch_print_context(const struct arch_context *ctx)
{
	/* Registers 1-31 (x0 is not saved): one NUL-separated string of their names, not
	 * pointers to strings. */
	static const char abi[] = "ra\0sp\0gp\0tp\0t0\0t1\0t2\0s0\0s1\0a0\0a1\0a2\0a3\0a4\0a5\0a6\0a7\0"
				  "s2\0s3\0s4\0s5\0s6\0s7\0s8\0s9\0s10\0s11\0t3\0t4\0t5\0t6";
	for (unsigned i = 1; i < 32; i += 4) {
		for (unsigned j = i; j < i + 4 && j < 32; j++)
			klog(" %4s=0x%08x", strlist_nth(abi, 31, j - 1, ""), ctx->regs[j]);
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
