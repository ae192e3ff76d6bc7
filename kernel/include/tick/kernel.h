/* The kernel loop, scheduler entry points and services boards call. */
#ifndef TICK_KERNEL_H
#define TICK_KERNEL_H

#include <stdbool.h>
#include <stdint.h>

struct process;

/* Board hooks the kernel loop calls. */
void board_service_interrupts(void);   /* handle every pending interrupt */
bool board_interrupts_pending(void);
void board_halt(int code) __attribute__((noreturn));   /* stop the machine (QEMU: exit) */

struct tbf_header;

/* A credential policy a board applies to every app on top of the kernel's own checks (Tock's
 * "credential checking policy"): check() returns NULL when the app at tbf (parsed as h) may
 * run, else the reason it may not, for the log. The kernel itself always checks SHA-256
 * footers. Example: app_check_ecdsa_p256 (tick/app_signature.h) with the board's key. */
struct app_checker {
	const char *(*check)(const uint8_t *tbf, const struct tbf_header *h, const void *ctx);
	const void *ctx;
};

/* Scans app flash [start, end) for TBFs and creates processes; RAM for them comes from
 * [ram_start, ram_end). checker: NULL to run apps with or without credentials, else the
 * board's credential policy. Logs each app loaded or rejected (with the reason).
 * Returns processes created. */
unsigned kernel_load_processes(uint32_t flash_start, uint32_t flash_end,
			       uint32_t ram_start, uint32_t ram_end,
			       const struct app_checker *checker);

/* Runs processes forever. Halts the machine when every process has ended and the board
 * asked for it with halt_when_done. */
void kernel_loop(bool halt_when_done) __attribute__((noreturn));

/* Where an arch whose arch_switch_to does not return (rv32) resumes the kernel loop after a
 * process trapped into the slow path: called on a fresh kernel stack, never returns. */
void kernel_loop_reenter(void) __attribute__((noreturn));

/* The trap path calls these (arch/<name>/trap.S). They return TRAP_RESUME to resume the
 * current process at once, TRAP_TO_KERNEL to save the rest of its registers and go back to
 * the kernel loop, or TRAP_CONTEXT_REPLACED when the process was restarted or ended (its
 * saved context must not be overwritten with the registers of the old run). */
enum { TRAP_RESUME = 0, TRAP_TO_KERNEL = 1, TRAP_CONTEXT_REPLACED = 2 };
uint32_t syscall_dispatch(struct process *p);
uint32_t trap_exception(struct process *p, uint32_t cause, uint32_t tval);

/* Called by the kernel loop right before it enters process p (not on the syscall fast
 * path). A capsule that must refresh per-process state before the process runs (the
 * read-only state driver) sets it at boot; NULL when unused. When sched_before_run_grant is
 * a grant slot (< CONFIG_GRANT_SLOTS), the hook runs only for processes holding that grant,
 * so that processes which never use the capsule pay nothing. */
extern void (*sched_before_run)(struct process *p);
extern uint8_t sched_before_run_grant;

/* Yield deadline timer: re-evaluates processes waiting with a deadline. */
void sched_deadline_changed(void);

extern uint32_t kernel_boot_instret;   /* instruction counter when the kernel started */

#endif
