/* Cortex-M faults: decoding a process's fault, cause names, the register dump and the kernel's own faults (cold code, apart from context.c). */
#include <arch/cortexm.h>
#include <tick/arch.h>
#include <tick/klog.h>
#include <tick/strlist.h>
#include <tick/trap.h>

/* Called from trap.S for a fault taken from a process, with r4-r11 and psp saved. */
uint32_t cm_process_fault(struct arch_context *ctx, uint32_t exc);
uint32_t cm_process_fault(struct arch_context *ctx, uint32_t exc)
{
	uint32_t cfsr = CM_CFSR, tval = 0, cause;
	/* The usage faults UNDEFINSTR, INVSTATE, INVPC, NOCP (bits 16-19), UNALIGNED, DIVBYZERO
	 * (24-25) as bits 0-5, in the order of their causes from CM_CAUSE_UNDEF on */
	uint32_t usage = (cfsr >> 16 & 0xFu) | (cfsr >> 20 & 0x30u);
	CM_CFSR = cfsr;   /* write-one-to-clear */
	if (cfsr & (1u << 4 | 1u << 3))                         /* MSTKERR, MUNSTKERR */
		cause = CM_CAUSE_MPU_STACK;
	else if (cfsr & (1u << 12 | 1u << 11))                  /* BSTKERR, UNSTKERR */
		cause = CM_CAUSE_BUS_STACK;
	else if (cfsr & 1u)                                     /* IACCVIOL */
		cause = CM_CAUSE_MPU_FETCH;
	else if (cfsr & 2u) {                                   /* DACCVIOL */
		cause = CM_CAUSE_MPU_DATA;
		tval = CM_MMFAR;
	} else if (cfsr & 0x0700u) {                            /* bus errors */
		cause = CM_CAUSE_BUS;
		tval = cfsr & (1u << 15) ? CM_BFAR : 0;
	} else if (usage)   /* the lowest bit first, as the checks above */
		cause = CM_CAUSE_UNDEF + (uint32_t)__builtin_ctz(usage);
	else
		cause = CM_CAUSE_HARD;
	if (cause == CM_CAUSE_MPU_STACK || cause == CM_CAUSE_BUS_STACK) {
		/* No frame was written where psp points (it may point anywhere, the kernel
		 * included): report zeros rather than read it. An svc whose frame could not be
		 * pushed stays pending; drop it, or it would run in the kernel. */
		for (unsigned i = 0; i < 8; i++)
			ctx->frame[i] = 0;
		CM_SHCSR &= ~(1u << 15);
	} else {
		const uint32_t *f = (const uint32_t *)(uintptr_t)ctx->psp;
		for (unsigned i = 0; i < 8; i++)
			ctx->frame[i] = f[i];
	}
	CM_HFSR = CM_HFSR;
	(void)exc;
	return trap_exception((struct process *)ctx, cause, tval);
}

const char *arch_cause_name(uint32_t cause)
{
	/* One NUL-separated string in enum cm_cause's order, not a table of pointers to them. */
	static const char names[] =
		"hard fault\0MPU data access violation\0MPU instruction fetch violation\0"
		"MPU violation while pushing or popping the exception frame\0bus fault\0"
		"bus fault while pushing or popping the exception frame\0undefined instruction\0"
		"invalid state\0invalid exception return\0no coprocessor\0unaligned access\0"
		"division by zero\0stack outside its RAM";
	return strlist_nth(names, CM_CAUSE_COUNT, cause, "unknown");
}

void arch_print_context(const struct arch_context *ctx)
{
	for (unsigned i = 0; i < 4; i++)
		klog("   r%u=0x%08x", i, ctx->frame[i]);
	klog("\n");
	for (unsigned i = 0; i < 8; i++)
		klog("%s%sr%u=0x%08x", i == 4 ? "\n" : "", i + 4 < 10 ? "   " : "  ", i + 4, ctx->r4_r11[i]);
	klog("\n  r12=0x%08x   lr=0x%08x   pc=0x%08x xpsr=0x%08x\n   sp=0x%08x\n",
	     ctx->frame[CM_R12], ctx->frame[CM_LR], ctx->frame[CM_PC], ctx->frame[CM_XPSR], ctx->psp);
}

/* Called from trap.S when the kernel itself takes a fault. */
void cm_kernel_fault(uint32_t exc, uint32_t exc_return, uint32_t msp) __attribute__((noreturn));
void cm_kernel_fault(uint32_t exc, uint32_t exc_return, uint32_t msp)
{
	const uint32_t *f = (const uint32_t *)(uintptr_t)msp;
	kpanic("kernel fault: exception %u, CFSR 0x%08x, HFSR 0x%08x, MMFAR 0x%08x, BFAR 0x%08x, pc 0x%08x, EXC_RETURN 0x%08x",
	       exc, CM_CFSR, CM_HFSR, CM_MMFAR, CM_BFAR, (exc_return & 4u) ? 0u : f[6], exc_return);
}
