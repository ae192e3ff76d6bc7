/* Kernel log: formatted output that never lands inside a line of an app's console message. */
#ifndef TICK_KLOG_H
#define TICK_KLOG_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Formats like printf (%s %c %d %u %x %%, width, '0' flag, and %.*s: an int length, then
 * a string that needs no NUL within that length, such as a process name in flash; no width
 * with it; no %p and no length modifiers such as %lu: any other conversion is written as it
 * stands and takes no argument) into the kernel log. Integer arguments are read as 32-bit values (no format
 * attribute: uint32_t is "long" on rv32). No caller needs %lu (every value is 32-bit; 64-bit
 * times are printed shifted or divided down), and the few pointers logged (the loader's TBF
 * address, the boards' memory map) cost a cast to uint32_t: a %p was measured: with those
 * lines converted the kernel grew (+54 B on rv32, +52 B on Arm).
 * Output is buffered (4 KiB) and written to the console between app messages. Each call is
 * one message, kept whole or, when the buffer has no room for it, dropped whole; a note
 * "[kernel log: N bytes dropped]" then takes the place of what was lost, on a line of its
 * own. Messages logged inside a process's system call or trap (low-level debug, LED and GPIO
 * changes, exits and restarts) may fill only half of the buffer: the other half is kept for
 * the kernel's own messages (boot and loader decisions, the process console, interrupts and
 * deferred work) and for fault reports, so that no process's flood can drop them. */
void klog(const char *fmt, ...);
void vklog(const char *fmt, va_list ap);

/* One-byte prefixes a format may start with: KLOG_KERNEL "app list ends" prints as "[kernel] app
 * list ends", KLOG_STORE as "[store] " (the kernel's many log lines share one copy of each).
 * Only the first byte is looked at. */
#define KLOG_KERNEL "\001"
#define KLOG_STORE "\002"

/* While on, messages may use the room kept back from processes, wherever they are logged:
 * the fault report (kernel/process.c) turns it on around itself. */
void klog_set_urgent(bool on);

/* Formats into buf (always NUL-terminated when size > 0). Returns the length it wanted. */
int ksnprintf(char *buf, size_t size, const char *fmt, ...);
int kvsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
/* Formats into a ring: character i goes to ring[(at + i) & mask] for i < room, nothing
 * beyond. Returns the length it wanted (the kernel log keeps the message only if <= room). */
uint32_t kvformat_ring(char *ring, uint32_t mask, uint32_t at, uint32_t room, const char *fmt, va_list ap);

/* Writes what the log holds, then the message, synchronously, and stops the machine. */
void kpanic(const char *fmt, ...) __attribute__((noreturn));

/* Draining the log, for whoever owns the console UART (capsules/uart_mux.c) and for a board
 * that must flush it itself (before a reset). Until a notify function is set, the log is
 * written synchronously through board_console_putc_blocking (tick/board.h). */

/* fn runs after every write to the log (the UART mux then asks for the UART). */
void klog_set_notify(void (*fn)(void));
/* Bytes waiting in the log (a note about bytes dropped after the last message kept counts:
 * it is written now). */
uint32_t klog_pending(void);
/* Moves up to max waiting bytes into buf, oldest first; returns how many. */
uint32_t klog_take(uint8_t *buf, uint32_t max);

#endif
