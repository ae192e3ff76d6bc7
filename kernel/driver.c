/* Driver lookup by Tock driver number: a direct table for small numbers, a scan for the rest. */
#include <stddef.h>
#include <tick/driver.h>
#include <tick/config.h>
#include <tick/klog.h>

const struct driver *driver_direct[DRIVER_DIRECT_SLOTS];
uint8_t driver_of_grant_slot[CONFIG_GRANT_SLOTS];

void driver_index_build(void)
{
	for (unsigned i = 0; i < board_driver_count; i++) {
		const struct driver *d = board_drivers[i];
		/* What a queued upcall can name (UPCALL_ID: its grant slot and subscribe number):
		 * a board's mistake. (driver_of_grant_slot holds a byte: boards have fewer than 256
		 * drivers.) */
		if (d->num_upcalls > 128 || (d->num_upcalls && d->grant_slot >= CONFIG_GRANT_SLOTS))
			kpanic("driver 0x%x: upcalls it cannot queue", d->number);
		if (d->number < DRIVER_DIRECT_SLOTS)
			driver_direct[d->number] = d;
		if (d->grant_slot < CONFIG_GRANT_SLOTS)
			driver_of_grant_slot[d->grant_slot] = (uint8_t)i;
	}
}

const struct driver *driver_find_slow(uint32_t number)
{
	for (unsigned i = 0; i < board_driver_count; i++)
		if (board_drivers[i]->number == number)
			return board_drivers[i];
	return NULL;
}
