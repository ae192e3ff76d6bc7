/* Alarm capsule (driver 0x0): one alarm per process over the shared virtual alarm mux. */
#ifndef CAPSULES_ALARM_H
#define CAPSULES_ALARM_H

#include <tick/abi.h>
#include <tick/driver.h>
#include <tick/valarm.h>

#define ALARM_DRIVER_NUM TICK_DRIVER_ALARM

struct alarm_capsule {
	struct driver driver;   /* each process's alarm is a virtual alarm in its grant */
};

/* Sets the capsule up as a driver (cold boot code, capsules/alarm_init.c). Each process's
 * alarm is a virtual alarm of its own, kept in its grant. */
void alarm_capsule_init(struct alarm_capsule *a, uint8_t grant_slot);

#endif
