/* Read-only state capsule internals: private to the capsule (ros.c) and its set-up (ros_init.c). */
#ifndef CAPSULES_ROS_PRIVATE_H
#define CAPSULES_ROS_PRIVATE_H

#include <capsules/ros.h>

struct ros_grant {
	uint32_t switches;
};

/* The board's one instance (set by ros_init), the scheduler hook that fills the buffer, and
 * the driver's commands. */
extern struct ros *ros_instance;
void ros_before_run(struct process *p);
struct sysret ros_command(void *self, struct process *p, uint32_t cmd, uint32_t arg0, uint32_t arg1);

#endif
