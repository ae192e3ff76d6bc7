/* Alarm capsule: Tock's alarm driver; userspace sees the low 32 bits of the 64-bit kernel time. */
#include <stddef.h>
#include "alarm_private.h"
#include <tick/container_of.h>
#include <tick/grant.h>
#include <tick/upcall.h>

/* p's alarm is due: the upcall (now, expiration, 0). */
static void fired(struct valarm *v)
{
	struct alarm_grant *g = container_of(v, struct alarm_grant, v);
	/* The one alarm driver: it is registered under its number, or no process could arm it. */
	upcall_schedule(g->p, driver_find(ALARM_DRIVER_NUM), 0, (uint32_t)valarm_service_now(),
			g->expiration, 0);
}

/* Arms p's alarm for reference + dt (32-bit wrapping ticks). A reference up to 2^31 - 1 ticks
 * ahead is in the future, any other up to 2^31 in the past (valarm_ticks32_ahead); an expiry
 * already past fires at once. */
static struct sysret arm(struct alarm_capsule *a, struct process *p, uint32_t reference, uint32_t dt)
{
	struct alarm_grant *g = grant_enter(p, &a->driver);
	if (!g)
		return sysret_failure(ERR_NOMEM);
	g->v.fired = fired;
	g->p = p;
	g->expiration = reference + dt;
	valarm_set(&g->v, valarm_expand(reference) + dt);
	return sysret_success_u32(g->expiration);
}

struct sysret alarm_capsule_command(void *self, struct process *p, uint32_t cmd, uint32_t arg0, uint32_t arg1)
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
		if (!g || !g->v.armed)
			return sysret_failure(ERR_ALREADY);
		valarm_cancel(&g->v);
		return sysret_success();
	case 5:
		return arm(a, p, (uint32_t)valarm_now(), arg0);
	case 6:
		return arm(a, p, arg0, arg1);
	default:
		return sysret_failure(ERR_NOSUPPORT);
	}
}
