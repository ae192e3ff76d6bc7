/* The driver index, built once at boot from the board's driver table (cold code; the lookups are in driver.c). */
#include <stdbool.h>
#include <tick/config.h>
#include <tick/driver.h>
#include <tick/klog.h>

void driver_index_build(void)
{
	for (unsigned i = 0; i < board_driver_count; i++) {
		const struct driver *d = board_drivers[i];
		/* Upcall and allow slots live in the grant, and a queued upcall names its driver by
		 * grant slot and subscribe number (UPCALL_ID): else a board's mistake. */
		bool slotted = d->grant_slot < CONFIG_GRANT_SLOTS;
		if (d->num_upcalls > 128 ||
		    (!slotted && (d->num_upcalls | d->num_allow_rw | d->num_allow_ro | d->num_allow_ur)))
			kpanic("driver 0x%x: bad upcall/allow slots", d->number);
		if (slotted)
			driver_of_grant_slot[d->grant_slot] = (uint8_t)i;   /* boards have < 256 drivers */
		if (d->number < DRIVER_DIRECT_SLOTS)
			driver_direct[d->number] = d;
	}
}
