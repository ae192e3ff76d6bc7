/* rv32 process register file and protection layout: pure C, shared by the kernel and the host arch. */
#include <arch/pmp.h>
#include <tick/arch.h>
#include "../../kernel/internal/process.h"   /* struct process: arch code is kernel-internal */

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

enum pmp_error rv32_process_pmp(const struct process *p, struct pmp_config *out)
{
	struct pmp_region r[2] = {
		{ p->flash_start, p->flash_end, PMP_R | PMP_X },   /* the whole TBF */
		{ p->mem_start, p->app_brk, PMP_R | PMP_W },       /* RAM below the break */
	};
	return pmp_compute(r, 2, 8, out);
}
