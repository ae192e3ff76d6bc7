/* Latches of null-upcall records that found the upcall queue full (design decision 3): cold code, off the event path. */
#include <stddef.h>
#include <tick/driver.h>
#include <tick/grant.h>
#include <tick/syscall.h>
#include "internal/grant.h"
#include "internal/process.h"
#include "internal/upcall.h"

/* The latest null-upcall record of one upcall id that found the queue full. Carved from grant
 * memory the first time its id needs one and kept until the grants are discarded (restart, end),
 * so the upcall slots stay 8 bytes as in Tock. Nothing names a latch: latch_find walks grant
 * memory for it, which only happens while p->upcall_latched says one may hold a record, or when
 * the queue is full. */
struct upcall_latch {
	uint16_t id;       /* UPCALL_ID(grant slot, subscribe, 0) */
	uint16_t held;     /* 1 while arg holds a record */
	uint32_t arg[3];
};

/* The latch of id in p's grant memory; if it has none, a new one when alloc is set (NULL if no
 * grant memory is left), else NULL. */
static struct upcall_latch *latch_find(struct process *p, uint16_t id, bool alloc)
{
	/* From the kernel break up to the kernel area lie only grants (the table names their
	 * starts) and latches (everything else), each carved whole. */
	const struct process_kernel_area *ka = process_kernel_area(p);
	uint32_t a = p->kernel_brk, top = (uint32_t)(uintptr_t)ka & ~7u;
	while (a < top) {
		unsigned g = 0;
		while (g < CONFIG_GRANT_SLOTS && ka->grant[g] != p->mem_end - a)
			g++;
		if (g < CONFIG_GRANT_SLOTS) {
			a += grant_size(board_drivers[driver_of_grant_slot[g]]);
			continue;
		}
		struct upcall_latch *l = (struct upcall_latch *)(uintptr_t)a;
		if (l->id == id)
			return l;
		a += sizeof *l;
	}
	struct upcall_latch *l = alloc ? (struct upcall_latch *)grant_carve(p, sizeof *l) : NULL;
	if (l)
		l->id = id;
	return l;
}

/* The latch of (drv, n) if it holds a record, else NULL. */
static struct upcall_latch *latch_held(struct process *p, const struct driver *drv, unsigned n)
{
	struct upcall_latch *l = n < drv->num_upcalls ? latch_find(p, UPCALL_ID(drv->grant_slot, n, 0), false) : NULL;
	return l && l->held ? l : NULL;
}

bool upcall_record_slow(struct process *p, const struct driver *drv, unsigned n,
			uint32_t a0, uint32_t a1, uint32_t a2)
{
	/* The record goes to the latch of its id when the queue is full, and also while that latch
	 * holds one: then the latch stays the newest record of the id, and every queued record of
	 * the id is older than it (waiters take the queue first). */
	unsigned c = p->upcall_count;
	uint16_t id = UPCALL_ID(drv->grant_slot, n, 0);
	struct upcall_latch *l = n < drv->num_upcalls ? latch_find(p, id, c == CONFIG_UPCALL_QUEUE_LEN) : NULL;
	if (c < CONFIG_UPCALL_QUEUE_LEN && n < drv->num_upcalls && !(l && l->held)) {
		struct process_kernel_area *ka = process_kernel_area(p);
		ka->id[c] = id;
		ka->arg[c][0] = a0;
		ka->arg[c][1] = a1;
		ka->arg[c][2] = a2;
		p->upcall_count = (uint8_t)(c + 1);
		return true;
	}
	if (!l) {
		p->dropped_upcalls++;   /* no grant memory left for a latch, or no such upcall */
		return false;
	}
	if (!l->held) {
		l->held = 1;
		if (p->upcall_latched < UINT8_MAX)   /* saturated: stays "maybe some", still correct */
			p->upcall_latched++;
	}
	l->arg[0] = a0;
	l->arg[1] = a1;
	l->arg[2] = a2;
	return true;
}

bool upcall_latch_held_slow(struct process *p, const struct driver *drv, unsigned n)
{
	return latch_held(p, drv, n) != NULL;
}

bool upcall_take_latched(struct process *p)
{
	const struct arch_context *c = &p->ctx;
	bool wait_for = arch_arg(c, 0) == YIELD_WAIT_FOR;
	const uint32_t *ids = wait_for ? NULL : (const uint32_t *)(uintptr_t)arch_arg(c, 1);
	unsigned n = wait_for ? 1 : (arch_arg(c, 2) & 0xffu);
	for (unsigned w = 0; w < n; w++) {
		const struct driver *drv = driver_find(wait_for ? arch_arg(c, 1) : ids[2 * w]);
		struct upcall_latch *l = drv ? latch_held(p, drv, wait_for ? arch_arg(c, 2) : ids[2 * w + 1]) : NULL;
		if (l) {
			l->held = 0;
			if (p->upcall_latched < UINT8_MAX)
				p->upcall_latched--;
			return upcall_complete_wait(p, (int)w, l->arg[0], l->arg[1], l->arg[2]);
		}
	}
	return false;
}
