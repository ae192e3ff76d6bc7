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

__attribute__((noinline)) bool upcall_complete_wait(struct process *p, int i, uint32_t a0, uint32_t a1, uint32_t a2)
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

bool upcall_schedule(struct process *p, const struct driver *drv, unsigned n,
		     uint32_t a0, uint32_t a1, uint32_t a2)
{
	if (!process_alive(p))
		return false;
	if (p->state == PS_YIELDED_FOR) {
		int i = wait_index(p, drv->number, n);
		if (i >= 0)
			return upcall_complete_wait(p, i, a0, a1, a2);
	}
	struct upcall_slot *slot = grant_upcall_slot(p, drv, n);
	uint32_t fn = slot ? slot->fn : 0;
	struct process_kernel_area *ka = process_kernel_area(p);
	/* A record may go to a latch when the queue is full or p holds latched records: decided
	 * out of line, so that this stays a leaf function without register saves. */
	if (fn == 0 && (p->upcall_count == CONFIG_UPCALL_QUEUE_LEN || p->upcall_latched))
		return upcall_record_slow(p, drv, n, a0, a1, a2);
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

bool upcall_try_complete_wait(struct process *p)
{
	struct process_kernel_area *ka = process_kernel_area(p);
	for (int i = 0; i < p->upcall_count; i++) {
		int w = wait_index(p, upcall_driver_number(ka->id[i]), upcall_id_sub(ka->id[i]));
		if (w >= 0) {
			uint32_t a0 = ka->arg[i][0], a1 = ka->arg[i][1], a2 = ka->arg[i][2];
			upcall_remove(p, i);
			upcall_complete_wait(p, w, a0, a1, a2);
			return true;
		}
	}
	/* Nothing queued: maybe a record latched while the queue was full. */
	return p->upcall_latched && upcall_take_latched(p);
}
