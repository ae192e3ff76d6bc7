/* CMSDK APB timer registers: private to the driver (cmsdk_timer.c) and its set-up (cmsdk_timer_init.c). */
#ifndef CHIPS_CMSDK_TIMER_REGS_H
#define CHIPS_CMSDK_TIMER_REGS_H

#include <stdint.h>

/* Word indexes of a timer's registers (an INTSTATUS write clears) and CTRL's bits. */
enum { CTRL = 0, VALUE = 1, RELOAD = 2, INTSTATUS = 3 };
#define CTRL_EN 0x1u
#define CTRL_IRQ_EN 0x8u

/* Stops a timer and clears its pending interrupt: the alarm's disarm, and the first step of
 * every (re)start. */
static inline void cmsdk_timer_stop(volatile uint32_t *timer)
{
	timer[CTRL] = 0;
	timer[INTSTATUS] = 1u;
}

#endif
