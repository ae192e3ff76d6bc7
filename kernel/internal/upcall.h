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

/* Tries to end p's Yield-WaitFor/WaitAny with a queued event; true if it did. */
bool upcall_try_complete_wait(struct process *p);

#endif
