/* Entry of the rv32 self-test: stack, zeroed bss, main(), then the test finisher. */
	.section .text.start
	.globl _start
_start:
	la sp, _stack_top
	la t0, _bss
	la t1, _ebss
1:	bgeu t0, t1, 2f
	sw zero, 0(t0)
	addi t0, t0, 4
	j 1b
2:	call main
	/* virt test finisher: 0x5555 = pass, (code << 16) | 0x3333 = fail */
	li t0, 0x100000
	li t1, 0x5555
	beqz a0, 3f
	slli t1, a0, 16
	li t2, 0x3333
	or t1, t1, t2
3:	sw t1, 0(t0)
4:	j 4b

	.section .rodata
	.globl golden_tbf, golden_tbf_end
	.balign 4
golden_tbf:
	.incbin "tests/tools/golden/alpha-slot1.tbf"
golden_tbf_end:
