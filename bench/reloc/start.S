/* Entry of the relocation benchmark (bare metal, QEMU virt -bios none): stack, zeroed bss, main(), the test finisher; the app TBF it relocates. */
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
	li t0, 0x100000          /* virt test finisher: 0x5555 = pass, (code << 16) | 0x3333 = fail */
	li t1, 0x5555
	beqz a0, 3f
	slli t1, a0, 16
	li t2, 0x3333
	or t1, t1, t2
3:	sw t1, 0(t0)
4:	j 4b

	.section .data.app_tbf, "aw"
	.globl app_tbf, app_tbf_end
	.balign 4
app_tbf:
	.incbin RELOC_BENCH_TBF
app_tbf_end:
