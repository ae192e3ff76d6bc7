/* Isolation test app: before any brk, writes and reads back the first word of its RAM (must work),
 * then reads the word at its initial break (must fault). */

/* Entered straight from the kernel (the Makefile makes this the ELF entry), with RAM start and
 * the initial break in registers. No crt0 has run, so nothing has moved the break yet. A
 * mismatch read back is an illegal instruction, which the scenario forbids.
 * rv32 (a1 = RAM start, a3 = the break): the break is RAM start + 4, so the second word faults.
 * Arm (r1 = RAM start, r3 = the break): the MPU moves the break in steps of at least 32 bytes
 * (arch/cortex-m/include/arch/cmpu.h), so the first word past it is at the break itself. */
#if defined(__riscv)
__asm__(".section .text.first_word_start, \"ax\", @progbits\n"
        ".globl first_word_start\n"
        "first_word_start:\n"
        "  li   t0, 0x1d1d1d1d\n"
        "  sw   t0, 0(a1)\n"          /* the first word: the app's own */
        "  lw   t1, 0(a1)\n"
        "  bne  t0, t1, 1f\n"
        "  lw   t1, 4(a1)\n"          /* the second word: beyond the break */
        "1:\n"
        "  .word 0\n");
#elif defined(__thumb__)
__asm__(".section .text.first_word_start, \"ax\", %progbits\n"
        ".syntax unified\n"
        ".thumb\n"
        ".globl first_word_start\n"
        ".thumb_func\n"
        "first_word_start:\n"
        "  ldr  r4, =0x1d1d1d1d\n"
        "  str  r4, [r1]\n"           /* the first word: the app's own */
        "  ldr  r5, [r1]\n"
        "  cmp  r4, r5\n"
        "  bne  1f\n"
        "  ldr  r5, [r3]\n"           /* the word at the break: beyond it */
        "1:\n"
        "  udf  #0\n"
        "  .ltorg\n");
#else
#error "iso_first_word: no entry for this architecture"
#endif

/* Never reached: crt0 is linked (it calls main) but not entered. */
int main(void) { return 0; }
