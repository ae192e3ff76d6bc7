/* Processes as capsules see them: opaque handles, ids, lookup, iteration and the operator's view. */
#ifndef TICK_PROCESS_H
#define TICK_PROCESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <tick/config.h>

/*
 * A process. Capsules get a pointer from the kernel (a command's caller, an iterator, a
 * lookup) and use it until they return to the kernel loop; what it holds is the kernel's
 * (kernel/internal/process.h). Across calls they keep its process_id_t instead.
 */
struct process;

enum process_state {
	PS_EMPTY = 0,    /* slot unused */
	PS_RUNNABLE,     /* ready to run, or running */
	PS_YIELDED,      /* blocked in Yield-Wait until an upcall can run */
	PS_YIELDED_FOR,  /* blocked in Yield-WaitFor / Yield-WaitAny (ids in its a1..a3) */
	PS_FAULTED,      /* stopped after a fault; the restart policy gave up */
	PS_TERMINATED,   /* exited, or terminated by the operator */
};

/* A process identifier capsules may keep across calls: slot index in the low 8 bits, above it
 * the 24-bit generation of the process's latest start, drawn from one counter for the whole
 * system. Ids are never reused (the kernel stops starting processes rather than wrap), so a
 * stale id never finds the process or any later run of it. */
typedef uint32_t process_id_t;
#define PROCESS_ID_NONE 0xffffffffu
#define PROCESS_ID_SLOT(id) ((id) & 0xffu)   /* the slot (Tock's "app index") of an id */

process_id_t process_id(const struct process *p);

/* The live process with this id, or NULL if it restarted, ended or never existed. */
struct process *process_lookup(process_id_t id);

/* Loaded processes (any state but PS_EMPTY) in slot order: process_next(NULL) is the first,
 * NULL ends. Capsules that serve live processes iterate over a grant instead (tick/grant.h). */
struct process *process_next(const struct process *p);
/* Number of process slots in use (loaded apps, whatever their state). */
unsigned process_count(void);

/* What operators see about a process (process console, process info driver). */
struct process_stats {
	process_id_t id;
	uint32_t short_id;           /* 0 when the app has none */
	uint32_t syscalls;           /* system calls since it was loaded */
	uint32_t exit_code;          /* of its last exit */
	uint32_t ram;                /* bytes of its RAM block, kernel area included */
	uint32_t kernel_bytes;       /* of it, what the kernel holds now: kernel area and grants */
	const uint8_t *name;         /* PackageName in flash, not NUL-terminated */
	uint16_t dropped_upcalls;
	uint8_t name_len;
	uint8_t slot;
	uint8_t state;               /* enum process_state */
	uint8_t stopped;             /* stopped by the operator (process_stop) */
	uint8_t restarts;            /* restarts after faults */
	uint8_t faults;
	uint8_t timeslice_expirations;
};
void process_get_stats(const struct process *p, struct process_stats *s);

/* Writes p's name into buf (NUL-terminated, truncated to size). */
void process_name(const struct process *p, char *buf, unsigned size);
/* Human-readable state name ("running", "yielded", "stopped", "faulted", ...). */
const char *process_state_name(const struct process *p);
/* Prints the memory map of p to the kernel log (used by fault reports and the console). */
void process_print_memory_map(const struct process *p);

/* Operator controls (process console, process info driver). Each returns false, changing
 * nothing, when the process is in a state where the action makes no sense (e.g. booting a
 * running process, faulting an ended one). */
bool process_stop(struct process *p);        /* keep its state, stop scheduling it */
bool process_resume(struct process *p);      /* undo process_stop */
bool process_boot(struct process *p);        /* start a terminated or faulted process again */
bool process_force_fault(struct process *p); /* act as if it faulted (policy applies) */
bool process_kill(struct process *p);        /* terminate it as if it exited with code 0 */

#endif
