/* Upcalls: the bounded per-process queue of events waiting to reach userspace. */
#ifndef TICK_UPCALL_H
#define TICK_UPCALL_H

#include <stdbool.h>
#include <stdint.h>
#include <tick/process.h>

struct driver;

/* One queued event. fn == 0 marks a null-upcall record, kept only for Yield-WaitFor/WaitAny. */
struct upcall_entry {
	uint32_t driver;
	uint32_t subscribe;
	uint32_t fn;
	uint32_t appdata;
	uint32_t arg[3];
};

/* The kernel-owned area at the very top of each process's RAM block. */
struct process_kernel_area {
	struct upcall_entry queue[CONFIG_UPCALL_QUEUE_LEN];
	uint8_t count;
	uint8_t latched;   /* upcall slots holding a latched record (0: skip looking) */
	uint8_t pad[2];
	uint32_t grant[CONFIG_GRANT_SLOTS];   /* address of each driver's grant, 0 = none */
};

static inline struct process_kernel_area *process_kernel_area(const struct process *p)
{
	return (struct process_kernel_area *)(uintptr_t)(p->mem_end - sizeof(struct process_kernel_area));
}

/* Reports an event of drv's subscribe number n to process p with three arguments.
 * If p waits for exactly this event the wait ends at once; otherwise the event is queued
 * (as a function call if subscribed, else as a null-upcall record). Returns false if it was
 * dropped because the queue is full (function calls only; records are latched, see abi.md). */
bool upcall_schedule(struct process *p, const struct driver *drv, unsigned n,
		     uint32_t a0, uint32_t a1, uint32_t a2);

/* Same, addressed by process id; returns false if the process is gone. */
bool upcall_schedule_id(process_id_t id, const struct driver *drv, unsigned n,
			uint32_t a0, uint32_t a1, uint32_t a2);

/* Index of the first queued function-call entry, or -1. */
int upcall_first_callable(const struct process *p);
/* Index of the first entry (call or record) whose id is (driver, subscribe), or -1. */
int upcall_find(const struct process *p, uint32_t driver, uint32_t subscribe);
/* Removes entry i, copying it to *out when out is not NULL. */
void upcall_remove(struct process *p, int i, struct upcall_entry *out);
/* Drops queued function-call entries of (driver, subscribe) (after a re-subscribe). */
void upcall_drop_calls(struct process *p, uint32_t driver, uint32_t subscribe);

/* Tries to end p's Yield-WaitFor/WaitAny with a queued event; true if it did. */
bool upcall_try_complete_wait(struct process *p);

#endif
