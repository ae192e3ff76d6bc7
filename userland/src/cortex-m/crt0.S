/* crt0.S (Cortex-M): process entry of position-independent Tick apps (libtock-c's ARM register, header and relocation contract). */
	.syntax unified
	.thumb

/* Offsets into the 40-byte crt0 header the linker script places at the start of flash. */
#define HDR_GOT_SYM_START   0
#define HDR_GOT_START       4
#define HDR_GOT_SIZE        8
#define HDR_DATA_SYM_START 12
#define HDR_DATA_START     16
#define HDR_DATA_SIZE      20
#define HDR_BSS_START      24
#define HDR_BSS_SIZE       28
#define HDR_RELDATA_START  32
#define HDR_STACK_SIZE     36

#define MEMOP_BRK 0
#define MEMOP_STACK_TOP 10
#define MEMOP_HEAP_START 11

/* The app is linked with flash at 0x80000000 and RAM at 0 (userland/tick_app_pic.ld): a
 * linked address with bit 31 set is in flash (runtime: app_start + offset), any other is in
 * RAM (runtime: memory_start + offset). The GOT and every word .rel.data names are fixed up
 * that way; code reaches data only through r9 (the GOT) and code PC-relatively. */

	.section .start, "ax", %progbits
	.globl _start
	.thumb_func
/* Entry: r0 = app_start (crt0 header), r1 = memory_start, r2 = memory length, r3 = break;
 * sp = the break, with room for the frame the first svc pushes. A system call other than
 * yield changes only r0-r3, so r4-r8 survive them. */
_start:
	mov	r4, r0                  /* r4 = app_start (flash) */
	mov	r5, r1                  /* r5 = memory_start (RAM) */
	ldr	r6, [r4, #HDR_STACK_SIZE]
	add	r6, r6, r5
	adds	r6, r6, #7
	bic	r6, r6, #7              /* r6 = stack top, 8-aligned */
	ldr	r7, [r4, #HDR_BSS_START]
	ldr	r0, [r4, #HDR_BSS_SIZE]
	add	r7, r7, r0
	add	r7, r7, r5              /* r7 = end of bss = initial break */

	movs	r0, #MEMOP_BRK
	mov	r1, r7
	svc	5
	mov	sp, r6
	movs	r0, #MEMOP_STACK_TOP
	mov	r1, r6
	svc	5
	movs	r0, #MEMOP_HEAP_START
	mov	r1, r7
	svc	5

	/* GOT: copy from flash, fixing up every word. */
	ldr	r0, [r4, #HDR_GOT_START]
	add	r0, r0, r5              /* destination */
	mov	r9, r0                  /* the PIC base for all C code */
	ldr	r1, [r4, #HDR_GOT_SYM_START]
	add	r1, r1, r4              /* source */
	ldr	r2, [r4, #HDR_GOT_SIZE]
	add	r2, r2, r0              /* end */
1:	cmp	r0, r2
	bhs	2f
	ldr	r3, [r1], #4
	bl	.Lfix
	str	r3, [r0], #4
	b	1b

	/* .data (with the TLS template): a plain copy. */
2:	ldr	r0, [r4, #HDR_DATA_START]
	add	r0, r0, r5
	ldr	r1, [r4, #HDR_DATA_SYM_START]
	add	r1, r1, r4
	ldr	r2, [r4, #HDR_DATA_SIZE]
	add	r2, r2, r0
3:	cmp	r0, r2
	bhs	4f
	ldr	r3, [r1], #4
	str	r3, [r0], #4
	b	3b

	/* Zero .tbss and .bss (up to the break). */
4:	ldr	r0, [r4, #HDR_BSS_START]
	add	r0, r0, r5
	movs	r3, #0
5:	cmp	r0, r7
	bhs	6f
	str	r3, [r0], #4
	b	5b

	/* .rel.data (appended by the packer): u32 byte length, then Elf32_Rel pairs (offset in
	 * RAM, info). Absolute words (R_ARM_ABS32, R_ARM_TARGET1) are fixed up; no other type
	 * is expected in data. */
6:	ldr	r1, [r4, #HDR_RELDATA_START]
	add	r1, r1, r4
	ldr	r2, [r1], #4
	add	r2, r2, r1              /* end of the pairs */
7:	cmp	r1, r2
	bhs	8f
	ldr	r0, [r1], #4            /* offset */
	ldr	r3, [r1], #4            /* info: type in the low byte */
	uxtb	r3, r3
	cmp	r3, #2
	it	ne
	cmpne	r3, #38
	bne	7b
	add	r0, r0, r5
	ldr	r3, [r0]
	bl	.Lfix
	str	r3, [r0]
	b	7b

	/* TLS: picolibc keeps errno in TLS; __aeabi_read_tp answers tick__tls. */
8:	ldr	r0, .Ltls_base
	ldr	r0, [r9, r0]            /* runtime __tls_base, from the fixed GOT */
	ldr	r1, .Ltls_var
	ldr	r1, [r9, r1]
	str	r0, [r1]
	movs	r0, #0                  /* argc */
	movs	r1, #0                  /* argv */
	bl	main
	bl	_exit

/* r3 = the runtime address of linked address r3 (see above); clobbers nothing else. */
.Lfix:
	tst	r3, #0x80000000
	itee	ne
	eorne	r3, r3, #0x80000000
	addeq	r3, r3, r5
	bxeq	lr
	add	r3, r3, r4
	bx	lr

	.balign 4
.Ltls_base:
	.word	__tls_base(GOT)
.Ltls_var:
	.word	tick__tls(GOT)

/* void *__aeabi_read_tp(void): the thread pointer (run-time ABI: changes only r0). */
	.section .text.__aeabi_read_tp, "ax", %progbits
	.globl __aeabi_read_tp
	.thumb_func
__aeabi_read_tp:
	ldr	r0, .Ltls_var2
	ldr	r0, [r9, r0]
	ldr	r0, [r0]
	bx	lr
	.balign 4
.Ltls_var2:
	.word	tick__tls(GOT)

	.section .bss.tick__tls, "aw", %nobits
	.balign 4
	.globl tick__tls
tick__tls:
	.space	4
