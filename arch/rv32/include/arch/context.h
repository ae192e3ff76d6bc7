/* RISC-V rv32 process context: the register file saved by the trap path, and accessors for the core. */
#ifndef ARCH_CONTEXT_H
#define ARCH_CONTEXT_H

#include <stdint.h>

/* Register numbers used as indexes into regs[]. */
enum rv_reg {
	RV_RA = 1, RV_SP = 2, RV_GP = 3, RV_TP = 4,
	RV_A0 = 10, RV_A1 = 11, RV_A2 = 12, RV_A3 = 13, RV_A4 = 14,
};

/* Layout is shared with trap.S: regs[i] at 4*i, pc at 128. regs[0] (x0 is always zero)
 * holds the kernel stack pointer while the process runs. */
struct arch_context {
	uint32_t regs[32];
	uint32_t pc;
};

#define ARCH_CTX_KSP 0
#define ARCH_CTX_PC 128

static inline uint32_t arch_syscall_class(const struct arch_context *c) { return c->regs[RV_A4]; }
static inline uint32_t arch_arg(const struct arch_context *c, unsigned i) { return c->regs[RV_A0 + i]; }
static inline void arch_set_arg(struct arch_context *c, unsigned i, uint32_t v) { c->regs[RV_A0 + i] = v; }

#endif
