/* fault_regs: loads a marker into every register it may (0x6a0000NN in xNN on rv32, 0x6a0000NN
 * in rNN on Arm; sp and, on rv32, zero excepted) and executes an illegal instruction: the
 * kernel's fault report must show each marker, callee-saved registers included. */
#include <stdio.h>

int main(void) {
  printf("fault_regs: start\n");
  fflush(stdout);
#if defined(__arm__)
  __asm__ volatile(
      "ldr r0, =0x6a000000\n ldr r1, =0x6a000001\n ldr r2, =0x6a000002\n ldr r3, =0x6a000003\n"
      "ldr r4, =0x6a000004\n ldr r5, =0x6a000005\n ldr r6, =0x6a000006\n ldr r7, =0x6a000007\n"
      "ldr r8, =0x6a000008\n ldr r9, =0x6a000009\n ldr r10, =0x6a00000a\n"
      "ldr r11, =0x6a00000b\n ldr r12, =0x6a00000c\n ldr lr, =0x6a00000e\n"
      "udf #0\n .ltorg\n");
#else
  __asm__ volatile(
      "li ra, 0x6a000001\n li gp, 0x6a000003\n li tp, 0x6a000004\n"
      "li t0, 0x6a000005\n li t1, 0x6a000006\n li t2, 0x6a000007\n"
      "li s0, 0x6a000008\n li s1, 0x6a000009\n li a0, 0x6a00000a\n li a1, 0x6a00000b\n"
      "li a2, 0x6a00000c\n li a3, 0x6a00000d\n li a4, 0x6a00000e\n li a5, 0x6a00000f\n"
      "li a6, 0x6a000010\n li a7, 0x6a000011\n li s2, 0x6a000012\n li s3, 0x6a000013\n"
      "li s4, 0x6a000014\n li s5, 0x6a000015\n li s6, 0x6a000016\n li s7, 0x6a000017\n"
      "li s8, 0x6a000018\n li s9, 0x6a000019\n li s10, 0x6a00001a\n li s11, 0x6a00001b\n"
      "li t3, 0x6a00001c\n li t4, 0x6a00001d\n li t5, 0x6a00001e\n li t6, 0x6a00001f\n"
      "unimp\n");
#endif
  printf("fault_regs: NOT FAULTED\n");
  return 0;
}
