/* The per-process upcall queue, and the completion of Yield-WaitFor / Yield-WaitAny. */
#include <tick/string.h>
#include <tick/driver.h>
#include <tick/grant.h>
#include <tick/kernel.h>
#include <tick/syscall.h>
#include <tick/upcall.h>

/* For a process blocked in WaitFor/WaitAny: the position of (driver, sub) in its wait list,
 * or -1. The list is in the process's registers (WaitFor) or memory (WaitAny), validated
 * when it yielded; the process cannot change it while blocked. */
static int wait_index(const struct process *p, uint32_t driver, uint32_t sub)
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

/* Ends the wait of p with event index i and its arguments. */
static void complete_wait(struct process *p, int i, uint32_t a0, uint32_t a1, uint32_t a2)
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
	bool had_deadline = p->has_deadline;
	p->has_deadline = 0;
	p->state = PS_RUNNABLE;
	if (had_deadline)
		sched_deadline_changed();
}

static int oldest_record(const struct process_kernel_area *ka, uint32_t driver, uint32_t sub)
{
	for (int i = 0; i < ka->count; i++)
		if (ka->queue[i].fn == 0 && ka->queue[i].driver == driver && ka->queue[i].subscribe == sub)
			return i;
	return -1;
}

static bool alive(const struct process *p)
{
	return p->state == PS_RUNNABLE || p->state == PS_YIELDED || p->state == PS_YIELDED_FOR;
}

bool upcall_schedule(struct process *p, const struct driver *drv, unsigned n,
		     uint32_t a0, uint32_t a1, uint32_t a2)
{
	if (!alive(p))
		return false;
	if (p->state == PS_YIELDED_FOR) {
		int i = wait_index(p, drv->number, n);
		if (i >= 0) {
			complete_wait(p, i, a0, a1, a2);
			return true;
		}
	}
	struct upcall_slot *slot = grant_upcall(p, drv, n, false);
	uint32_t fn = slot ? slot->fn : 0;
	struct process_kernel_area *ka = process_kernel_area(p);
	struct upcall_entry e = { drv->number, n, fn, slot ? slot->appdata : 0, { a0, a1, a2 } };
	if (ka->count < CONFIG_UPCALL_QUEUE_LEN) {
		ka->queue[ka->count++] = e;
	} else if (fn == 0) {
		/* Latch: a newer record replaces the oldest record with the same id. */
		int i = oldest_record(ka, drv->number, n);
		if (i < 0) {
			p->dropped_upcalls++;
			return false;
		}
		upcall_remove(p, i, NULL);
		ka->queue[ka->count++] = e;
	} else {
		p->dropped_upcalls++;
		return false;
	}
	return true;   /* a Yield-Wait process becomes ready: the scheduler sees the call */
}

bool upcall_schedule_id(process_id_t id, const struct driver *drv, unsigned n,
			uint32_t a0, uint32_t a1, uint32_t a2)
{
	struct process *p = process_lookup(id);
	return p ? upcall_schedule(p, drv, n, a0, a1, a2) : false;
}

int upcall_first_callable(const struct process *p)
{
	const struct process_kernel_area *ka = process_kernel_area(p);
	for (int i = 0; i < ka->count; i++)
		if (ka->queue[i].fn != 0)
			return i;
	return -1;
}

int upcall_find(const struct process *p, uint32_t driver, uint32_t subscribe)
{
	const struct process_kernel_area *ka = process_kernel_area(p);
	for (int i = 0; i < ka->count; i++)
		if (ka->queue[i].driver == driver && ka->queue[i].subscribe == subscribe)
			return i;
	return -1;
}

/* Word-by-word entry copy: a struct assignment of this size becomes a memcpy call. */
static inline void copy_entry(struct upcall_entry *d, const struct upcall_entry *src)
{
	d->driver = src->driver;
	d->subscribe = src->subscribe;
	d->fn = src->fn;
	d->appdata = src->appdata;
	d->arg[0] = src->arg[0];
	d->arg[1] = src->arg[1];
	d->arg[2] = src->arg[2];
}

void upcall_remove(struct process *p, int i, struct upcall_entry *out)
{
	struct process_kernel_area *ka = process_kernel_area(p);
	if (out)
		copy_entry(out, &ka->queue[i]);
	for (int j = i + 1; j < ka->count; j++)
		copy_entry(&ka->queue[j - 1], &ka->queue[j]);
	ka->count--;
}

void upcall_drop_calls(struct process *p, uint32_t driver, uint32_t subscribe)
{
	struct process_kernel_area *ka = process_kernel_area(p);
	for (int i = 0; i < ka->count;) {
		struct upcall_entry *e = &ka->queue[i];
		if (e->fn != 0 && e->driver == driver && e->subscribe == subscribe)
			upcall_remove(p, i, NULL);
		else
			i++;
	}
}

bool upcall_try_complete_wait(struct process *p)
{
	struct process_kernel_area *ka = process_kernel_area(p);
	for (int i = 0; i < ka->count; i++) {
		int w = wait_index(p, ka->queue[i].driver, ka->queue[i].subscribe);
		if (w >= 0) {
			struct upcall_entry e;
			upcall_remove(p, i, &e);
			complete_wait(p, w, e.arg[0], e.arg[1], e.arg[2]);
			return true;
		}
	}
	return false;
}
