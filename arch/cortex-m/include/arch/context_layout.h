/* Byte offsets in the Cortex-M struct arch_context, for trap.S and C alike; arch/context.h checks each. */
#ifndef ARCH_CONTEXT_LAYOUT_H
#define ARCH_CONTEXT_LAYOUT_H

/* Words 0-7 are the exception frame in the hardware's order (r0-r3, r12, lr, pc, xpsr), so
 * one ldm/stm pair moves it between the context and the process stack. */
#define CTX_R0 0
#define CTX_PC 24
#define CTX_XPSR 28
#define CTX_R4 32     /* r4-r11, 8 words */
#define CTX_PSP 64    /* where the frame is on the process stack (its sp at the trap) */
#define CTX_CLS 68    /* system call class: the immediate of the svc */
#define CTX_SIZE 72

#define CTX_FRAME_BYTES 32

#endif
