/* Host process context for unit tests and fuzzers: the rv32 register file and the same accessors. */
#ifndef ARCH_CONTEXT_H
#define ARCH_CONTEXT_H

#include <stdint.h>

/* Register numbers used as indexes into regs[] (RISC-V numbering, as on rv32). */
enum rv_reg {
	RV_RA = 1, RV_SP = 2, RV_GP = 3, RV_TP = 4,
	RV_A0 = 10, RV_A1 = 11, RV_A2 = 12, RV_A3 = 13, RV_A4 = 14,
};

struct arch_context {
	uint32_t regs[32];
	uint32_t pc;
};

static inline uint32_t arch_syscall_class(const struct arch_context *c) { return c->regs[RV_A4]; }
static inline uint32_t arch_arg(const struct arch_context *c, unsigned i) { return c->regs[RV_A0 + i]; }
static inline void arch_set_arg(struct arch_context *c, unsigned i, uint32_t v) { c->regs[RV_A0 + i] = v; }

#endif
