/* crt0.S: entry of the benchmark apps. Follows libtock-c's rv32 crt0 contract
 * (a0 = app start = crt0 header, a1 = memory start, a2 = memory length, a3 = break,
 * sp = memory start with nothing accessible), but its very first instruction reads instret:
 * that value is the "boot -> first app instruction" figure. */
#define HDR_DATA_SYM_START 12
#define HDR_DATA_START     16
#define HDR_DATA_SIZE      20
#define HDR_BSS_START      24
#define HDR_BSS_SIZE       28
#define HDR_STACK_SIZE     36

  .section .start, "ax", @progbits
  .globl _start
  .type _start, @function
_start:
  csrr  s3, instret                  /* must stay the first instruction */
  mv    s0, a0                       /* s0 = app start (crt0 header) */
  mv    s1, a1                       /* s1 = memory start */
  lw    a5, HDR_STACK_SIZE(s0)
  add   a5, a5, s1
  addi  a5, a5, 7
  andi  a5, a5, -8                   /* a5 = stack top */
  lw    a2, HDR_BSS_START(s0)
  lw    a3, HDR_BSS_SIZE(s0)
  add   a3, a3, a2
  add   s2, a3, s1                   /* s2 = end of bss = break */
  li    a4, 5                        /* memop brk: make stack, data and bss reachable */
  li    a0, 0
  mv    a1, s2
  ecall
  mv    sp, a5
  /* .data: flash -> RAM */
  lw    a0, HDR_DATA_START(s0)
  lw    a1, HDR_DATA_SYM_START(s0)
  lw    a2, HDR_DATA_SIZE(s0)
  add   a0, a0, s1
  add   a1, a1, s0
  add   a2, a2, a0
1:
  bgeu  a0, a2, 2f
  lw    a3, 0(a1)
  sw    a3, 0(a0)
  addi  a0, a0, 4
  addi  a1, a1, 4
  j     1b
2:
  /* .bss: zero (the kernel zeroes new break memory too; do it anyway) */
  lw    a0, HDR_BSS_START(s0)
  add   a0, a0, s1
3:
  bgeu  a0, s2, 4f
  sw    zero, 0(a0)
  addi  a0, a0, 4
  j     3b
4:
  la    t0, bench_boot_instret
  sw    s3, 0(t0)
  call  main
  mv    a1, a0                       /* exit-terminate with main's result */
  li    a0, 0
  li    a4, 6
  ecall
5:
  j     5b
  .size _start, . - _start

/* Upcall whose first instruction stamps instret (alarm -> upcall latency). */
  .text
  .globl bench_upcall_stamp
  .type bench_upcall_stamp, @function
bench_upcall_stamp:
  csrr  t0, instret
  la    t1, bench_upcall_instret
  sw    t0, 0(t1)
  ret
  .size bench_upcall_stamp, . - bench_upcall_stamp
