/* The contract between the portable kernel core and an architecture port (arch/<name>). */
#ifndef TICK_ARCH_H
#define TICK_ARCH_H

#include <stdbool.h>
#include <stdint.h>
#include <arch/context.h>   /* struct arch_context and inline register accessors */
#include <arch/mpu.h>       /* struct arch_mpu and the inline placement rules below */

struct process;

/* Sets up ctx so that the process starts at pc with the given four arguments and stack
 * pointer; every other register is zero. */
void arch_context_init(struct arch_context *ctx, uint32_t pc, uint32_t sp,
		       uint32_t a0, uint32_t a1, uint32_t a2, uint32_t a3);

/* Makes the process, which is stopped in a yield, call fn(a0, a1, a2, a3) and return to
 * the instruction after its yield when fn returns. */
void arch_deliver_upcall(struct arch_context *ctx, uint32_t fn,
			 uint32_t a0, uint32_t a1, uint32_t a2, uint32_t a3);

/*
 * Memory protection. The core describes what a process may reach as a list of regions
 * (tick/mpu.h: mpu_process_regions); the architecture encodes that list for its hardware and
 * keeps the result in the process as an opaque struct arch_mpu (the `mpu` member of struct
 * process, zeroed with it). The core never looks inside.
 *
 * Placement rules differ between protection units (PMP: 4-byte granularity; ARMv7-M MPU:
 * power-of-two regions), so the loader, process start and memop ask the architecture.
 * <arch/mpu.h> defines these four as static inline (declared again here so that the compiler
 * checks them):
 */
/* RAM block for a process that needs `requested` bytes (app RAM plus its kernel area): the
 * block size to reserve (>= requested; 64-bit so that a huge request cannot wrap) and, in
 * *align, the power of two its start must be a multiple of. */
static inline uint64_t arch_mpu_ram_layout(uint64_t requested, uint32_t *align);
/* NULL if the protection can give a process exactly [start, start + size) as its flash, else
 * the reason it cannot (the loader prints it). */
static inline const char *arch_mpu_flash_check(uint32_t start, uint32_t size);
/* Rounds *brk up to the nearest break the protection can express exactly for a process whose
 * RAM block is [mem_start, mem_end). Precondition: mem_start <= *brk <= limit <= mem_end, limit
 * 8-aligned (the kernel break). Returns false, *brk unchanged, when the rounded break would
 * pass limit (memop then refuses); never rounds down. PMP rounds to 4 and always succeeds;
 * ARMv7-M rounds to a subregion of the block and may refuse. */
static inline bool arch_mpu_round_brk(uint32_t *brk, uint32_t mem_start, uint32_t mem_end,
				      uint32_t limit);
/* The break a process starts with in its RAM block [mem_start, mem_end) (its stack pointer
 * starts there too): mem_start where a system call needs no stack (rv32's ecall); above it
 * where the hardware pushes a frame on the process's stack at the first call (ARMv7-M's SVC). */
static inline uint32_t arch_mpu_initial_brk(uint32_t mem_start, uint32_t mem_end);
/* Shrinks [*start, *end) to the largest range inside it that the protection can give
 * another process exactly (an IPC share must never expose a byte outside the buffer);
 * false if nothing remains. */
static inline bool arch_mpu_share_bounds(uint32_t *start, uint32_t *end);

/* Whether the protection unit can encode p's regions (mpu_all_regions) as they are now. The
 * kernel asks before it adopts a map: a start, a break move, a share or a transfer, and
 * refuses with an error when not: an encode never fails later. */
bool arch_mpu_fits(const struct process *p);
/* Loads p's memory protection if it is not the one already loaded. */
void arch_mpu_switch(struct process *p);
/* Re-applies p's protection after its break moved (p is the current process). */
void arch_mpu_update_brk(struct process *p);
/* Forgets p's protection image because its memory map changed (it was started or
 * restarted); if it was the one loaded, the next arch_mpu_switch loads it afresh. Touches no
 * other process: whatever else is loaded stays loaded (a system call that restarts another
 * process resumes its caller on the fast path, without a switch). */
void arch_mpu_invalidate(struct process *p);

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
