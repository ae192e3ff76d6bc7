/* Kernel log: formatted output that never interleaves with an app's console message. */
#ifndef TICK_KLOG_H
#define TICK_KLOG_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

/* Formats like printf (%s %c %d %u %x %p %%, width, '0' flag, and %.*s: an int length, then
 * a string that needs no NUL within that length, such as a process name in flash) into the
 * kernel log. Integer arguments are read as 32-bit values (no format attribute: uint32_t is
 * "long" on rv32).
 * Output is buffered and written to the console between app messages; if the buffer
 * overflows the excess is dropped and counted. */
void klog(const char *fmt, ...);
void vklog(const char *fmt, va_list ap);

/* Formats into buf (always NUL-terminated when size > 0). Returns the length it wanted. */
int ksnprintf(char *buf, size_t size, const char *fmt, ...);
int kvsnprintf(char *buf, size_t size, const char *fmt, va_list ap);

/* Prints the message synchronously, bypassing the buffer, then stops the machine. */
void kpanic(const char *fmt, ...) __attribute__((noreturn));

/* Draining the log, for whoever owns the console UART (capsules/uart_mux.c) and for a board
 * that must flush it itself (before a reset). Until a notify function is set, the log is
 * written synchronously through board_console_putc_blocking (tick/board.h). */

/* fn runs after every write to the log (the UART mux then asks for the UART). */
void klog_set_notify(void (*fn)(void));
/* Bytes waiting in the log. */
uint32_t klog_pending(void);
/* Moves up to max waiting bytes into buf, oldest first, after a note of how many bytes were
 * dropped since the last call if the buffer overflowed; returns the bytes written to buf. */
uint32_t klog_take(uint8_t *buf, uint32_t max);

#endif
