/* Host process registers: set-up for entry and upcalls, the fault report and trap-cause names of the fake CPU. */
#include <tick/arch.h>
#include <tick/klog.h>

void arch_context_init(struct arch_context *ctx, uint32_t pc, uint32_t sp,
		       uint32_t a0, uint32_t a1, uint32_t a2, uint32_t a3)
{
	*ctx = (struct arch_context){ .pc = pc };
	ctx->regs[RV_SP] = sp;
	ctx->regs[RV_A0] = a0;
	ctx->regs[RV_A1] = a1;
	ctx->regs[RV_A2] = a2;
	ctx->regs[RV_A3] = a3;
}

void arch_deliver_upcall(struct arch_context *ctx, uint32_t fn,
			 uint32_t a0, uint32_t a1, uint32_t a2, uint32_t a3)
{
	/* As on rv32: the upcall returns through ra to just after the yield (pc was advanced). */
	ctx->regs[RV_RA] = ctx->pc;
	ctx->regs[RV_A0] = a0;
	ctx->regs[RV_A1] = a1;
	ctx->regs[RV_A2] = a2;
	ctx->regs[RV_A3] = a3;
	ctx->pc = fn;
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
