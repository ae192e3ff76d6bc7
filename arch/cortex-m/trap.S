/* Exception entry and exit for unprivileged processes, and the switch from the kernel loop into one.
 *
 * The kernel loop runs in privileged thread mode on the main stack with BASEPRI masking every
 * interrupt; a process runs in unprivileged thread mode on its own stack (PSP) with nothing
 * masked. cm_current is the running process's context (== struct process) or 0.
 * Entering: arch_switch_to -> cm_enter pushes the kernel's callee-saved registers and executes
 * svc; the handler sees it came from the main stack, copies the process's frame onto its
 * stack and returns into it. Leaving: any exception from the process stack saves what the
 * C code will need and returns to the kernel thread right after that svc.
 * Fast path: a system call copies the frame and the class into the context and calls
 * syscall_dispatch; on TRAP_RESUME it writes the frame back where the hardware pushed it
 * (results in r0-r3, and pc/lr when a Yield-NoWait delivered an upcall) and returns
 * straight to the process: no scheduler, no MPU change, r4-r11 untouched (C
 * preserves them). While a system call trace is on, the SVC vector is svc_handler_traced
 * (the same path around syscall_dispatch_traced), so tracing costs the untraced path nothing.
 * Offsets CTX_* come from arch/context_layout.h (checked in arch/context.h). */
	.syntax unified
	.thumb

#include <arch/context_layout.h>

#define CM_IRQ_PRIORITY 0x80
#define EXC_RETURN_KERNEL 0xFFFFFFF9    /* thread mode, main stack */
#define EXC_RETURN_PROCESS 0xFFFFFFFD   /* thread mode, process stack */

	.section .bss.cm_current, "aw", %nobits
	.balign 4
	.globl cm_current
cm_current:
	.space 4

/* Small code that fills the gap between the two vector tables (layout.ld): cm_enter and
 * arch_trace_syscalls. */
	.section .text.vectors_gap, "ax"

/* void cm_enter(struct arch_context *ctx): runs the process until it traps to the kernel. */
	.thumb_func
	.globl cm_enter
cm_enter:
	push	{r4-r11, lr}
	movw	r1, #:lower16:cm_current
	movt	r1, #:upper16:cm_current
	str	r0, [r1]
	svc	#255
	pop	{r4-r11, pc}

/* bool arch_trace_syscalls(bool on): the vector table with or without the traced SVC entry
 * (tick/trace.h). The switch happens in the kernel thread, never inside an SVC. */
	.thumb_func
	.globl arch_trace_syscalls
arch_trace_syscalls:
	ldr	r1, =cm_vectors
	cbz	r0, 1f
	ldr	r1, =cm_vectors_traced
1:	movw	r2, #0xED08             /* VTOR */
	movt	r2, #0xE000
	str	r1, [r2]
	dsb
	isb
	movs	r0, #1
	bx	lr
	.ltorg

	.section .text.trap, "ax"

/* The start of both SVC entries: from the kernel's svc in cm_enter, enter the process;
 * from a process, copy its frame and class into the context (r4 = psp, r5 = the context) and
 * leave r0 = the context for the dispatcher. */
.macro SVC_ENTER
	tst	lr, #4
	beq	enter_process
	push	{r4, r5, r6, lr}
	movw	r5, #:lower16:cm_current
	movt	r5, #:upper16:cm_current
	ldr	r5, [r5]
	mrs	r4, psp
	ldr	r1, [r4, #24]           /* stacked pc: just past the svc */
	ldrb	r1, [r1, #-2]           /* its immediate: the system call class */
	str	r1, [r5, #CTX_CLS]
	str	r4, [r5, #CTX_PSP]
	ldm	r4, {r0-r3}             /* the whole frame: the call may deliver an upcall */
	stm	r5, {r0-r3}             /* (pc, lr) or restart the process */
	add	r6, r4, #16
	ldm	r6, {r0-r3}
	add	r6, r5, #16
	stm	r6, {r0-r3}
	mov	r0, r5
.endm

	.thumb_func
	.globl svc_handler
svc_handler:
	SVC_ENTER
	bl	syscall_dispatch
svc_dispatched:
	cbnz	r0, svc_slow
	ldm	r5, {r0-r3}
	stm	r4, {r0-r3}
	add	r6, r5, #16
	ldm	r6, {r0-r3}
	add	r6, r4, #16
	stm	r6, {r0-r3}
	pop	{r4, r5, r6, pc}        /* EXC_RETURN: back into the process */
svc_slow:
	pop	{r4, r5, r6, lr}
	cmp	r0, #2                  /* TRAP_CONTEXT_REPLACED: keep the fresh context */
	beq	to_kernel
	movw	r0, #:lower16:cm_current
	movt	r0, #:upper16:cm_current
	ldr	r0, [r0]
	add	r1, r0, #CTX_R4         /* the frame is in the context already */
	stm	r1, {r4-r11}
	b	to_kernel

/* Every interrupt. From a process: save it whole and go to the kernel loop, which services
 * the interrupt with BASEPRI masking it again. From the kernel it cannot come (masked). */
	.thumb_func
	.globl irq_handler
irq_handler:
	tst	lr, #4
	it	eq
	bxeq	lr
	movw	r0, #:lower16:cm_current
	movt	r0, #:upper16:cm_current
	ldr	r0, [r0]
	add	r1, r0, #CTX_R4
	stm	r1, {r4-r11}
	mrs	r1, psp
	str	r1, [r0, #CTX_PSP]
	ldm	r1, {r4-r11}
	stm	r0, {r4-r11}
	b	to_kernel

/* Faults. From a process: C decides what to keep of its frame and applies the fault policy
 * (cm_process_fault returns a trap result). From the kernel: panic. */
	.thumb_func
	.globl fault_handler
fault_handler:
	tst	lr, #4
	beq	kernel_fault
	movw	r0, #:lower16:cm_current
	movt	r0, #:upper16:cm_current
	ldr	r0, [r0]
	cbz	r0, kernel_fault        /* process stack but no process: the kernel's own doing */
	add	r1, r0, #CTX_R4
	stm	r1, {r4-r11}
	mrs	r1, psp
	str	r1, [r0, #CTX_PSP]
	mrs	r1, ipsr
	bl	cm_process_fault
	b	to_kernel

kernel_fault:
	mrs	r0, ipsr
	mov	r1, lr
	mrs	r2, msp
	bl	cm_kernel_fault         /* does not return */

/* Back to the kernel thread after the svc in cm_enter: privileged, interrupts masked. */
to_kernel:
	movw	r1, #:lower16:cm_current
	movt	r1, #:upper16:cm_current
	movs	r0, #0
	str	r0, [r1]
	msr	control, r0
	movs	r0, #CM_IRQ_PRIORITY
	msr	basepri, r0
	isb
	mvn	lr, #6                  /* EXC_RETURN_KERNEL (0xFFFFFFF9) */
	bx	lr

/* svc from cm_enter: copy the frame onto the process stack, load r4-r11 and go. */
enter_process:
	movw	r0, #:lower16:cm_current
	movt	r0, #:upper16:cm_current
	ldr	r0, [r0]
	ldr	r1, [r0, #CTX_PSP]
	ldm	r0, {r4-r11}
	stm	r1, {r4-r11}
	msr	psp, r1
	add	r0, r0, #CTX_R4
	ldm	r0, {r4-r11}
	movs	r0, #1                  /* CONTROL.nPRIV: unprivileged thread mode */
	msr	control, r0
	movs	r0, #0
	msr	basepri, r0
	isb
	mvn	lr, #2                  /* EXC_RETURN_PROCESS (0xFFFFFFFD) */
	bx	lr

/* The SVC entry while a system call trace is on (kernel/trace.c; start.S's second vector
 * table holds it): system calls go through syscall_dispatch_traced, the rest as in
 * svc_handler. Being a second entry rather than a test in the first, it costs the untraced
 * path nothing. */
	.thumb_func
	.globl svc_handler_traced
svc_handler_traced:
	SVC_ENTER
	bl	syscall_dispatch_traced
	b	svc_dispatched
