/* Driver lookup by Tock driver number: a direct table for small numbers, a scan for the rest. */
#include <stddef.h>
#include <tick/driver.h>
#include <tick/klog.h>

const struct driver *driver_direct[DRIVER_DIRECT_SLOTS];

void driver_index_build(void)
{
	for (unsigned i = 0; i < board_driver_count; i++) {
		const struct driver *d = board_drivers[i];
		/* What a queued upcall can name (struct upcall_entry): a board's mistake. */
		if (d->number >= 1u << 24 || d->num_upcalls > 128)
			kpanic("driver 0x%x: number or upcalls too large", d->number);
		if (d->number < DRIVER_DIRECT_SLOTS)
			driver_direct[d->number] = d;
	}
}

const struct driver *driver_find_slow(uint32_t number)
{
	for (unsigned i = 0; i < board_driver_count; i++)
		if (board_drivers[i]->number == number)
			return board_drivers[i];
	return NULL;
}
