/* Read-only state capsule (driver 0x9): per-process counters and time the kernel writes into a
 * userspace-readable buffer each time the kernel loop enters the process. */
#ifndef CAPSULES_ROS_H
#define CAPSULES_ROS_H

#include <tick/abi.h>
#include <tick/driver.h>

#define ROS_DRIVER_NUM TICK_DRIVER_ROS
#define ROS_VERSION 1

struct ros {
	struct driver driver;
};

/* Sets up the capsule and installs it as the kernel's sched_before_run hook (one instance per
 * board). The buffer (userspace-readable allow 0) gets, version 1: u32 switch count, u32
 * pending upcalls, u64 alarm ticks, refreshed when the kernel loop switches to the process;
 * system calls served on the fast path return without refreshing it. Cold boot code
 * (capsules/ros_init.c). */
void ros_init(struct ros *r, uint8_t grant_slot);

#endif
