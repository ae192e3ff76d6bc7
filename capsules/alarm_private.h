/* Alarm capsule internals: private to the capsule (alarm.c) and its set-up (alarm_init.c). */
#ifndef CAPSULES_ALARM_PRIVATE_H
#define CAPSULES_ALARM_PRIVATE_H

#include <capsules/alarm.h>

/* Each process's alarm is a virtual alarm of its own, kept in its grant: the mux's sorted
 * list is the index of expiries, so an expiry reaches its process without a scan of the
 * others. The list drops the ones of an ended process (valarm_drop_within, at process end). */
struct alarm_grant {
	struct valarm v;       /* armed for the 64-bit time of reference + dt */
	struct process *p;     /* the grant's owner (set at every arming) */
	uint32_t expiration;   /* reference + dt as the app computed it (wrapping) */
};

/* Serves the driver's commands. */
struct sysret alarm_capsule_command(void *self, struct process *p, uint32_t cmd, uint32_t arg0,
				    uint32_t arg1);

#endif
