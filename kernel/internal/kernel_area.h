/* The kernel area: the kernel-owned block at the top of each process's RAM (upcall queue, grant table). */
#ifndef TICK_INTERNAL_KERNEL_AREA_H
#define TICK_INTERNAL_KERNEL_AREA_H

#include <stddef.h>
#include <stdint.h>
#include <tick/config.h>
#include "process.h"

/* The id of a queued upcall, 16 bits: the grant slot of its driver (bits 15-8), its subscribe
 * number (bits 7-1) and bit 0 set for a function call, clear for a null-upcall record (kept
 * only for Yield-WaitFor/WaitAny). A driver with upcalls always has a grant slot, where its
 * subscriptions live, and fewer than 128 of them (kernel/driver.c checks the board's drivers at
 * boot), so the id names the upcall slot without the driver number. A call carries no
 * function or appdata: it runs those of its upcall slot at delivery, which are the ones it was
 * scheduled with, since a subscribe drops the queued calls of its id (upcall_drop_calls). */
#define UPCALL_ID(grant_slot, subscribe, call) \
	((uint16_t)((unsigned)(grant_slot) << 8 | (unsigned)(subscribe) << 1 | (unsigned)(call)))
#define UPCALL_ID_CALL 1u
static inline unsigned upcall_id_slot(uint16_t id) { return id >> 8; }
static inline unsigned upcall_id_sub(uint16_t id) { return (id >> 1) & 0x7fu; }

/* Sits at the very top of [mem_start, mem_end), above the grants: the process can never reach
 * it (its break stays below kernel_brk). A restart or end resets it (and the queue's counts in
 * struct process: upcall_count, upcall_latched). The queue is kept as two
 * arrays (arguments, ids), 14 bytes an entry instead of 16 with padding. */
struct process_kernel_area {
	uint32_t arg[CONFIG_UPCALL_QUEUE_LEN][3];   /* kernel/upcall.c: entry i's arguments */
	uint16_t id[CONFIG_UPCALL_QUEUE_LEN];       /* entry i's UPCALL_ID */
	/* Where each driver's grant starts, as mem_end minus its address (grants lie in the
	 * 64 KiB below mem_end, grant.c), 0 = none: 2 bytes a slot instead of a pointer. */
	uint16_t grant[CONFIG_GRANT_SLOTS];
};
_Static_assert(CONFIG_GRANT_SLOTS <= 255, "a grant slot fits the upper byte of an upcall id");

/* Bytes the loader adds to an app's RAM for the kernel area (grants come out of the app's
 * minimum RAM size, as in Tock). */
#define KERNEL_AREA_SIZE ((uint32_t)((sizeof(struct process_kernel_area) + 7u) & ~7u))

static inline struct process_kernel_area *process_kernel_area(const struct process *p)
{
	return (struct process_kernel_area *)(uintptr_t)(p->mem_end - sizeof(struct process_kernel_area));
}

/* The grant in slot of p, or NULL (kernel_area.grant). */
static inline __attribute__((always_inline)) uint8_t *kernel_area_grant(const struct process *p, unsigned slot)
{
	/* The table's address from mem_end in one step (a shift, an add, the load). */
	uint32_t end = p->mem_end;
	const uint16_t *table = (const uint16_t *)(uintptr_t)(end - (sizeof(struct process_kernel_area) -
								     offsetof(struct process_kernel_area, grant)));
	uint32_t off = table[slot];
	if (!off)
		return (uint8_t *)0;
	uint8_t *b = (uint8_t *)(uintptr_t)(end - off);
	if (!b)
		__builtin_unreachable();   /* grants lie below mem_end: lets callers drop NULL tests */
	return b;
}

/* Empties p's kernel area: no queued upcalls, no grants (so every allow and subscription is
 * revoked); the kernel break goes back to just below the area. Part of the process life
 * cycle (kernel/process.c: start, restart, end). */
void kernel_area_reset(struct process *p);

#endif
