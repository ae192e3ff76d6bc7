/* crt0.S: process entry of fixed-address Tick apps (libtock-c register and header contract). */

/* Offsets into the 40-byte crt0 header the linker script places at the start of flash. */
#define HDR_GOT_SYM_START   0
#define HDR_GOT_START       4
#define HDR_GOT_SIZE        8
#define HDR_DATA_SYM_START 12
#define HDR_DATA_START     16
#define HDR_DATA_SIZE      20
#define HDR_BSS_START      24
#define HDR_BSS_SIZE       28
#define HDR_STACK_SIZE     36

#define CLASS_MEMOP 5
#define MEMOP_BRK 0
#define MEMOP_STACK_TOP 10
#define MEMOP_HEAP_START 11

  .section .start, "ax", @progbits
  .globl _start
  .type _start, @function
/* Entry: a0 = app_start (crt0 header), a1 = memory_start, a2 = memory_len, a3 = app_brk,
 * sp = memory_start; only the first word of RAM is accessible: nothing else may be touched
 * before the brk.
 * A non-yield system call changes only a0..a3, so s0, s1, s2, a4 and a5 survive them. */
_start:
  mv    s0, a0                       /* s0 = app_start (flash) */
  mv    s1, a1                       /* s1 = memory_start (RAM) */
  lw    a5, HDR_STACK_SIZE(s0)
  add   a5, a5, s1
  addi  a5, a5, 7
  andi  a5, a5, -8                   /* a5 = stack top, 8-aligned */
  lw    a2, HDR_BSS_START(s0)
  lw    a3, HDR_BSS_SIZE(s0)
  add   a3, a3, a2
  add   a3, a3, s1
  mv    s2, a3                       /* s2 = end of bss = initial break */

  li    a4, CLASS_MEMOP
  li    a0, MEMOP_BRK
  mv    a1, s2
  ecall
  mv    sp, a5
  li    a0, MEMOP_STACK_TOP
  mv    a1, a5
  ecall
  li    a0, MEMOP_HEAP_START
  mv    a1, s2
  ecall

  /* GOT image, then .data (with the TLS template): flash -> RAM. */
  lw    a0, HDR_GOT_START(s0)
  lw    a1, HDR_GOT_SYM_START(s0)
  lw    a2, HDR_GOT_SIZE(s0)
  jal   .Lcopy
  lw    a0, HDR_DATA_START(s0)
  lw    a1, HDR_DATA_SYM_START(s0)
  lw    a2, HDR_DATA_SIZE(s0)
  jal   .Lcopy

  /* Zero .tbss and .bss (up to the break in s2). */
  lw    a0, HDR_BSS_START(s0)
  add   a0, a0, s1
1:
  bgeu  a0, s2, 2f
  sw    zero, 0(a0)
  addi  a0, a0, 4
  j     1b
2:
  /* Thread pointer: picolibc keeps errno in TLS (local-exec model, tp = TLS block). */
  la    tp, __tls_base
  li    a0, 0                        /* argc */
  li    a1, 0                        /* argv */
  jal   main
  j     _exit

/* Copies a2 bytes (a multiple of 4) from app_start + a1 to memory_start + a0. */
.Lcopy:
  add   a0, a0, s1
  add   a1, a1, s0
  add   a2, a2, a0
3:
  bgeu  a0, a2, 4f
  lw    a3, 0(a1)
  sw    a3, 0(a0)
  addi  a0, a0, 4
  addi  a1, a1, 4
  j     3b
4:
  ret
  .size _start, . - _start
