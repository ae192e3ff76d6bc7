/* The per-process upcall queue, and the completion of Yield-WaitFor / Yield-WaitAny. */
#include <stddef.h>
#include <tick/driver.h>
#include <tick/grant.h>
#include <tick/klog.h>
#include <tick/syscall.h>
#include "internal/deadline.h"
#include "internal/grant.h"
#include "internal/process.h"
#include "internal/upcall.h"

/* For a process blocked in WaitFor/WaitAny: the position of (driver, sub) in its wait list,
 * or -1. The list is in the process's registers (WaitFor) or memory (WaitAny), validated
 * when it yielded; the process cannot change it while blocked. */
static inline __attribute__((always_inline)) int wait_index(const struct process *p, uint32_t driver, uint32_t sub)
{
	const struct arch_context *c = &p->ctx;
	if (arch_arg(c, 0) == YIELD_WAIT_FOR)
		return (arch_arg(c, 1) == driver && arch_arg(c, 2) == sub) ? 0 : -1;
	const uint32_t *ids = (const uint32_t *)(uintptr_t)arch_arg(c, 1);
	unsigned n = arch_arg(c, 2) & 0xffu;
	for (unsigned i = 0; i < n; i++)
		if (ids[2 * i] == driver && ids[2 * i + 1] == sub)
			return (int)i;
	return -1;
}

/* Ends the wait of p with event index i and its arguments; returns true. Out of line (a tail
 * call), so that queuing an event stays a leaf function without register saves. */
static __attribute__((noinline)) bool complete_wait(struct process *p, int i, uint32_t a0, uint32_t a1, uint32_t a2)
{
	struct arch_context *c = &p->ctx;
	if (arch_arg(c, 0) == YIELD_WAIT_FOR) {
		arch_set_arg(c, 0, a0);
		arch_set_arg(c, 1, a1);
		arch_set_arg(c, 2, a2);
	} else {
		arch_set_arg(c, 0, (uint32_t)i);
		arch_set_arg(c, 1, a0);
		arch_set_arg(c, 2, a1);
		arch_set_arg(c, 3, a2);
	}
	deadline_clear(p);
	p->state = PS_RUNNABLE;
	return true;
}

/* A null-upcall record for the latch of (drv, n) in p's grant (slot: that upcall slot, NULL if
 * the grant does not exist yet); newest wins within the latch. Out of line, like complete_wait. */
static __attribute__((noinline)) bool latch_record(struct process *p, const struct driver *drv, unsigned n,
						   struct upcall_slot *slot, uint32_t a0, uint32_t a1, uint32_t a2)
{
	struct upcall_slot *latch = slot ? slot : grant_upcall(p, drv, n, true);
	if (!latch) {
		p->dropped_upcalls++;   /* no grant memory left for this driver */
		return false;
	}
	if (!latch->latched) {
		latch->latched = 1;
		if (p->upcall_latched < UINT8_MAX)   /* saturated: stays "maybe some", still correct */
			p->upcall_latched++;
	}
	latch->latch_arg[0] = a0;
	latch->latch_arg[1] = a1;
	latch->latch_arg[2] = a2;
	return true;
}

bool upcall_schedule(struct process *p, const struct driver *drv, unsigned n,
		     uint32_t a0, uint32_t a1, uint32_t a2)
{
	if (!process_alive(p))
		return false;
	if (p->state == PS_YIELDED_FOR) {
		int i = wait_index(p, drv->number, n);
		if (i >= 0)
			return complete_wait(p, i, a0, a1, a2);
	}
	struct upcall_slot *slot = grant_upcall_slot(p, drv, n);
	uint32_t fn = slot ? slot->fn : 0;
	struct process_kernel_area *ka = process_kernel_area(p);
	/* A record goes to the latch when the queue is full, and also while the latch of its id
	 * holds one: then the latch stays the newest record of that id, and every queued record
	 * of the id is older than it (waiters take the queue first). */
	if (fn == 0 && (p->upcall_count == CONFIG_UPCALL_QUEUE_LEN || (slot && slot->latched)))
		return latch_record(p, drv, n, slot, a0, a1, a2);
	/* A Yield-Wait process with nothing queued would run this call first anyway: set it up
	 * now (what upcall_deliver does when it is entered) instead of queuing and dequeuing.
	 * Not while the operator holds it: it stays yielded, with the call queued, until resumed. */
	if (fn != 0 && p->state == PS_YIELDED && p->upcall_count == 0 && !p->stopped) {
		p->state = PS_RUNNABLE;
		arch_deliver_upcall(&p->ctx, fn, a0, a1, a2, slot->appdata);
		return true;
	}
	unsigned c = p->upcall_count;
	if (c >= CONFIG_UPCALL_QUEUE_LEN || n >= drv->num_upcalls) {
		p->dropped_upcalls++;   /* full (or an upcall the driver does not have) */
		return false;
	}
	ka->id[c] = UPCALL_ID(drv->grant_slot, n, fn != 0);
	ka->arg[c][0] = a0;
	ka->arg[c][1] = a1;
	ka->arg[c][2] = a2;
	p->upcall_count = (uint8_t)(c + 1);
	return true;   /* a Yield-Wait process becomes ready: the scheduler sees the call */
}

bool upcall_schedule_id(process_id_t id, const struct driver *drv, unsigned n,
			uint32_t a0, uint32_t a1, uint32_t a2)
{
	struct process *p = process_lookup(id);
	return p ? upcall_schedule(p, drv, n, a0, a1, a2) : false;
}

unsigned upcall_pending_calls(const struct process *p)
{
	const struct process_kernel_area *ka = process_kernel_area(p);
	unsigned n = 0;
	for (unsigned i = 0; i < p->upcall_count; i++)
		n += ka->id[i] & UPCALL_ID_CALL;
	return n;
}

int upcall_first_callable(const struct process *p)
{
	const struct process_kernel_area *ka = process_kernel_area(p);
	for (int i = 0; i < p->upcall_count; i++)
		if (ka->id[i] & UPCALL_ID_CALL)
			return i;
	return -1;
}

int upcall_find(const struct process *p, const struct driver *drv, uint32_t subscribe)
{
	const struct process_kernel_area *ka = process_kernel_area(p);
	for (int i = 0; i < p->upcall_count; i++)
		if ((ka->id[i] | UPCALL_ID_CALL) == UPCALL_ID(drv->grant_slot, subscribe, 1))
			return i;
	return -1;
}

void upcall_remove(struct process *p, int i)
{
	struct process_kernel_area *ka = process_kernel_area(p);
	uint16_t *id = &ka->id[i];
	uint32_t *a = ka->arg[i];
	for (unsigned k = p->upcall_count - (unsigned)i - 1u; k; k--, id++, a += 3) {
		id[0] = id[1];
		a[0] = a[3];
		a[1] = a[4];
		a[2] = a[5];
	}
	p->upcall_count--;
}

void upcall_deliver(struct process *p, int i)
{
	/* Straight from the queue entry, then removed: no copy of it on the way. The id names
	 * the upcall slot in the grant (see kernel_area.h). */
	const struct process_kernel_area *ka = process_kernel_area(p);
	uint16_t id = ka->id[i];
	const struct upcall_slot *s = (const struct upcall_slot *)kernel_area_grant(p, upcall_id_slot(id));
	if (s)
		s += upcall_id_sub(id);
	if (!s || s->fn == 0)   /* a queued call always has its subscription (see kernel_area.h) */
		kpanic("upcall: call without subscription");
	p->state = PS_RUNNABLE;
	arch_deliver_upcall(&p->ctx, s->fn, ka->arg[i][0], ka->arg[i][1], ka->arg[i][2], s->appdata);
	upcall_remove(p, i);
}

void upcall_drop_calls(struct process *p, const struct driver *drv, uint32_t subscribe)
{
	struct process_kernel_area *ka = process_kernel_area(p);
	uint16_t id = UPCALL_ID(drv->grant_slot, subscribe, 1);
	for (int i = 0; i < p->upcall_count;) {
		if (ka->id[i] == id)
			upcall_remove(p, i);
		else
			i++;
	}
}

/* The overflow latch of (driver, sub) in p's grant, if it holds a record. */
static struct upcall_slot *latched_slot(struct process *p, uint32_t driver, uint32_t sub)
{
	const struct driver *drv = driver_find(driver);
	struct upcall_slot *slot = drv ? grant_upcall(p, drv, sub, false) : NULL;
	return slot && slot->latched ? slot : NULL;
}

/* Ends p's wait with a record latched while its queue was full (the first in wait-list
 * order); true if there was one. Out of line: rarely needed, and it keeps
 * upcall_try_complete_wait free of register saves. */
static __attribute__((noinline)) bool take_latched(struct process *p)
{
	const struct arch_context *c = &p->ctx;
	bool wait_for = arch_arg(c, 0) == YIELD_WAIT_FOR;
	const uint32_t *ids = wait_for ? NULL : (const uint32_t *)(uintptr_t)arch_arg(c, 1);
	unsigned n = wait_for ? 1 : (arch_arg(c, 2) & 0xffu);
	for (unsigned w = 0; w < n; w++) {
		uint32_t driver = wait_for ? arch_arg(c, 1) : ids[2 * w];
		uint32_t sub = wait_for ? arch_arg(c, 2) : ids[2 * w + 1];
		struct upcall_slot *slot = latched_slot(p, driver, sub);
		if (slot) {
			slot->latched = 0;
			if (p->upcall_latched < UINT8_MAX)
				p->upcall_latched--;
			complete_wait(p, (int)w, slot->latch_arg[0], slot->latch_arg[1], slot->latch_arg[2]);
			return true;
		}
	}
	return false;
}

bool upcall_try_complete_wait(struct process *p)
{
	struct process_kernel_area *ka = process_kernel_area(p);
	for (int i = 0; i < p->upcall_count; i++) {
		int w = wait_index(p, upcall_driver_number(ka->id[i]), upcall_id_sub(ka->id[i]));
		if (w >= 0) {
			uint32_t a0 = ka->arg[i][0], a1 = ka->arg[i][1], a2 = ka->arg[i][2];
			upcall_remove(p, i);
			complete_wait(p, w, a0, a1, a2);
			return true;
		}
	}
	/* Nothing queued: maybe a record latched while the queue was full. */
	return p->upcall_latched && take_latched(p);
}
