/* Driver lookup by Tock driver number: a direct table for small numbers, a scan for the rest. */
#include <stddef.h>
#include <tick/driver.h>

const struct driver *driver_direct[DRIVER_DIRECT_SLOTS];

void driver_index_build(void)
{
	for (unsigned i = 0; i < board_driver_count; i++)
		if (board_drivers[i]->number < DRIVER_DIRECT_SLOTS)
			driver_direct[board_drivers[i]->number] = board_drivers[i];
}

const struct driver *driver_find_slow(uint32_t number)
{
	for (unsigned i = 0; i < board_driver_count; i++)
		if (board_drivers[i]->number == number)
			return board_drivers[i];
	return NULL;
}
