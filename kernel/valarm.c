/* Virtual alarm mux: a list of kernel alarms sharing the one hardware compare register. */
#include <stddef.h>
#include <tick/valarm.h>

static const struct time_source *hw;
static struct valarm *list;   /* armed alarms, unordered (there are few) */

void valarm_init(const struct time_source *ts)
{
	hw = ts;
}

uint64_t valarm_now(void)
{
	return hw->ops->now(hw->dev);
}

uint32_t valarm_frequency(void)
{
	return hw->frequency;
}

static void program(void)
{
	uint64_t earliest = UINT64_MAX;
	for (struct valarm *a = list; a; a = a->next)
		if (a->deadline < earliest)
			earliest = a->deadline;
	if (earliest == UINT64_MAX)
		hw->ops->disarm(hw->dev);
	else
		hw->ops->set_alarm(hw->dev, earliest);
}

static void unlink(struct valarm *a)
{
	for (struct valarm **pp = &list; *pp; pp = &(*pp)->next) {
		if (*pp == a) {
			*pp = a->next;
			break;
		}
	}
	a->armed = false;
	a->next = NULL;
}

void valarm_set(struct valarm *a, uint64_t deadline)
{
	if (a->armed)
		unlink(a);
	a->deadline = deadline;
	a->armed = true;
	a->next = list;
	list = a;
	program();
}

void valarm_cancel(struct valarm *a)
{
	if (!a->armed)
		return;
	unlink(a);
	program();
}

void valarm_service(void)
{
	uint64_t now = valarm_now();
	/* Restart the scan after each callback: it may arm or cancel alarms. */
	for (;;) {
		struct valarm *due = NULL;
		for (struct valarm *a = list; a; a = a->next)
			if (a->deadline <= now && (!due || a->deadline < due->deadline))
				due = a;
		if (!due)
			break;
		unlink(due);
		due->fired(due);
	}
	program();
}

uint64_t valarm_expand(uint32_t ticks32)
{
	uint64_t now = valarm_now();
	uint32_t ahead = ticks32 - (uint32_t)now;
	if (valarm_ticks32_ahead(ticks32, (uint32_t)now))
		return now + ahead;
	uint32_t behind = -ahead;   /* 0 .. 2^31 */
	return behind > now ? 0 : now - behind;   /* "before time 0" early after boot: time 0 */
}
