/* Alarm capsule (driver 0x0): one alarm per process over the shared virtual alarm mux. */
#ifndef CAPSULES_ALARM_H
#define CAPSULES_ALARM_H

#include <tick/abi.h>
#include <tick/driver.h>
#include <tick/valarm.h>

#define ALARM_DRIVER_NUM TICK_DRIVER_ALARM

/* Each process's alarm is a virtual alarm of its own, kept in its grant: the mux's sorted
 * list is the index of expiries, so an expiry reaches its process without a scan of the
 * others. The list drops the ones of an ended process (valarm_drop_within, at process end). */
struct alarm_grant {
	struct valarm v;       /* armed for the 64-bit time of reference + dt */
	struct process *p;     /* the grant's owner (set at every arming) */
	uint32_t expiration;   /* reference + dt as the app computed it (wrapping) */
};

struct alarm_capsule {
	struct driver driver;   /* each process's alarm is a virtual alarm in its grant */
};

/* Serves the driver's commands (the driver's command; named here for alarm_capsule_init). */
struct sysret alarm_capsule_command(void *self, struct process *p, uint32_t cmd, uint32_t arg0,
				    uint32_t arg1);

/* Sets the capsule up as a driver. Inline so that it is compiled into the board's boot code
 * (cold, link-time optimized, its arguments constants there) and not kept in this hot capsule. */
static inline void alarm_capsule_init(struct alarm_capsule *a, uint8_t grant_slot)
{
	a->driver = (struct driver){
		.number = ALARM_DRIVER_NUM,
		.num_upcalls = 1,
		.grant_data_size = sizeof(struct alarm_grant),
		.grant_slot = grant_slot,
		.command = alarm_capsule_command,
		.self = a,
	};
}

#endif
