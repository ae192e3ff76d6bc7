/* Kernel log: a ring buffer drained to the console by whoever owns the UART (see capsules/uart_mux.c). */
#include <stdint.h>
#include <tick/board.h>
#include <tick/klog.h>

#define KLOG_SIZE 4096u

static char ring[KLOG_SIZE];
static uint32_t head, tail;       /* free-running; bytes in ring = head - tail */
static uint32_t dropped;
static void (*notify)(void);       /* NULL: write synchronously (early boot) */

void klog_set_notify(void (*fn)(void))
{
	notify = fn;
}

static void emit(const char *s, int n)
{
	if (!notify) {
		for (int i = 0; i < n; i++)
			board_console_putc_blocking(s[i]);
		return;
	}
	for (int i = 0; i < n; i++) {
		if (head - tail >= KLOG_SIZE) {
			dropped += (uint32_t)(n - i);
			break;
		}
		ring[head++ % KLOG_SIZE] = s[i];
	}
	notify();
}

void vklog(const char *fmt, va_list ap)
{
	char line[160];
	int n = kvsnprintf(line, sizeof line, fmt, ap);
	if (n >= (int)sizeof line)
		n = sizeof line - 1;
	emit(line, n);
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
	return head - tail;
}

uint32_t klog_take(uint8_t *buf, uint32_t max)
{
	uint32_t n = 0;
	if (dropped && max > 40) {
		n = (uint32_t)ksnprintf((char *)buf, max, "\n[kernel log: %u bytes dropped]\n", dropped);
		dropped = 0;
	}
	while (n < max && tail != head)
		buf[n++] = (uint8_t)ring[tail++ % KLOG_SIZE];
	return n;
}

void kpanic(const char *fmt, ...)
{
	char line[200];
	va_list ap;
	/* Flush what is buffered so the panic follows the log in order. */
	while (tail != head)
		board_console_putc_blocking(ring[tail++ % KLOG_SIZE]);
	va_start(ap, fmt);
	int n = kvsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	const char *pre = "\nKERNEL PANIC: ";
	while (*pre)
		board_console_putc_blocking(*pre++);
	for (int i = 0; i < n && i < (int)sizeof line - 1; i++)
		board_console_putc_blocking(line[i]);
	board_console_putc_blocking('\n');
	board_halt(3);
}
