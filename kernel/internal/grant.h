/* Grant lookups that never allocate, inline for the kernel's event path (kernel/grant.c has the rest). */
#ifndef TICK_INTERNAL_GRANT_H
#define TICK_INTERNAL_GRANT_H

#include <tick/grant.h>
#include "kernel_area.h"

/* Where p's grant of drv starts (its upcall slots, then allow slots, then capsule data), or
 * NULL if p never used drv or drv has no grant slot. */
static inline __attribute__((always_inline)) uint8_t *grant_base(const struct process *p,
								 const struct driver *drv)
{
	if (drv->grant_slot >= CONFIG_GRANT_SLOTS)
		return (uint8_t *)0;
	return kernel_area_grant(p, drv->grant_slot);
}

/* grant_base for a driver known to have a grant slot: one with an upcall or allow slot
 * (kernel/driver.c checks the board's drivers at boot). */
static inline __attribute__((always_inline)) uint8_t *grant_base_slotted(const struct process *p,
									 const struct driver *drv)
{
	return kernel_area_grant(p, drv->grant_slot);
}

/* Upcall slot n of p's grant of drv, or NULL (n out of range, or no grant yet). */
static inline __attribute__((always_inline)) struct upcall_slot *grant_upcall_slot(
	const struct process *p, const struct driver *drv, unsigned n)
{
	uint8_t *b = n < drv->num_upcalls ? grant_base_slotted(p, drv) : (uint8_t *)0;
	return b ? (struct upcall_slot *)b + n : (struct upcall_slot *)0;
}

/* size bytes (a multiple of 8) carved below p's kernel break, zeroed; NULL if there is no
 * room (the process's break, or 64 KiB below mem_end). For grants and upcall latches. */
uint8_t *grant_carve(struct process *p, uint32_t size);

#endif
