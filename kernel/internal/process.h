/* Processes inside the kernel: struct process, the process table and the life cycle (capsules use tick/process.h). */
#ifndef TICK_INTERNAL_PROCESS_H
#define TICK_INTERNAL_PROCESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <tick/arch.h>
#include <tick/config.h>
#include <tick/process.h>

/* Kernel state of one process. ctx must stay first: the trap path uses the context
 * pointer as the process pointer. Kept small on purpose (see bench: kernel bytes per process). */
struct process {
	struct arch_context ctx;
	/* Memory map. Flash: [flash_start, flash_end) is the whole TBF; the app binary starts
	 * at app_start. RAM: [mem_start, mem_end) with app-owned [mem_start, app_brk) below
	 * kernel-owned [kernel_brk, mem_end). */
	uint32_t flash_start, flash_end, app_start, init_pc;
	uint32_t mem_start, mem_end, app_brk, kernel_brk;
	uint32_t allow_high_water;   /* brk may not move below any allowed buffer */
	uint32_t stack_hint, heap_hint;
	const uint8_t *name;         /* PackageName in flash, not NUL-terminated */
	const uint8_t *permissions;  /* TBF Permissions entries, NULL = everything allowed */
	const uint8_t *wfr;          /* writeable flash regions (8 bytes each) */
	uint32_t short_id;
	uint32_t syscall_count;
	uint32_t wait_deadline;      /* Yield-WaitAny deadline (alarm ticks) when has_deadline */
	uint32_t index : 8;          /* its slot */
	uint32_t generation : 24;    /* of its latest start (process_generations) */
	uint8_t state;               /* enum process_state */
	uint8_t upcall_count;        /* entries in its upcall queue (kernel_area.h) */
	uint8_t upcall_latched;      /* upcall slots holding a latched record (0: skip looking) */
	uint8_t name_len;
	uint8_t permission_count;
	uint8_t wfr_count;
	uint8_t restarts;            /* restarts after faults */
	uint8_t faults;
	uint8_t has_deadline : 1;
	uint8_t stopped : 1;         /* operator stop: keeps state but is not scheduled */
	uint8_t xfer_away : 1;       /* buffers of its RAM are held by others (kernel/ipc/transfer.c) */
	uint8_t xfer_held : 1;       /* it holds buffers of others */
	uint8_t key : 1;             /* its credentials verified with the board key (APP_KEY_BOARD) */
	uint8_t timeslice_expirations;
	uint16_t dropped_upcalls;
	uint32_t exit_code;
	/* The architecture's protection image of this process (opaque here, see tick/arch.h),
	 * so that a switch only loads it. */
	struct arch_mpu mpu;
};
/* The trap path uses the context pointer as the process pointer. */
_Static_assert(offsetof(struct process, ctx) == 0, "ctx must be the first member of struct process");

/* The one liveness rule: true while the process exists and has not ended. A live process's
 * grants may be read and its id finds it (process_lookup). */
static inline bool process_alive(const struct process *p)
{
	return p->state == PS_RUNNABLE || p->state == PS_YIELDED || p->state == PS_YIELDED_FOR;
}

extern struct process processes[CONFIG_MAX_PROCS];
/* Slots 0..process_slots-1 have held a process since boot (process_start raises it); the
 * scheduler and the iterators scan only those. */
extern unsigned process_slots;
extern struct process *current_process;

/* True if [addr, addr+len) lies in the process's app-owned RAM (len 0 always fits) and no
 * byte of it was given away (buffer transfer, kernel/ipc/transfer.c): every allow, Yield-WaitFor
 * flag, Yield-WaitAny list and share is checked with it. */
bool process_in_ram(const struct process *p, uint32_t addr, uint32_t len);
/* True if [addr, addr+len) lies in the process's flash after the protected region. */
bool process_in_flash(const struct process *p, uint32_t addr, uint32_t len);

/* Process starts since boot, which is also the generation of the latest start: each start
 * takes the next one, so a process id (slot | generation << 8) is never reused. Once
 * PROCESS_GENERATION_MAX starts have happened, no process starts again (ids would wrap). */
extern uint32_t process_generations;
#define PROCESS_GENERATION_MAX 0xffffffu

/* Creates a process in slot p from its already validated parameters and makes it runnable.
 * Returns false, starting nothing and logging why, when the process ids are used up
 * (process_generations); p then keeps its state (ended, or empty). */
bool process_start(struct process *p);

/* Ends a process: frees its grants, drops its upcalls, invalidates its id. */
void process_terminate(struct process *p, uint32_t code);
/* Removes a process for good (the app store's remove and update): ends it if it is alive, as
 * process_terminate does (revoking every allow, subscription and queued upcall), drops its
 * protection image and empties its slot, so that its RAM block is free and the slot can take
 * another app. Its flash is the caller's business. Not from inside p's own system call. */
void process_remove(struct process *p);
/* Restarts a process from its entry point with fresh RAM and a new id. */
void process_restart(struct process *p);

/* Fault causes the kernel defines, beyond the architecture's trap causes (arch_cause_name). */
enum kernel_fault {
	FAULT_BAD_SYSCALL_CLASS = 0x100,   /* a system call class that does not exist */
	FAULT_BAD_YIELD = 0x101,           /* a yield number that does not exist */
	FAULT_FORCED = 0x102,              /* the operator asked for a fault (process_force_fault) */
};

/* Called on a fault: prints the fault report and applies the board's policy. cause: the
 * arch's trap cause or an enum kernel_fault. */
void process_fault(struct process *p, uint32_t cause, uint32_t tval);

#endif
