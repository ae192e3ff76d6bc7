/* The trap entry API: the C functions an arch's trap path calls, and what they return. */
#ifndef TICK_TRAP_H
#define TICK_TRAP_H

#include <stdint.h>

struct process;

/* The trap path calls these (arch/<name>/trap.S). They return TRAP_RESUME to resume the
 * current process at once, TRAP_TO_KERNEL to save the rest of its registers and go back to
 * the kernel loop, TRAP_CONTEXT_REPLACED when the process was restarted or ended (its
 * saved context must not be overwritten with the registers of the old run), or TRAP_SWITCH:
 * save the rest of its registers as for TRAP_TO_KERNEL, then enter trap_switch_target at
 * once, without the kernel loop (IPC hands the CPU from caller to callee; the target's
 * protection is loaded and current_process set already). An arch may treat TRAP_SWITCH as
 * TRAP_TO_KERNEL: the loop then picks the target, which is runnable. */
enum { TRAP_RESUME = 0, TRAP_TO_KERNEL = 1, TRAP_CONTEXT_REPLACED = 2, TRAP_SWITCH = 3 };

/* The process TRAP_SWITCH enters. */
extern struct process *trap_switch_target;

/* A system call (ecall from the process); pc is already past the ecall. */
uint32_t syscall_dispatch(struct process *p);
/* The parts of syscall_dispatch, for a trap path that counts the call (p->syscall_count) and
 * tests the class itself (arch/rv32/trap.S): command, yield, and every other class. The
 * rv32 trap path also serves a command on its own when the driver is in driver_direct and
 * the process has no Permissions entries, exactly as syscall_command would. */
uint32_t syscall_command(struct process *p);
uint32_t syscall_yield(struct process *p);
uint32_t syscall_other(struct process *p);
/* Any other exception taken from the process: a fault. */
uint32_t trap_exception(struct process *p, uint32_t cause, uint32_t tval);

#endif
