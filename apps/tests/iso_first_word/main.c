/* Isolation test app: before any brk, writes and reads back the first word of its RAM (must work),
 * then reads the second word (must fault: a load access fault at RAM start + 4). */

/* Entered straight from the kernel (the Makefile makes this the ELF entry): a1 = RAM start,
 * a3 = the initial break. No crt0 has run, so nothing has moved the break yet. A mismatch
 * read back is an illegal instruction, which the scenario forbids. */
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

/* Never reached: crt0 is linked (it calls main) but not entered. */
int main(void) { return 0; }
