/* Process info capsule (driver 0x10002): lists processes and lets the apps a board names
 * start, stop, fault, terminate or boot others (a testing and tutorial driver, as in Tock). */
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
	const char *const *controllers;
};

/* Sets up the capsule; grant_slot must be unique on the board. controllers: the package
 * names of the apps that may act on other processes (command 6), NULL-terminated; NULL or
 * an empty list: none may. Every other caller gets NODEVICE for command 6, and the kernel
 * log says which app was refused what. Reading ids, names and counters is open to all. */
void process_info_init(struct process_info *pi, uint8_t grant_slot, const char *const *controllers);

/* Applies action to p. Returns false, changing nothing, when the action does not apply to
 * p's state (starting a process that is not stopped, booting one that runs, ...). */
bool process_act(struct process *p, enum process_action action);

/* Tock's state number of a process (from process_get_stats): 0 running, 1 yielded,
 * 2 yielded-for, 3 stopped, 4 faulted, 5 terminated. */
uint32_t process_state_number(const struct process_stats *s);

#endif
