/* The kernel loop (scheduler) and the hook a capsule may set to run before a process is entered. */
#ifndef TICK_SCHED_H
#define TICK_SCHED_H

#include <stdbool.h>
#include <stdint.h>

struct process;

/* Runs processes forever. Halts the machine when every process has ended and the board
 * asked for it with halt_when_done. */
void kernel_loop(bool halt_when_done) __attribute__((noreturn));

/* Where an arch whose arch_switch_to does not return (rv32) resumes the kernel loop after a
 * process trapped into the slow path: called on a fresh kernel stack, never returns. */
void kernel_loop_reenter(void) __attribute__((noreturn));

/* Called by a system call that has just blocked p (the current process): when no interrupt
 * or deferred call is pending and another process is ready, does what the loop does before
 * entering it (tick/trap.h's TRAP_SWITCH: it becomes current, its protection is loaded) and
 * returns TRAP_SWITCH with trap_switch_target set; else TRAP_TO_KERNEL, and the loop runs.
 * The scheduling decision is the loop's own (round-robin after p). Used only on arches that
 * define ARCH_DIRECT_SWITCH (their trap path enters the target at once). */
uint32_t sched_switch_from(struct process *p);

/* True when some process is ready to run: runnable, or blocked in Yield-Wait with an upcall to
 * run, and not stopped by the operator. */
bool sched_any_ready(void);

/* Called by the kernel loop right before it enters process p (not on the syscall fast
 * path). A capsule that must refresh per-process state before the process runs (the
 * read-only state driver) sets it at boot; NULL when unused. When sched_before_run_grant is
 * a grant slot (< CONFIG_GRANT_SLOTS), the hook runs only for processes holding that grant,
 * so that processes which never use the capsule pay nothing. */
extern void (*sched_before_run)(struct process *p);
extern uint8_t sched_before_run_grant;

#endif
