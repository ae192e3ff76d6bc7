/* Driver lookup by Tock driver number: a direct table for small numbers, a scan for the rest (the table is built at boot by driver_index.c, cold code). */
#include <stddef.h>
#include <tick/driver.h>
#include <tick/config.h>

const struct driver *driver_direct[DRIVER_DIRECT_SLOTS];
uint8_t driver_of_grant_slot[CONFIG_GRANT_SLOTS];

const struct driver *driver_find_slow(uint32_t number)
{
	for (unsigned i = 0; i < board_driver_count; i++)
		if (board_drivers[i]->number == number)
			return board_drivers[i];
	return NULL;
}
