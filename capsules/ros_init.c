/* Read-only state capsule set-up: cold boot code (capsules.mk), link-time optimized into the board's. */
#include <tick/sched.h>
#include "ros_private.h"

void ros_init(struct ros *r, uint8_t grant_slot)
{
	r->driver = (struct driver){
		.number = ROS_DRIVER_NUM,
		.num_allow_ur = 1,
		.grant_data_size = sizeof(struct ros_grant),
		.grant_slot = grant_slot,
		.command = ros_command,
		.self = r,
	};
	ros_instance = r;
	sched_before_run = ros_before_run;
	sched_before_run_grant = grant_slot;   /* only processes that allowed a ROS buffer */
}
