/* Debug library (TICK_DEBUG) internals shared by layers 1 to 3: raw console reports. */
#ifndef TICK_DEBUG_REPORT_H
#define TICK_DEBUG_REPORT_H

#include <stddef.h>
#include <stdint.h>
#include <tick/syscall.h>

/* Writes text[0..len) to the console with raw system calls and waits for that write only;
 * dropped if the console is busy with another write of this process. */
void tick__debug_write(const char *text, size_t len);

/* Writes v in hexadecimal at p, without leading zeros (at most 2 * sizeof v digits, no "0x",
 * no NUL); returns the end. The reports' one hex writer (layers 2 and 3). */
char *tick__debug_hex(char *p, uintptr_t v);

#endif /* TICK_DEBUG_REPORT_H */
