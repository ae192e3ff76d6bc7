/* Alarm capsule: Tock's alarm driver; userspace sees the low 32 bits of the 64-bit kernel time. */
#include <stddef.h>
#include <capsules/alarm.h>
#include <tick/container_of.h>
#include <tick/grant.h>
#include <tick/upcall.h>

struct alarm_grant {
	uint64_t expiry;       /* 64-bit time of reference + dt */
	uint32_t expiration;   /* reference + dt as the app computed it (wrapping) */
	uint8_t armed;
};

/* Arms the mux for the earliest expiry among all processes, or cancels it. */
static void set_mux(struct alarm_capsule *a, uint64_t earliest)
{
	if (earliest == UINT64_MAX)
		valarm_cancel(&a->valarm);
	else
		valarm_set(&a->valarm, earliest);
}

static void rearm(struct alarm_capsule *a)
{
	uint64_t earliest = UINT64_MAX;
	for (struct grant_ref r = grant_first(&a->driver); r.p; r = grant_next(&a->driver, r.p)) {
		struct alarm_grant *g = r.data;
		if (g->armed && g->expiry < earliest)
			earliest = g->expiry;
	}
	set_mux(a, earliest);
}

/* Reports every expired alarm and re-arms the mux for the rest, in one pass. */
static void fired(struct valarm *v)
{
	struct alarm_capsule *a = container_of(v, struct alarm_capsule, valarm);
	uint64_t now = valarm_service_now();
	uint64_t earliest = UINT64_MAX;
	for (struct grant_ref r = grant_first(&a->driver); r.p; r = grant_next(&a->driver, r.p)) {
		struct alarm_grant *g = r.data;
		if (!g->armed)
			continue;
		if (g->expiry <= now) {
			g->armed = 0;
			/* May end r.p's Yield-WaitFor; never re-enters this capsule. */
			upcall_schedule(r.p, &a->driver, 0, (uint32_t)now, g->expiration, 0);
		} else if (g->expiry < earliest) {
			earliest = g->expiry;
		}
	}
	set_mux(a, earliest);
}

/* Arms p's alarm for reference + dt (32-bit wrapping ticks). A reference up to 2^31 - 1 ticks
 * ahead is in the future, any other up to 2^31 in the past (valarm_ticks32_ahead); an expiry
 * already past fires at once. */
static struct sysret arm(struct alarm_capsule *a, struct process *p, uint32_t reference, uint32_t dt)
{
	struct alarm_grant *g = grant_enter(p, &a->driver);
	if (!g)
		return sysret_failure(ERR_NOMEM);
	g->expiry = valarm_expand(reference) + dt;
	g->expiration = reference + dt;
	g->armed = 1;
	rearm(a);
	return sysret_success_u32(g->expiration);
}

static struct sysret command(void *self, struct process *p, uint32_t cmd, uint32_t arg0, uint32_t arg1)
{
	struct alarm_capsule *a = self;
	struct alarm_grant *g;
	switch (cmd) {
	case 0:
		return sysret_success();
	case 1:
		return sysret_success_u32(valarm_frequency());
	case 2:
		return sysret_success_u32((uint32_t)valarm_now());
	case 3:
		g = grant_peek(p, &a->driver);
		if (!g || !g->armed)
			return sysret_failure(ERR_ALREADY);
		g->armed = 0;
		rearm(a);
		return sysret_success();
	case 5:
		return arm(a, p, (uint32_t)valarm_now(), arg0);
	case 6:
		return arm(a, p, arg0, arg1);
	default:
		return sysret_failure(ERR_NOSUPPORT);
	}
}

void alarm_capsule_init(struct alarm_capsule *a, uint8_t grant_slot)
{
	a->driver = (struct driver){
		.number = ALARM_DRIVER_NUM,
		.num_upcalls = 1,
		.grant_data_size = sizeof(struct alarm_grant),
		.grant_slot = grant_slot,
		.command = command,
		.self = a,
	};
	a->valarm.fired = fired;
}
