/* Trap entry and exit for processes in U-mode, and the switch from the kernel loop into a process.
 *
 * While a process runs, mscratch holds its struct arch_context (== struct process) and
 * ctx->regs[0] holds the kernel stack pointer; while the kernel runs, mscratch is 0.
 * Fast path: a trap saves only the caller-saved registers, sp and pc, and calls C with the
 * kernel stack. C preserves s0-s11, so when the C handler says "resume" (system calls that
 * do not block) the same process continues without touching PMP or the scheduler.
 * Slow path: anything else also saves s0-s11, gp and tp and restarts the kernel loop on a
 * fresh kernel stack (kernel_loop_reenter); arch_switch_to never returns. Layout: regs[i] at 4*i, pc at 128 (arch/context.h). */

#define SAVE_CALLER(base) \
	sw ra, 4(base); sw t0, 20(base); sw t1, 24(base); sw t2, 28(base); \
	sw a0, 40(base); sw a1, 44(base); sw a2, 48(base); sw a3, 52(base); \
	sw a4, 56(base); sw a5, 60(base); sw a6, 64(base); sw a7, 68(base); \
	sw t3, 112(base); sw t4, 116(base); sw t5, 120(base); sw t6, 124(base)

#define LOAD_CALLER(base) \
	lw ra, 4(base); lw t0, 20(base); lw t1, 24(base); lw t2, 28(base); \
	lw a0, 40(base); lw a1, 44(base); lw a2, 48(base); lw a3, 52(base); \
	lw a4, 56(base); lw a5, 60(base); lw a6, 64(base); lw a7, 68(base); \
	lw t3, 112(base); lw t4, 116(base); lw t5, 120(base); lw t6, 124(base)

#define CALLEE(op, base) \
	op gp, 12(base); op tp, 16(base); op s0, 32(base); op s1, 36(base); \
	op s2, 72(base); op s3, 76(base); op s4, 80(base); op s5, 84(base); \
	op s6, 88(base); op s7, 92(base); op s8, 96(base); op s9, 100(base); \
	op s10, 104(base); op s11, 108(base)

	.section .text.trap, "ax"
	.balign 4
	.globl trap_entry
trap_entry:
	csrrw	sp, mscratch, sp
	beqz	sp, kernel_trap
	SAVE_CALLER(sp)
	csrr	t0, mscratch            /* the process's sp */
	sw	t0, 8(sp)
	csrw	mscratch, sp
	csrr	t1, mepc
	csrr	a1, mcause
	mv	a0, sp
	lw	sp, 0(a0)               /* kernel stack */
	li	t2, 8                   /* environment call from U-mode */
	bne	a1, t2, not_syscall
	addi	t1, t1, 4               /* resume after the ecall (it has no compressed form) */
	sw	t1, 128(a0)
	call	syscall_dispatch
	bnez	a0, to_kernel
resume:
	csrr	sp, mscratch
	lw	t0, 128(sp)
	csrw	mepc, t0
	LOAD_CALLER(sp)
	lw	sp, 8(sp)
	mret

not_syscall:
	sw	t1, 128(a0)
	bgez	a1, trap_fault
	li	a0, 1                   /* interrupt: TRAP_TO_KERNEL, the loop services it */
	j	to_kernel

trap_fault:
	csrr	t0, mstatus             /* MPP != U: the kernel itself faulted in the fast path */
	srli	t0, t0, 11
	andi	t0, t0, 3
	bnez	t0, kernel_fault
	csrr	a2, mtval
	call	trap_exception
	beqz	a0, resume

to_kernel:
	li	t0, 2                   /* TRAP_CONTEXT_REPLACED: keep the fresh context */
	csrr	a1, mscratch
	beq	a0, t0, 1f
	CALLEE(sw, a1)
1:	csrw	mscratch, zero
	la	sp, _kernel_stack_top   /* nothing of the kernel lives on its stack across a run */
	tail	kernel_loop_reenter

/* A trap while the kernel itself ran: never expected, report and stop. */
kernel_trap:
	csrrw	sp, mscratch, sp        /* back to the kernel stack, mscratch = 0 */
kernel_fault:
	csrr	a0, mcause
	csrr	a1, mepc
	csrr	a2, mtval
	call	kernel_fault_panic
1:	j	1b

/* void arch_switch_to(struct arch_context *ctx): enter the process. Does not return: the
 * process's next slow-path trap continues in kernel_loop_reenter (see to_kernel), so the
 * kernel's own registers need no saving. mstatus.MPP is already U: it is 0 from reset, and
 * every trap from U-mode and every mret leave it at U. */
	.globl arch_switch_to
arch_switch_to:
	sw	sp, 0(a0)               /* kernel stack for the fast path's C calls */
	csrw	mscratch, a0
	lw	t0, 128(a0)
	csrw	mepc, t0
	mv	t6, a0
	CALLEE(lw, t6)
	lw	ra, 4(t6); lw t0, 20(t6); lw t1, 24(t6); lw t2, 28(t6)
	lw	a0, 40(t6); lw a1, 44(t6); lw a2, 48(t6); lw a3, 52(t6)
	lw	a4, 56(t6); lw a5, 60(t6); lw a6, 64(t6); lw a7, 68(t6)
	lw	t3, 112(t6); lw t4, 116(t6); lw t5, 120(t6)
	lw	sp, 8(t6)
	lw	t6, 124(t6)
	mret
