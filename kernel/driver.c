/* Driver lookup by Tock driver number over the board's table. */
#include <stddef.h>
#include <tick/driver.h>

const struct driver *driver_find(uint32_t number)
{
	for (unsigned i = 0; i < board_driver_count; i++)
		if (board_drivers[i]->number == number)
			return board_drivers[i];
	return NULL;
}
