/* Reset entry and vector table for ARMv7-M: the kernel runs in privileged thread mode on the main stack. */
	.syntax unified
	.thumb

#define CM_IRQ_PRIORITY 0x80
#define CM_IRQS 32

/* The vector table, with the SVC entry given: cm_vectors at reset, cm_vectors_traced while a
 * system call trace is on (arch_trace_syscalls in trap.S switches VTOR between them). */
.macro VECTORS svc
	.word	_kernel_stack_top
	.word	reset_handler
	.word	fault_handler           /* NMI */
	.word	fault_handler           /* HardFault */
	.word	fault_handler           /* MemManage */
	.word	fault_handler           /* BusFault */
	.word	fault_handler           /* UsageFault */
	.word	0, 0, 0, 0
	.word	\svc
	.word	irq_handler             /* DebugMonitor */
	.word	0
	.word	irq_handler             /* PendSV */
	.word	irq_handler             /* SysTick */
	.rept	CM_IRQS
	.word	irq_handler
	.endr
.endm

	.section .vectors, "a"
	.globl cm_vectors
cm_vectors:
	VECTORS svc_handler

/* VTOR needs the table aligned to its size rounded up to a power of two (48 words: 256
 * bytes); layout.ld puts it right after the reset code, which fills the gap. */
	.section .vectors_traced, "a"
	.balign 256
	.globl cm_vectors_traced
cm_vectors_traced:
	VECTORS svc_handler_traced

	.section .text.start, "ax"
	.thumb_func
	.globl reset_handler
reset_handler:
	movs	r0, #CM_IRQ_PRIORITY    /* interrupts stay masked in the kernel (the loop polls) */
	msr	basepri, r0
	ldr	r0, =_sidata            /* .data from its load address in flash */
	ldr	r1, =_sdata
	ldr	r2, =_edata
1:	cmp	r1, r2
	bhs	2f
	ldr	r3, [r0], #4
	str	r3, [r1], #4
	b	1b
2:	ldr	r1, =_sbss
	ldr	r2, =_ebss
	movs	r3, #0
3:	cmp	r1, r2
	bhs	4f
	str	r3, [r1], #4
	b	3b
4:	bl	cm_init
	bl	board_main
5:	wfi
	b	5b
