/* The contract between the portable kernel core and an architecture port (arch/<name>). */
#ifndef TICK_ARCH_H
#define TICK_ARCH_H

#include <stdbool.h>
#include <stdint.h>
#include <arch/context.h>   /* struct arch_context and inline register accessors */

struct process;

/* Sets up ctx so that the process starts at pc with the given four arguments and stack
 * pointer; every other register is zero. */
void arch_context_init(struct arch_context *ctx, uint32_t pc, uint32_t sp,
		       uint32_t a0, uint32_t a1, uint32_t a2, uint32_t a3);

/* Makes the process, which is stopped in a yield, call fn(a0, a1, a2, a3) and return to
 * the instruction after its yield when fn returns. */
void arch_deliver_upcall(struct arch_context *ctx, uint32_t fn,
			 uint32_t a0, uint32_t a1, uint32_t a2, uint32_t a3);

/* Loads p's memory protection if it is not the one already loaded. */
void arch_mpu_switch(struct process *p);
/* Re-applies p's protection after its break moved (p is the current process). */
void arch_mpu_update_brk(struct process *p);
/* Forgets which process's protection is loaded (after it was restarted or removed). */
void arch_mpu_invalidate(void);

/* Runs the process until it traps into something the fast path cannot finish
 * (a blocking yield, exit, fault or interrupt). An arch may return from it then (the
 * host does), or never return and call kernel_loop_reenter() on a fresh kernel stack
 * instead (rv32 does: no kernel registers need saving around a process's run). */
void arch_switch_to(struct arch_context *ctx);

/* Sleeps until an interrupt is pending (interrupts stay masked in the kernel). */
void arch_wait_for_interrupt(void);

/* Names a trap cause for fault reports. */
const char *arch_cause_name(uint32_t cause);

/* Prints the registers of ctx into the kernel log. */
void arch_print_context(const struct arch_context *ctx);

#endif
