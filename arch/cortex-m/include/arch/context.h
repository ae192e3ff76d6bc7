/* Cortex-M (ARMv7-M) process context: the registers saved by the trap path, and accessors for the core. */
#ifndef ARCH_CONTEXT_H
#define ARCH_CONTEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "context_layout.h"

/* frame[] is what the hardware stacks on an exception (r0-r3, r12, lr, pc, xpsr). While the
 * process runs it lives on the process stack at psp; the trap path copies it here and the
 * switch back copies it to psp again, so the core and the upcall code edit only this struct. */
struct arch_context {
	uint32_t frame[8];
	uint32_t r4_r11[8];
	uint32_t psp;
	uint32_t cls;
};

enum { CM_R0 = 0, CM_R12 = 4, CM_LR = 5, CM_PC = 6, CM_XPSR = 7 };

#define CTX_CHECK(member, off) \
	_Static_assert(offsetof(struct arch_context, member) == (off), "trap.S offset " #off)
CTX_CHECK(frame[CM_R0], CTX_R0);
CTX_CHECK(frame[CM_PC], CTX_PC);
CTX_CHECK(frame[CM_XPSR], CTX_XPSR);
CTX_CHECK(r4_r11, CTX_R4);
CTX_CHECK(psp, CTX_PSP);
CTX_CHECK(cls, CTX_CLS);
_Static_assert(sizeof(struct arch_context) == CTX_SIZE, "trap.S context size");
_Static_assert(sizeof(((struct arch_context *)0)->frame) == CTX_FRAME_BYTES, "frame size");
#undef CTX_CHECK

/* Tock's ARM convention: `svc N` with N the class, arguments and results in r0-r3. */
static inline uint32_t arch_syscall_class(const struct arch_context *c) { return c->cls; }
static inline uint32_t arch_arg(const struct arch_context *c, unsigned i) { return c->frame[CM_R0 + i]; }
static inline void arch_set_arg(struct arch_context *c, unsigned i, uint32_t v) { c->frame[CM_R0 + i] = v; }

/* The process's program counter, for fault reports. */
static inline uint32_t arch_pc(const struct arch_context *c) { return c->frame[CM_PC]; }

/* Bit 0 of a valid app entry point (its offset in the TBF): 1, a Thumb address as elf2tab
 * writes it (an even one would fault). */
#define ARCH_ENTRY_BIT0 1u

#endif
