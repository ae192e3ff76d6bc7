/* The kernel area: the kernel-owned block at the top of each process's RAM (upcall queue, grant table). */
#ifndef TICK_INTERNAL_KERNEL_AREA_H
#define TICK_INTERNAL_KERNEL_AREA_H

#include <stdint.h>
#include <tick/config.h>
#include "process.h"

/* One queued upcall, 16 bytes. call == 0 marks a null-upcall record, kept only for
 * Yield-WaitFor/WaitAny. A call carries no function or appdata: it runs those of its upcall
 * slot at delivery, which are the ones it was scheduled with, since a subscribe drops the
 * queued calls of its id (upcall_drop_calls). Driver numbers stay below 2^24 and subscribe
 * numbers below 128 (kernel/driver.c checks the board's drivers at boot). */
struct upcall_entry {
	uint32_t driver : 24;
	uint32_t subscribe : 7;
	uint32_t call : 1;
	uint32_t arg[3];
};

/* Sits at the very top of [mem_start, mem_end), above the grants: the process can never reach
 * it (its break stays below kernel_brk). A restart or end resets it. */
struct process_kernel_area {
	struct upcall_entry queue[CONFIG_UPCALL_QUEUE_LEN];   /* kernel/upcall.c */
	uint8_t count;
	uint8_t latched;   /* upcall slots holding a latched record (0: skip looking) */
	uint8_t pad[2];
	uint32_t grant[CONFIG_GRANT_SLOTS];   /* address of each driver's grant, 0 = none (grant.c) */
};

/* Bytes the loader adds to an app's RAM for the kernel area (grants come out of the app's
 * minimum RAM size, as in Tock). */
#define KERNEL_AREA_SIZE ((uint32_t)((sizeof(struct process_kernel_area) + 7u) & ~7u))

static inline struct process_kernel_area *process_kernel_area(const struct process *p)
{
	return (struct process_kernel_area *)(uintptr_t)(p->mem_end - sizeof(struct process_kernel_area));
}

/* Empties p's kernel area: no queued upcalls, no grants (so every allow and subscription is
 * revoked); the kernel break goes back to just below the area. Part of the process life
 * cycle (kernel/process.c: start, restart, end). */
void kernel_area_reset(struct process *p);

#endif
