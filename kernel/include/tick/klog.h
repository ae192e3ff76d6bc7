/* Kernel log: formatted output that never interleaves with an app's console message. */
#ifndef TICK_KLOG_H
#define TICK_KLOG_H

#include <stdarg.h>
#include <stddef.h>

/* Formats like printf (%s %c %d %u %x %p %%, width, '0' flag) into the kernel log. Integer
 * arguments are read as 32-bit values (no format attribute: uint32_t is "long" on rv32).
 * Output is buffered and written to the console between app messages; if the buffer
 * overflows the excess is dropped and counted. */
void klog(const char *fmt, ...);
void vklog(const char *fmt, va_list ap);

/* Formats into buf (always NUL-terminated when size > 0). Returns the length it wanted. */
int ksnprintf(char *buf, size_t size, const char *fmt, ...);
int kvsnprintf(char *buf, size_t size, const char *fmt, va_list ap);

/* Prints the message synchronously, bypassing the buffer, then stops the machine. */
void kpanic(const char *fmt, ...) __attribute__((noreturn));

/* Sink the board provides: raw, blocking, used by kpanic and to drain the log. */
void board_console_putc_blocking(char c);

#endif
