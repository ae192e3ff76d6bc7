/* Byte offsets in struct arch_context, for trap.S and C alike; arch/context.h checks each against the struct. */
#ifndef ARCH_CONTEXT_LAYOUT_H
#define ARCH_CONTEXT_LAYOUT_H

/* regs[i] (register xi) is at 4 * i. x0 is always zero, so its slot holds the kernel stack
 * pointer while the process runs. */
#define CTX_KSP 0
#define CTX_RA 4
#define CTX_SP 8
#define CTX_GP 12
#define CTX_TP 16
#define CTX_T0 20
#define CTX_T1 24
#define CTX_T2 28
#define CTX_S0 32
#define CTX_S1 36
#define CTX_A0 40
#define CTX_A1 44
#define CTX_A2 48
#define CTX_A3 52
#define CTX_A4 56
#define CTX_A5 60
#define CTX_A6 64
#define CTX_A7 68
#define CTX_S2 72
#define CTX_S3 76
#define CTX_S4 80
#define CTX_S5 84
#define CTX_S6 88
#define CTX_S7 92
#define CTX_S8 96
#define CTX_S9 100
#define CTX_S10 104
#define CTX_S11 108
#define CTX_T3 112
#define CTX_T4 116
#define CTX_T5 120
#define CTX_T6 124
#define CTX_PC 128
#define CTX_SIZE 132

#endif
