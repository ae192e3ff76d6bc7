/* Processes: the kernel's per-process state, identifiers, life cycle and memory map. */
#ifndef TICK_PROCESS_H
#define TICK_PROCESS_H

#include <stdbool.h>
#include <stdint.h>
#include <tick/arch.h>
#include <tick/config.h>

enum process_state {
	PS_EMPTY = 0,    /* slot unused */
	PS_RUNNABLE,     /* ready to run, or running */
	PS_YIELDED,      /* blocked in Yield-Wait until an upcall can run */
	PS_YIELDED_FOR,  /* blocked in Yield-WaitFor / Yield-WaitAny (ids in its a1..a3) */
	PS_FAULTED,      /* stopped after a fault; the restart policy gave up */
	PS_TERMINATED,   /* exited, or terminated by the operator */
};

/* A process identifier capsules may keep across calls: slot index in the low 8 bits, a
 * generation that changes on every restart above. A stale id never finds the process. */
typedef uint32_t process_id_t;
#define PROCESS_ID_NONE 0xffffffffu

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
	uint16_t generation;
	uint16_t dropped_upcalls;
	uint8_t index;
	uint8_t state;               /* enum process_state */
	uint8_t name_len;
	uint8_t permission_count;
	uint8_t wfr_count;
	uint8_t restarts;            /* restarts after faults */
	uint8_t faults;
	uint8_t has_deadline : 1;
	uint8_t stopped : 1;         /* operator stop: keeps state but is not scheduled */
	uint8_t timeslice_expirations;
	uint32_t exit_code;
	/* Arch-private cache of the protection registers for this process, so that a switch
	 * only writes them; valid while mpu_cache_valid (cleared when the break or memory map
	 * changes). */
	uint32_t mpu_cache[5];
	uint8_t mpu_cache_valid;
};

/* True while the process exists and has not ended (cheaper than process_lookup). */
static inline bool process_alive(const struct process *p)
{
	return p->state == PS_RUNNABLE || p->state == PS_YIELDED || p->state == PS_YIELDED_FOR;
}

extern struct process processes[CONFIG_MAX_PROCS];
/* Slots 0..process_slots-1 have held a process since boot (process_start raises it); the
 * scheduler scans only those. */
extern unsigned process_slots;
extern struct process *current_process;

static inline process_id_t process_id(const struct process *p)
{
	return ((uint32_t)p->generation << 8) | p->index;
}

/* Returns the live process with this id, or NULL if it restarted, ended or never existed. */
struct process *process_lookup(process_id_t id);

/* True if [addr, addr+len) lies in the process's app-owned RAM (len 0 always fits). */
bool process_in_ram(const struct process *p, uint32_t addr, uint32_t len);
/* True if [addr, addr+len) lies in the process's flash after the protected region. */
bool process_in_flash(const struct process *p, uint32_t addr, uint32_t len);

/* Creates a process in slot p from its already validated parameters and makes it runnable. */
void process_start(struct process *p);

/* Ends a process: frees its grants, drops its upcalls, invalidates its id. */
void process_terminate(struct process *p, uint32_t code);
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

/* Operator controls (process console, process info driver). Each returns false when the
 * process is in a state where the action makes no sense (e.g. booting a running process). */
bool process_stop(struct process *p);        /* keep its state, stop scheduling it */
bool process_resume(struct process *p);      /* undo process_stop */
bool process_boot(struct process *p);        /* start a terminated or faulted process again */
void process_force_fault(struct process *p); /* act as if it faulted (policy applies) */
/* Human-readable state name ("running", "yielded", "stopped", "faulted", ...). */
const char *process_state_name(const struct process *p);
/* Number of process slots in use (loaded apps, whatever their state). */
unsigned process_count(void);

/* Prints the memory map of p to the kernel log (used by fault reports and the console). */
void process_print_memory_map(const struct process *p);

/* Writes p's name into buf (NUL-terminated, truncated to size). */
void process_name(const struct process *p, char *buf, unsigned size);

#endif
