/* Alarm capsule set-up: cold boot code (capsules.mk), link-time optimized into the board's. */
#include "alarm_private.h"

void alarm_capsule_init(struct alarm_capsule *a, uint8_t grant_slot)
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
