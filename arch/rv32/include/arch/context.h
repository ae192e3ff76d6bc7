/* RISC-V rv32 process context: the register file saved by the trap path, and accessors for the core. */
#ifndef ARCH_CONTEXT_H
#define ARCH_CONTEXT_H

#include <stddef.h>
#include <stdint.h>
#include "context_layout.h"

/* Register numbers used as indexes into regs[]. */
enum rv_reg {
	RV_RA = 1, RV_SP = 2, RV_GP = 3, RV_TP = 4,
	RV_A0 = 10, RV_A1 = 11, RV_A2 = 12, RV_A3 = 13, RV_A4 = 14,
};

/* Shared with trap.S through the offsets of arch/context_layout.h (checked below). regs[0]
 * (x0 is always zero) holds the kernel stack pointer while the process runs. */
struct arch_context {
	uint32_t regs[32];
	uint32_t pc;
};

#define CTX_CHECK(member, off) \
	_Static_assert(offsetof(struct arch_context, member) == (off), "trap.S offset " #off)
CTX_CHECK(regs[0], CTX_KSP);
CTX_CHECK(regs[RV_RA], CTX_RA);
CTX_CHECK(regs[RV_SP], CTX_SP);
CTX_CHECK(regs[RV_GP], CTX_GP);
CTX_CHECK(regs[RV_TP], CTX_TP);
CTX_CHECK(regs[5], CTX_T0);
CTX_CHECK(regs[6], CTX_T1);
CTX_CHECK(regs[7], CTX_T2);
CTX_CHECK(regs[8], CTX_S0);
CTX_CHECK(regs[9], CTX_S1);
CTX_CHECK(regs[RV_A0], CTX_A0);
CTX_CHECK(regs[RV_A1], CTX_A1);
CTX_CHECK(regs[RV_A2], CTX_A2);
CTX_CHECK(regs[RV_A3], CTX_A3);
CTX_CHECK(regs[RV_A4], CTX_A4);
CTX_CHECK(regs[15], CTX_A5);
CTX_CHECK(regs[16], CTX_A6);
CTX_CHECK(regs[17], CTX_A7);
CTX_CHECK(regs[18], CTX_S2);
CTX_CHECK(regs[19], CTX_S3);
CTX_CHECK(regs[20], CTX_S4);
CTX_CHECK(regs[21], CTX_S5);
CTX_CHECK(regs[22], CTX_S6);
CTX_CHECK(regs[23], CTX_S7);
CTX_CHECK(regs[24], CTX_S8);
CTX_CHECK(regs[25], CTX_S9);
CTX_CHECK(regs[26], CTX_S10);
CTX_CHECK(regs[27], CTX_S11);
CTX_CHECK(regs[28], CTX_T3);
CTX_CHECK(regs[29], CTX_T4);
CTX_CHECK(regs[30], CTX_T5);
CTX_CHECK(regs[31], CTX_T6);
CTX_CHECK(pc, CTX_PC);
_Static_assert(sizeof(struct arch_context) == CTX_SIZE, "trap.S context size");
#undef CTX_CHECK

static inline uint32_t arch_syscall_class(const struct arch_context *c) { return c->regs[RV_A4]; }
static inline uint32_t arch_arg(const struct arch_context *c, unsigned i) { return c->regs[RV_A0 + i]; }
static inline void arch_set_arg(struct arch_context *c, unsigned i, uint32_t v) { c->regs[RV_A0 + i] = v; }

/* The process's program counter, for fault reports. */
static inline uint32_t arch_pc(const struct arch_context *c) { return c->pc; }

/* trap.S enters trap_switch_target on TRAP_SWITCH without the kernel loop, so a blocking
 * yield may switch directly (sched_switch_from). */
#define ARCH_DIRECT_SWITCH 1

/* True while an enabled interrupt is pending: what the board's board_interrupts_pending
 * says, since the board enables (mie) exactly the interrupts it services. Inline for the
 * direct switch, which asks on every block. */
static inline int arch_interrupts_pending(void)
{
	uint32_t ip, ie;
	__asm__ volatile("csrr %0, mip" : "=r"(ip));
	__asm__ volatile("csrr %0, mie" : "=r"(ie));
	return (ip & ie) != 0;
}

/* Bit 0 of a valid app entry point (its offset in the TBF): 0, 2-byte aligned (rv32c). */
#define ARCH_ENTRY_BIT0 0u

#endif
