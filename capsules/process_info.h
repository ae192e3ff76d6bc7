/* Process info capsule (driver 0x10002): lists processes and lets an app start, stop, fault,
 * terminate or boot others (a testing and tutorial driver, as in Tock). */
#ifndef CAPSULES_PROCESS_INFO_H
#define CAPSULES_PROCESS_INFO_H

#include <stdbool.h>
#include <tick/abi.h>
#include <tick/driver.h>
#include <tick/process.h>

#define PROCESS_INFO_DRIVER_NUM TICK_DRIVER_PROCESS_INFO

/* The actions of command 6, shared with the process console. */
enum process_action {
	PA_START = 1,      /* resume a stopped process */
	PA_STOP = 2,
	PA_FAULT = 3,      /* as if it faulted: the fault policy applies */
	PA_TERMINATE = 4,
	PA_BOOT = 5,       /* start a terminated or faulted process again */
};

struct process_info {
	struct driver driver;
};

/* Sets up the capsule; grant_slot must be unique on the board. */
void process_info_init(struct process_info *pi, uint8_t grant_slot);

/* Applies action to p. Returns false, changing nothing, when the action does not apply to
 * p's state (starting a process that is not stopped, booting one that runs, ...). */
bool process_act(struct process *p, enum process_action action);

/* Tock's state number of a process (from process_get_stats): 0 running, 1 yielded,
 * 2 yielded-for, 3 stopped, 4 faulted, 5 terminated. */
uint32_t process_state_number(const struct process_stats *s);

#endif
