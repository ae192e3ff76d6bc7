/* Virtual alarm mux: a sorted list of kernel alarms sharing the one hardware compare register. */
#include <stddef.h>
#include <tick/valarm.h>

const struct time_source *valarm_hw;
static struct valarm *list;   /* armed alarms, earliest deadline first */
static bool servicing;        /* inside valarm_service: it programs the hardware once at the end */
uint64_t valarm_service_time;  /* the time valarm_service read (valarm_service_now) */

uint64_t valarm_now(void)
{
	return valarm_hw->ops->now(valarm_hw->dev);
}

uint32_t valarm_frequency(void)
{
	return valarm_hw->frequency;
}

/* The hardware compare follows the head of the list. */
static void program_hw(void)
{
	if (list)
		valarm_hw->ops->set_alarm(valarm_hw->dev, list->deadline);
	else
		valarm_hw->ops->disarm(valarm_hw->dev);
}

/* Outside valarm_service, which programs once at its end. */
static void program(void)
{
	if (!servicing)
		program_hw();
}

/* Takes a out of the list; true if it was the head (the hardware compare changes). */
static bool unlink(struct valarm *a)
{
	bool head = list == a;
	for (struct valarm **pp = &list; *pp; pp = &(*pp)->next) {
		if (*pp == a) {
			*pp = a->next;
			break;
		}
	}
	a->armed = false;
	a->next = NULL;
	return head;
}

void valarm_set(struct valarm *a, uint64_t deadline)
{
	bool was_head = a->armed && unlink(a);
	struct valarm **pp = &list;
	while (*pp && (*pp)->deadline <= deadline)   /* after equal deadlines: first armed, first fired */
		pp = &(*pp)->next;
	a->deadline = deadline;
	a->armed = true;
	a->next = *pp;
	*pp = a;
	if (was_head || list == a)
		program();
}

void valarm_cancel(struct valarm *a)
{
	if (a->armed && unlink(a))
		program();
}

void valarm_drop_within(uintptr_t lo, uintptr_t hi)
{
	bool head_gone = false;
	for (struct valarm **pp = &list; *pp;) {
		struct valarm *a = *pp;
		if ((uintptr_t)a >= lo && (uintptr_t)a < hi) {
			head_gone |= pp == &list;
			*pp = a->next;   /* not touched any more: the memory is about to be reused */
		} else {
			pp = &a->next;
		}
	}
	if (head_gone)
		program();
}

void valarm_service(void)
{
	uint64_t now = valarm_now();
	valarm_service_time = now;
	servicing = true;
	/* The head is the earliest: fire while it is due. A callback may arm or cancel alarms
	 * (the list stays sorted); one re-armed at or before now fires in this same pass. */
	while (list && list->deadline <= now) {
		struct valarm *due = list;
		list = due->next;
		due->armed = false;
		due->next = NULL;
		due->fired(due);
	}
	servicing = false;
	program_hw();
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
