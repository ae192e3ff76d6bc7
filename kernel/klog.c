/* Kernel log: a ring of whole messages drained to the console by whoever owns the UART (see capsules/uart_mux.c). */
#include <stdint.h>
#include <tick/board.h>
#include <tick/klog.h>
#include "internal/process.h"

#define KLOG_SIZE 4096u           /* a power of two */
#define KLOG_MASK (KLOG_SIZE - 1u)
/* Room a process's messages (logged in its system calls: low-level debug, LEDs, GPIO,
 * restarts) leave to the kernel's own and to fault reports: two reports of about 1 KiB. */
#define KLOG_RESERVE 2048u

/* One object, so that each function reaches all of it from one address. */
static struct kernel_log {
	uint32_t head, tail;          /* free-running; bytes in ring = head - tail */
	uint32_t dropped;             /* bytes of whole messages dropped since the last note */
	void (*notify)(void);         /* NULL: write synchronously (early boot) */
	bool urgent;                  /* klog_set_urgent */
	char ring[KLOG_SIZE];
} kl;

void klog_set_notify(void (*fn)(void))
{
	kl.notify = fn;
}

void klog_set_urgent(bool on)
{
	kl.urgent = on;
}

/* Formats at head + at, keeping nothing beyond room bytes; returns the length it wanted. */
static uint32_t format(uint32_t at, uint32_t room, const char *fmt, va_list ap)
{
	return kvformat_ring(kl.ring, KLOG_MASK, kl.head + at, room, fmt, ap);
}

/* Writes the note about the dropped bytes at head, on a line of its own (it starts a new
 * one); returns its length, 0 if nothing was dropped. Kept only when it is <= room; the
 * caller clears dropped once it keeps it. Called as note(room, kl.dropped): the count is its
 * variadic argument, so that format() gets it in a va_list. */
static uint32_t note(uint32_t room, ...)
{
	va_list ap;
	va_start(ap, room);
	uint32_t n = kl.dropped ? format(0, room, "\n[kernel log: %u bytes dropped]\n", ap) : 0;
	va_end(ap);
	return n;
}

/* A message is kept whole or dropped whole, so the log never shows half a message; the note
 * about what was dropped goes just before the next message kept, where the bytes are
 * missing. */
void vklog(const char *fmt, va_list ap)
{
	uint32_t room = KLOG_SIZE - (kl.head - kl.tail);
	if (current_process && !kl.urgent)
		room = room > KLOG_RESERVE ? room - KLOG_RESERVE : 0;
	uint32_t n = note(room, kl.dropped);
	uint32_t m = format(n, n < room ? room - n : 0, fmt, ap);
	if (n + m <= room) {
		kl.head += n + m;
		kl.dropped = 0;
	} else {
		kl.dropped += m;
	}
	if (kl.notify) {
		kl.notify();
		return;
	}
	while (kl.tail != kl.head)
		board_console_putc_blocking(kl.ring[kl.tail++ & KLOG_MASK]);
}

void klog(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vklog(fmt, ap);
	va_end(ap);
}

uint32_t klog_pending(void)
{
	if (kl.tail == kl.head) {   /* nothing was kept after a loss: the note goes here */
		kl.head += note(KLOG_SIZE, kl.dropped);
		kl.dropped = 0;
	}
	return kl.head - kl.tail;
}

uint32_t klog_take(uint8_t *buf, uint32_t max)
{
	uint32_t n = 0;
	klog_pending();
	while (n < max && kl.tail != kl.head)
		buf[n++] = (uint8_t)kl.ring[kl.tail++ & KLOG_MASK];
	return n;
}

void kpanic(const char *fmt, ...)
{
	va_list ap;
	kl.notify = NULL;   /* from here on every message is written at once, after what is buffered */
	klog("\nKERNEL PANIC: ");
	va_start(ap, fmt);
	vklog(fmt, ap);
	va_end(ap);
	klog("\n");
	board_halt(3);
}
