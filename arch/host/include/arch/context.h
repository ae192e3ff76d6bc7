/* Host process context for unit tests and fuzzers: a fake register file and the accessors the core uses. */
#ifndef ARCH_CONTEXT_H
#define ARCH_CONTEXT_H

#include <stdint.h>

/* The fake CPU numbers its registers as RISC-V does (the TRD104 system call ABI is defined
 * on a0-a4), so tests set up system calls the way a libtock-c app does. */
enum host_reg {
	RV_RA = 1, RV_SP = 2,
	RV_A0 = 10, RV_A1 = 11, RV_A2 = 12, RV_A3 = 13, RV_A4 = 14,
};

struct arch_context {
	uint32_t regs[32];   /* regs[0] is unused (the zero register) */
	uint32_t pc;
};

static inline uint32_t arch_syscall_class(const struct arch_context *c) { return c->regs[RV_A4]; }
static inline uint32_t arch_arg(const struct arch_context *c, unsigned i) { return c->regs[RV_A0 + i]; }
static inline void arch_set_arg(struct arch_context *c, unsigned i, uint32_t v) { c->regs[RV_A0 + i] = v; }

/* The process's program counter, for fault reports. */
static inline uint32_t arch_pc(const struct arch_context *c) { return c->pc; }

/* Bit 0 of a valid app entry point (its offset in the TBF): even, as on rv32. */
#define ARCH_ENTRY_BIT0 0u

#endif
