/* ARM CMSDK APB timer pair as the time HIL: a free-running counter extended to 64 bits, and a one-shot alarm. */
#include <chips/cmsdk_timer.h>
#include "cmsdk_timer_regs.h"

/* Takes a pending wrap into the high half. Called with interrupts masked (the kernel), so
 * nothing else races on the flag. */
static void note_wrap(struct cmsdk_timer *t)
{
	if (t->counter[INTSTATUS] & 1u) {
		t->counter[INTSTATUS] = 1u;
		t->high++;
	}
}

static uint64_t now(void *dev)
{
	struct cmsdk_timer *t = dev;
	note_wrap(t);
	uint32_t v = t->counter[VALUE];
	/* A wrap between the flag check and the read: v is then just below 0xffffffff and the
	 * flag is set again; count it now. */
	if (t->counter[INTSTATUS] & 1u) {
		note_wrap(t);
		v = t->counter[VALUE];
	}
	return (uint64_t)t->high << 32 | (uint32_t)~v;
}

static void set_alarm(void *dev, uint64_t deadline)
{
	struct cmsdk_timer *t = dev;
	uint64_t n = now(dev);
	uint64_t left = deadline > n ? deadline - n : 1u;
	if (left > 0xffffffffu)
		left = 0xffffffffu;
	cmsdk_timer_stop(t->alarm);
	t->alarm[RELOAD] = 0xffffffffu;
	t->alarm[VALUE] = (uint32_t)left;
	t->alarm[CTRL] = CTRL_EN | CTRL_IRQ_EN;
}

static void disarm(void *dev)
{
	cmsdk_timer_stop(((struct cmsdk_timer *)dev)->alarm);
}

const struct time_ops cmsdk_timer_ops = {
	.now = now,
	.set_alarm = set_alarm,
	.disarm = disarm,
};

void cmsdk_timer_counter_interrupt(struct cmsdk_timer *t)
{
	note_wrap(t);
}

void cmsdk_timer_alarm_interrupt(struct cmsdk_timer *t)
{
	disarm(t);
}
