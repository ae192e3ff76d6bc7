/* Read-only state capsule (driver 0x9): per-process counters and time the kernel writes into a
 * userspace-readable buffer each time the kernel loop enters the process. */
#ifndef CAPSULES_ROS_H
#define CAPSULES_ROS_H

#include <tick/abi.h>
#include <tick/driver.h>
#include <tick/sched.h>

#define ROS_DRIVER_NUM TICK_DRIVER_ROS
#define ROS_VERSION 1

struct ros {
	struct driver driver;
};

struct ros_grant {
	uint32_t switches;
};

/* The capsule's parts ros_init names (below): its instance, hook and command. */
extern struct ros *ros_instance;
void ros_before_run(struct process *p);
struct sysret ros_command(void *self, struct process *p, uint32_t cmd, uint32_t arg0, uint32_t arg1);

/* Sets up the capsule and installs it as the kernel's sched_before_run hook (one instance per
 * board). The buffer (userspace-readable allow 0) gets, version 1: u32 switch count, u32
 * pending upcalls, u64 alarm ticks, refreshed when the kernel loop switches to the process;
 * system calls served on the fast path return without refreshing it. */
static inline void ros_init(struct ros *r, uint8_t grant_slot)
{
	/* inline: compiled into the board's cold boot code, not kept in this hot capsule */
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

#endif
