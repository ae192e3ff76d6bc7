/* container_of: from a pointer to a member back to the struct that embeds it. */
#ifndef TICK_CONTAINER_OF_H
#define TICK_CONTAINER_OF_H

#include <stddef.h>

/* The type that embeds member at ptr. Callbacks get a pointer to the struct they were
 * registered with (a HIL client, a deferred call, a virtual alarm) and recover their owner
 * this way, with no allocation and no void * context. */
#define container_of(ptr, type, member) ((type *)(void *)((char *)(ptr) - offsetof(type, member)))

#endif
