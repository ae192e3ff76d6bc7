/* Yield-WaitAny deadlines: one virtual alarm, armed for the earliest deadline of all waiting processes. */
#include <tick/syscall.h>
#include <tick/valarm.h>
#include "internal/deadline.h"
#include "internal/process.h"

static void deadline_fired(struct valarm *a);
static struct valarm deadline_alarm = { .fired = deadline_fired };

/* The rule of docs/abi.md: reached unless 1 .. 2^31 - 1 ticks ahead. valarm_expand follows the
 * same rule, so a deadline it places in the past is always reached when its alarm fires (a
 * deadline exactly 2^31 ahead used to be "not reached" here but "past" there: the alarm
 * fired, found nothing to do, and was re-armed in the past forever). */
static bool deadline_reached(uint32_t deadline)
{
	return !valarm_ticks32_ahead(deadline, (uint32_t)valarm_now());
}

/* Ends p's wait with the timeout result. */
static void time_out(struct process *p)
{
	p->state = PS_RUNNABLE;
	arch_set_arg(&p->ctx, 0, WAIT_ANY_TIMEOUT);
}

bool deadline_wait(struct process *p, uint32_t deadline)
{
	if (deadline_reached(deadline)) {
		time_out(p);
		return false;
	}
	p->has_deadline = 1;
	p->wait_deadline = deadline;
	deadline_changed();
	return true;
}

static void deadline_fired(struct valarm *a)
{
	(void)a;
	deadline_changed();
}

void deadline_changed(void)
{
	uint64_t now = valarm_now();
	uint64_t earliest = UINT64_MAX;   /* stays so only when no process waits with a deadline */
	struct process *end = processes + process_slots;
	for (struct process *p = processes; p < end; p++) {
		if (p->state != PS_YIELDED_FOR || !p->has_deadline)
			continue;
		/* valarm_expand follows the rule of deadline_reached: at or before now iff reached. */
		uint64_t d = valarm_expand(p->wait_deadline);
		if (d <= now) {
			p->has_deadline = 0;
			time_out(p);
		} else if (d < earliest) {
			earliest = d;
		}
	}
	if (earliest != UINT64_MAX)
		valarm_set(&deadline_alarm, earliest);
	else
		valarm_cancel(&deadline_alarm);
}
