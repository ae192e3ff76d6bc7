/* Tock's IPC driver (0x10000): discovery by package name, notifications as upcalls, buffer shares as revocable exposures. */
#include <tick/arch.h>
#include <tick/grant.h>
#include <tick/ipc_legacy.h>
#include <tick/string.h>
#include <tick/upcall.h>
#include "../internal/exposure.h"
#include "../internal/kernel_area.h"
#include "../internal/process.h"

enum {
	CMD_EXISTS = 0,
	CMD_DISCOVER = 1,
	CMD_NOTIFY_SERVICE = 2,
	CMD_NOTIFY_CLIENT = 3,
};

/* The loaded process (whatever its state, as Tock searches) whose TBF PackageName equals
 * the name in p's read-only allow 0, byte for byte. */
static struct sysret discover(struct ipc_legacy *ipc, struct process *p)
{
	struct allow_slot *s = grant_allow(p, &ipc->driver, ALLOW_RO, 0, true);
	if (!s)
		return sysret_failure(ERR_NOMEM);
	if (s->len == 0)
		return sysret_failure(ERR_INVAL);   /* nothing to search for */
	/* The name was validated at allow time (p's RAM or flash) and p is the caller, so it
	 * cannot have changed since. */
	const void *name = (const void *)(uintptr_t)s->ptr;
	for (struct process *q = process_next(NULL); q; q = process_next(q))
		if (q->name_len == s->len && memcmp(q->name, name, s->len) == 0)
			return sysret_success_u32(q->index);
	return sysret_failure(ERR_NODEVICE);
}

/* What sender shares with target: its RW allow slot numbered with target's slot. The whole
 * words of that buffer (arch_mpu_share_bounds: never a byte outside it) become reachable by
 * target until the sender allows that slot again, restarts or ends. ptr and len stay 0 when
 * nothing is shared (or no whole word is). A process "sharing" with itself gets its own
 * buffer back without any mapping. */
static void share(struct ipc_legacy *ipc, struct process *sender, struct process *target,
		  uint32_t *ptr, uint32_t *len)
{
	struct allow_slot *s = grant_allow(sender, &ipc->driver, ALLOW_RW, target->index, false);
	if (!s || s->len == 0)
		return;
	uint32_t start = s->ptr, end = s->ptr + s->len;
	if (target != sender &&
	    (!arch_mpu_share_bounds(&start, &end) ||
	     !exposure_share(sender, target, start, end, MPU_R | MPU_W, s)))
		return;
	*ptr = start;
	*len = end - start;
}

/* Notifications one sender may have queued, not yet run, at one target. The target's upcall
 * queue (CONFIG_UPCALL_QUEUE_LEN entries) is shared by every driver and sender: without a
 * quota one flooding sender fills it, and every other sender's notification and every other
 * driver's upcall is dropped. Past the quota a notify fails with BUSY and queues nothing. */
#ifndef CONFIG_IPC_LEGACY_QUEUED_PER_SENDER
#define CONFIG_IPC_LEGACY_QUEUED_PER_SENDER 2
#endif

/* The notifications from sender queued at t (the first upcall argument is the sender's slot). */
static unsigned queued_from(const struct ipc_legacy *ipc, const struct process *t,
			    const struct process *sender)
{
	const struct process_kernel_area *ka = process_kernel_area(t);
	unsigned n = 0;
	for (unsigned i = 0; i < t->upcall_count; i++)
		n += upcall_id_slot(ka->id[i]) == ipc->driver.grant_slot && ka->arg[i][0] == sender->index;
	return n;
}

/* Queues the IPC upcall on the process in slot `target_slot`: on its own subscribe number
 * when it is notified as a service, on the sender's when it is notified as a client. */
static struct sysret notify(struct ipc_legacy *ipc, struct process *sender, uint32_t target_slot,
			    bool to_service)
{
	struct process *t = target_slot < process_slots ? &processes[target_slot] : NULL;
	if (!t || !process_alive(t))
		return sysret_failure(ERR_INVAL);
	if (queued_from(ipc, t, sender) >= CONFIG_IPC_LEGACY_QUEUED_PER_SENDER)
		return sysret_failure(ERR_BUSY);   /* its quota: the target has not run them yet */
	uint32_t ptr = 0, len = 0;
	share(ipc, sender, t, &ptr, &len);
	unsigned sub = to_service ? t->index : sender->index;
	if (!upcall_schedule(t, &ipc->driver, sub, sender->index, len, ptr))
		return sysret_failure(ERR_NOMEM);   /* its upcall queue is full */
	return sysret_success();
}

static struct sysret command(void *self, struct process *p, uint32_t cmd, uint32_t arg0, uint32_t arg1)
{
	(void)arg1;
	struct ipc_legacy *ipc = self;
	switch (cmd) {
	case CMD_EXISTS:
		return sysret_success();
	case CMD_DISCOVER:
		return discover(ipc, p);
	case CMD_NOTIFY_SERVICE:
	case CMD_NOTIFY_CLIENT:
		return notify(ipc, p, arg0, cmd == CMD_NOTIFY_SERVICE);
	default:
		return sysret_failure(ERR_NOSUPPORT);
	}
}

void ipc_legacy_init(struct ipc_legacy *ipc, uint8_t grant_slot)
{
	ipc->driver = (struct driver){
		.number = IPC_LEGACY_DRIVER_NUM,
		.num_upcalls = CONFIG_MAX_PROCS,    /* one per possible peer slot */
		.num_allow_rw = CONFIG_MAX_PROCS,   /* the buffer shared with each peer slot */
		.num_allow_ro = 1,                  /* the package name to discover */
		.grant_slot = grant_slot,
		.command = command,
		.self = ipc,
	};
}
