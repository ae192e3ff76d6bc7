/* Debug library (TICK_DEBUG) internals shared by layers 1 and 2: raw console reports. */
#ifndef TICK_DEBUG_REPORT_H
#define TICK_DEBUG_REPORT_H

#include <stddef.h>
#include <tick/syscall.h>

/* Writes text[0..len) to the console with raw system calls and waits for that write only;
 * dropped if the console is busy with another write of this process. */
void tick__debug_write(const char *text, size_t len);

#endif /* TICK_DEBUG_REPORT_H */
