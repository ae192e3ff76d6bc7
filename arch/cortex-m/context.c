/* Cortex-M process registers: entry and upcall set-up, the switch into a process, idle, boot set-up (the fault reports are in fault.c). */
#include <arch/cortexm.h>
#include <tick/arch.h>
#include "../../kernel/internal/process.h"   /* struct process: arch code is kernel-internal */

#define XPSR_T (1u << 24)       /* Thumb state: the only state an M-profile core has */
#define XPSR_ALIGN (1u << 9)    /* the hardware padded the frame by 4 bytes to align the stack */

void cm_enter(struct arch_context *ctx);   /* trap.S */

void cm_init(void)
{
	CM_SHPR1 = 0;                            /* MemManage, BusFault, UsageFault: 0 */
	CM_SHPR2 = 0;                            /* SVC: 0, above the interrupts */
	CM_SHPR3 = CM_IRQ_PRIORITY << 16 | CM_IRQ_PRIORITY << 24;   /* PendSV, SysTick */
	for (unsigned i = 0; i < 8; i++)         /* IRQs 0-31 */
		CM_NVIC_IPR(i) = CM_IRQ_PRIORITY * 0x01010101u;
	CM_SHCSR |= 7u << 16;                    /* MemManage, BusFault, UsageFault handlers on */
	CM_CCR |= 1u << 4;                       /* an app's division by zero faults */
}

void arch_context_init(struct arch_context *ctx, uint32_t pc, uint32_t sp,
		       uint32_t a0, uint32_t a1, uint32_t a2, uint32_t a3)
{
	for (unsigned i = 0; i < 8; i++)
		ctx->r4_r11[i] = 0;
	ctx->frame[0] = a0;
	ctx->frame[1] = a1;
	ctx->frame[2] = a2;
	ctx->frame[3] = a3;
	ctx->frame[CM_R12] = 0;
	ctx->frame[CM_LR] = 0xffffffffu;      /* returning from the entry point faults */
	ctx->frame[CM_PC] = pc & ~1u;
	ctx->frame[CM_XPSR] = XPSR_T;
	ctx->psp = (sp & ~7u) - CTX_FRAME_BYTES;  /* the first switch pushes the frame there */
	ctx->cls = 0;
}

void arch_deliver_upcall(struct arch_context *ctx, uint32_t fn,
			 uint32_t a0, uint32_t a1, uint32_t a2, uint32_t a3)
{
	/* Stopped in a yield svc: the frame's pc is just past it. The upcall runs on the same
	 * stack (the frame is popped first) and returns there through lr, like a call made by
	 * the yield; libtock-c's yield lists lr and r0-r3, r12 as clobbered. The alignment bit
	 * is kept so that the stack pointer comes back unchanged. */
	ctx->frame[CM_LR] = ctx->frame[CM_PC] | 1u;
	ctx->frame[0] = a0;
	ctx->frame[1] = a1;
	ctx->frame[2] = a2;
	ctx->frame[3] = a3;
	ctx->frame[CM_PC] = fn & ~1u;
	ctx->frame[CM_XPSR] = XPSR_T | (ctx->frame[CM_XPSR] & XPSR_ALIGN);
}

void arch_switch_to(struct arch_context *ctx)
{
	struct process *p = (struct process *)ctx;
	/* The switch writes the frame at psp with the kernel's rights: only where the process
	 * itself may write (its break may have moved below its stack since it trapped). */
	if (ctx->psp < p->mem_start || ctx->psp > p->app_brk ||
	    p->app_brk - ctx->psp < CTX_FRAME_BYTES) {
		for (unsigned i = 0; i < 8; i++)
			ctx->frame[i] = 0;
		process_fault(p, CM_CAUSE_BAD_FRAME, ctx->psp);
		return;
	}
	cm_enter(ctx);
}

void arch_wait_for_interrupt(void)
{
	/* BASEPRI keeps interrupts from being taken in the kernel, but a core need not wake
	 * for an interrupt BASEPRI masks; with PRIMASK set instead, a pending one wakes it and
	 * is still not taken. */
	__asm__ volatile("cpsid i\n\tmsr basepri, %0\n\tdsb\n\twfi\n\tmsr basepri, %1\n\tcpsie i"
			 :: "r"(0), "r"(CM_IRQ_PRIORITY) : "memory");
}
