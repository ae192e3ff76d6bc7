/* Two ARM CMSDK APB timers (QEMU mps2 boards) as the time HIL: a 64-bit count and one compare alarm. */
#ifndef CHIPS_CMSDK_TIMER_H
#define CHIPS_CMSDK_TIMER_H

#include <stdint.h>
#include <tick/hil/time.h>

/* The counter timer runs down from 0xffffffff forever; each wrap raises its interrupt and
 * adds 2^32 to the high half. The alarm timer is loaded with the ticks left to the deadline
 * and interrupts when it reaches 0 (at most 2^32 - 1 ahead: the kernel then re-arms). */
struct cmsdk_timer {
	volatile uint32_t *counter;
	volatile uint32_t *alarm;
	uint32_t high;   /* wraps of the counter seen so far */
};

extern const struct time_ops cmsdk_timer_ops;

/* Stops the alarm timer and starts the counter (cold boot code, chips/cmsdk_timer_init.c). */
void cmsdk_timer_init(struct cmsdk_timer *t, uintptr_t counter_base, uintptr_t alarm_base);
/* The counter timer's interrupt: counts the wrap. */
void cmsdk_timer_counter_interrupt(struct cmsdk_timer *t);
/* The alarm timer's interrupt: stops and acknowledges it (the caller then runs
 * valarm_service, which re-arms). */
void cmsdk_timer_alarm_interrupt(struct cmsdk_timer *t);

#endif
