/* Yield-WaitAny deadlines: one virtual alarm, armed for the earliest deadline of all waiting processes. */
#include <tick/syscall.h>
#include <tick/valarm.h>
#include "internal/deadline.h"
#include "internal/process.h"

static void deadline_fired(struct valarm *a);
static struct valarm deadline_alarm = { .fired = deadline_fired };

/* Ends p's wait with the timeout result. */
static void time_out(struct process *p)
{
	p->state = PS_RUNNABLE;
	arch_set_arg(&p->ctx, 0, WAIT_ANY_TIMEOUT);
}

bool deadline_wait(struct process *p, uint32_t deadline)
{
	p->has_deadline = 1;
	p->wait_deadline = deadline;
	deadline_changed();   /* ends the wait at once if the deadline is reached */
	return p->state == PS_YIELDED_FOR;
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
		/* The deadline rule of docs/abi.md is valarm_expand's (valarm_ticks32_ahead): a
		 * deadline 1 .. 2^31 - 1 ticks ahead expands into the future, any other to now or
		 * earlier, so the wait ends exactly when the rule says and never re-arms in the past
		 * (a deadline 2^31 ahead used to do that forever, when this file had a rule of its
		 * own that disagreed at the boundary). */
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
