/* Reset entry for rv32 M-mode: stack, trap vector, .data copy, .bss clear, then board_main. */
	.section .text.start, "ax"
	.globl _start
_start:
	csrw	mie, zero
	csrw	mstatus, zero
	csrw	mscratch, zero          /* 0 = "trap came from the kernel" for trap_entry */
	la	sp, _kernel_stack_top
	la	t0, trap_entry
	csrw	mtvec, t0               /* direct mode: trap_entry is 4-aligned */
	/* Copy .data from its load address in rom to ram. */
	la	t0, _sidata
	la	t1, _sdata
	la	t2, _edata
1:	bgeu	t1, t2, 2f
	lw	t3, 0(t0)
	sw	t3, 0(t1)
	addi	t0, t0, 4
	addi	t1, t1, 4
	j	1b
2:	la	t1, _sbss
	la	t2, _ebss
3:	bgeu	t1, t2, 4f
	sw	zero, 0(t1)
	addi	t1, t1, 4
	j	3b
4:	call	board_main
5:	wfi
	j	5b
