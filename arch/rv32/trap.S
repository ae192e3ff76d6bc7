/* Trap entry and exit for processes in U-mode, and the switch from the kernel loop into a process.
 *
 * While a process runs, mscratch holds its struct arch_context (== struct process) and
 * ctx->regs[0] holds the kernel stack pointer; while the kernel runs, mscratch is 0.
 * Fast path: a trap saves only the caller-saved registers, sp and pc, and calls C with the
 * kernel stack. C preserves s0-s11, so when the C handler says "resume" (system calls that
 * do not block) the same process continues without touching PMP or the scheduler.
 * Slow path: anything else also saves s0-s11, gp and tp and restarts the kernel loop on a
 * fresh kernel stack (kernel_loop_reenter); a fault saves them before its report. arch_switch_to
 * never returns. The context offsets
 * (CTX_*) come from arch/context_layout.h, which arch/context.h checks against the C struct. */

#include <arch/context_layout.h>
#include <arch/trap_offsets.h>

#define SAVE_CALLER(base) \
	sw ra, CTX_RA(base); sw t0, CTX_T0(base); sw t1, CTX_T1(base); sw t2, CTX_T2(base); \
	sw a0, CTX_A0(base); sw a1, CTX_A1(base); sw a2, CTX_A2(base); sw a3, CTX_A3(base); \
	sw a4, CTX_A4(base); sw a5, CTX_A5(base); sw a6, CTX_A6(base); sw a7, CTX_A7(base); \
	sw t3, CTX_T3(base); sw t4, CTX_T4(base); sw t5, CTX_T5(base); sw t6, CTX_T6(base)

#define LOAD_CALLER(base) \
	lw ra, CTX_RA(base); lw t0, CTX_T0(base); lw t1, CTX_T1(base); lw t2, CTX_T2(base); \
	lw a0, CTX_A0(base); lw a1, CTX_A1(base); lw a2, CTX_A2(base); lw a3, CTX_A3(base); \
	lw a4, CTX_A4(base); lw a5, CTX_A5(base); lw a6, CTX_A6(base); lw a7, CTX_A7(base); \
	lw t3, CTX_T3(base); lw t4, CTX_T4(base); lw t5, CTX_T5(base); lw t6, CTX_T6(base)

#define CALLEE(op, base) \
	op gp, CTX_GP(base); op tp, CTX_TP(base); op s0, CTX_S0(base); op s1, CTX_S1(base); \
	op s2, CTX_S2(base); op s3, CTX_S3(base); op s4, CTX_S4(base); op s5, CTX_S5(base); \
	op s6, CTX_S6(base); op s7, CTX_S7(base); op s8, CTX_S8(base); op s9, CTX_S9(base); \
	op s10, CTX_S10(base); op s11, CTX_S11(base)

/* The start of both trap entries: saves the caller-saved registers, sp and pc in the
 * process's context, switches to the kernel stack (a0 = the context, a1 = mcause, t1 = mepc)
 * and goes to not_syscall unless this is an ecall, whose pc it then steps past. */
#define TRAP_ENTER \
	csrrw	sp, mscratch, sp; \
	beqz	sp, kernel_trap; \
	SAVE_CALLER(sp); \
	csrr	t0, mscratch;           /* the process's sp */ \
	sw	t0, CTX_SP(sp); \
	csrw	mscratch, sp; \
	csrr	t1, mepc; \
	csrr	a1, mcause; \
	mv	a0, sp; \
	lw	sp, CTX_KSP(a0);        /* kernel stack */ \
	li	t2, 8;                  /* environment call from U-mode */ \
	bne	a1, t2, not_syscall; \
	addi	t1, t1, 4;              /* resume after the ecall (it has no compressed form) */ \
	sw	t1, CTX_PC(a0)

	.section .text.trap, "ax"
	.balign 4
	.globl trap_entry
trap_entry:
	TRAP_ENTER
	/* syscall_dispatch, spelled out: count the call, then by class (a4 is still the
	 * process's): command, yield, the rest. */
	lw	t0, TRAP_P_SYSCALLS(a0)
	addi	t0, t0, 1
	sw	t0, TRAP_P_SYSCALLS(a0)
	li	t2, 2                   /* SYS_COMMAND */
	beq	a4, t2, command
	beqz	a4, yield               /* SYS_YIELD */
	call	syscall_other
dispatched:
	bnez	a0, to_kernel
resume:
	csrr	sp, mscratch
	lw	t0, CTX_PC(sp)
	csrw	mepc, t0
	LOAD_CALLER(sp)
	lw	sp, CTX_SP(sp)
	mret

yield:
	call	syscall_yield
	j	dispatched

/* A command to a driver in driver_direct from a process without Permissions entries (else
 * syscall_command): the driver's command is called as C would call it, with the process's
 * saved a0-a3 as the place for its struct sysret (returned through a hidden pointer in a0 by
 * the ilp32 ABI), so its answer needs no copy. a2 and a3 still hold the process's. */
command:
	lw	t0, CTX_A0(a0)          /* driver number */
	li	t1, TRAP_DRIVER_DIRECT
	bgeu	t0, t1, command_c
	lw	t1, TRAP_P_PERMISSIONS(a0)
	bnez	t1, command_c
	slli	t0, t0, 2
	lui	t1, %hi(driver_direct)
	add	t0, t0, t1
	lw	t0, %lo(driver_direct)(t0)
	beqz	t0, command_c           /* no such driver: syscall_command answers */
	mv	a5, a3                  /* arg1 */
	mv	a4, a2                  /* arg0 */
	lw	a3, CTX_A1(a0)          /* command number */
	mv	a2, a0                  /* the process */
	lw	a1, TRAP_DRV_SELF(t0)
	lw	t0, TRAP_DRV_COMMAND(t0)
	addi	a0, a0, CTX_A0          /* struct sysret *: the saved a0-a3 */
	jalr	t0
	j	resume
command_c:
	call	syscall_command
	j	dispatched

not_syscall:
	sw	t1, CTX_PC(a0)
	bgez	a1, trap_fault
	li	a0, 1                   /* interrupt: TRAP_TO_KERNEL, the loop services it */
	j	to_kernel

trap_fault:
	csrr	t0, mstatus             /* MPP != U: the kernel itself faulted in the fast path */
	srli	t0, t0, 11
	andi	t0, t0, 3
	bnez	t0, kernel_fault
	/* The report trap_exception prints shows the whole context: save the callee-saved
	 * registers first (the fast path has not; C preserves them, so a resume is unaffected). */
	CALLEE(sw, a0)
	csrr	a2, mtval
	call	trap_exception
	beqz	a0, resume

to_kernel:
	csrr	a1, mscratch
	li	t0, 2
	bgeu	a0, t0, not_to_kernel   /* TRAP_CONTEXT_REPLACED or TRAP_SWITCH: rarer */
	CALLEE(sw, a1)
1:	csrw	mscratch, zero
	la	sp, _kernel_stack_top   /* nothing of the kernel lives on its stack across a run */
	tail	kernel_loop_reenter

not_to_kernel:
	beq	a0, t0, 1b              /* TRAP_CONTEXT_REPLACED: keep the fresh context */
	/* TRAP_SWITCH (IPC): save the rest as for TRAP_TO_KERNEL, then enter trap_switch_target
	 * at once. The C side made it current and loaded its protection; its context is
	 * complete (it is blocked or was preempted, never on the fast path). */
	CALLEE(sw, a1)
	lw	a0, trap_switch_target
	la	sp, _kernel_stack_top
	j	arch_switch_to

/* The trap vector while a system call trace is on (kernel/trace.c): system calls go through
 * syscall_dispatch_traced, everything else as in trap_entry. Being a second entry rather than
 * a test in the first, it costs the untraced fast path nothing. */
	.balign 4
	.globl trap_entry_traced
trap_entry_traced:
	TRAP_ENTER
	call	syscall_dispatch_traced
	bnez	a0, to_kernel
	j	resume

/* bool arch_trace_syscalls(bool on): the trap vector with or without tracing (tick/trace.h). */
	.globl arch_trace_syscalls
arch_trace_syscalls:
	la	t0, trap_entry
	beqz	a0, 1f
	la	t0, trap_entry_traced
1:	csrw	mtvec, t0
	li	a0, 1
	ret

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
	sw	sp, CTX_KSP(a0)         /* kernel stack for the fast path's C calls */
	csrw	mscratch, a0
	lw	t0, CTX_PC(a0)
	csrw	mepc, t0
	mv	t6, a0
	CALLEE(lw, t6)
	lw	ra, CTX_RA(t6); lw t0, CTX_T0(t6); lw t1, CTX_T1(t6); lw t2, CTX_T2(t6)
	lw	a0, CTX_A0(t6); lw a1, CTX_A1(t6); lw a2, CTX_A2(t6); lw a3, CTX_A3(t6)
	lw	a4, CTX_A4(t6); lw a5, CTX_A5(t6); lw a6, CTX_A6(t6); lw a7, CTX_A7(t6)
	lw	t3, CTX_T3(t6); lw t4, CTX_T4(t6); lw t5, CTX_T5(t6)
	lw	sp, CTX_SP(t6)
	lw	t6, CTX_T6(t6)
	mret
