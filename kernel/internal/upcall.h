/* The upcall queue operations the kernel itself uses (capsules use tick/upcall.h). */
#ifndef TICK_INTERNAL_UPCALL_H
#define TICK_INTERNAL_UPCALL_H

#include <stdbool.h>
#include <stdint.h>
#include <tick/driver.h>
#include <tick/upcall.h>
#include "kernel_area.h"

/* Index of the first queued function-call entry, or -1. */
int upcall_first_callable(const struct process *p);
/* Index of the first entry (call or record) of (drv, subscribe), or -1. */
int upcall_find(const struct process *p, const struct driver *drv, uint32_t subscribe);
/* The number of the driver a queued upcall id names (by its grant slot). */
static inline uint32_t upcall_driver_number(uint16_t id)
{
	return board_drivers[driver_of_grant_slot[upcall_id_slot(id)]]->number;
}
/* Removes entry i. */
void upcall_remove(struct process *p, int i);
/* Makes p, stopped in a yield, run the function-call upcall at queue index i, and removes it
 * from the queue. */
void upcall_deliver(struct process *p, int i);
/* Drops queued function-call entries of (drv, subscribe) (after a re-subscribe). */
void upcall_drop_calls(struct process *p, const struct driver *drv, uint32_t subscribe);

/* Ends the wait of p with event index i and its arguments; returns true. Out of line (a tail
 * call), so that queuing an event stays a leaf function without register saves. */
bool upcall_complete_wait(struct process *p, int i, uint32_t a0, uint32_t a1, uint32_t a2);

/* upcall_schedule of null-upcall record (drv, n) when p's queue is full or p holds latched
 * records (kernel/upcall_latch.c, cold): latches it (the newest wins) when the queue is full or
 * its id's latch holds one, else queues it. False (counted as dropped) if there is no such
 * upcall or no grant memory for a latch. */
bool upcall_record_slow(struct process *p, const struct driver *drv, unsigned n,
			uint32_t a0, uint32_t a1, uint32_t a2);
/* Ends p's Yield-WaitFor/WaitAny with a latched record (the first in wait-list order); true if
 * there was one. */
bool upcall_take_latched(struct process *p);

/* True if the latch of (drv, n) holds a null-upcall record that found p's queue full (a new
 * record of that id would replace it instead of being queued). Only a byte test unless p holds
 * a latched record: then latch_held (cold) walks grant memory. */
bool upcall_latch_held_slow(struct process *p, const struct driver *drv, unsigned n);
static inline __attribute__((always_inline)) bool upcall_latch_held(struct process *p, const struct driver *drv,
								    unsigned n)
{
	return p->upcall_latched && upcall_latch_held_slow(p, drv, n);
}

/* Tries to end p's Yield-WaitFor/WaitAny with a queued event; true if it did. */
bool upcall_try_complete_wait(struct process *p);

#endif
