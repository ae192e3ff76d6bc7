/* CMSDK timer pair set-up: cold boot code (chips.mk), link-time optimized into the board's. */
#include <chips/cmsdk_timer.h>
#include "cmsdk_timer_regs.h"

void cmsdk_timer_init(struct cmsdk_timer *t, uintptr_t counter_base, uintptr_t alarm_base)
{
	/* locals: not re-read from t after each (volatile) store */
	volatile uint32_t *c = (volatile uint32_t *)counter_base, *a = (volatile uint32_t *)alarm_base;
	t->counter = c;
	t->alarm = a;
	t->high = 0;
	cmsdk_timer_stop(a);   /* disarmed, as the time HIL's disarm leaves it */
	cmsdk_timer_stop(c);
	c[RELOAD] = 0xffffffffu;
	c[VALUE] = 0xffffffffu;
	c[CTRL] = CTRL_EN | CTRL_IRQ_EN;
}
