/* Minimal printf-style formatting for the kernel: %s %c %d %u %x %%, width, '0', %.*s and the log's one-byte prefixes. */
#include <stdarg.h>
#include <stdint.h>
#include <tick/klog.h>

/* Character i of the output goes to buf[(at + i) & mask] while i < room (a plain buffer has
 * at 0 and mask ~0; the kernel log's ring its head and size - 1); len counts them all. */
struct out {
	char *buf;
	uint32_t at, mask, room, len;
};

static void put(struct out *o, char c)
{
	if (o->len < o->room)
		o->buf[(o->at + o->len) & o->mask] = c;
	o->len++;
}

static void put_num(struct out *o, uint32_t v, unsigned base, int width, char pad, int neg)
{
	char tmp[12];
	int n = 0;
	do {
		unsigned d = v % base;
		tmp[n++] = (char)(d < 10 ? '0' + d : 'a' + d - 10);
		v /= base;
	} while (v);
	if (neg)
		tmp[n++] = '-';
	while (width-- > n)
		put(o, pad);
	while (n)
		put(o, tmp[--n]);
}

static void format(struct out *o, const char *fmt, va_list ap)
{
	/* A message's one-byte prefix (tick/klog.h), checked once: not in the loop over every
	 * character of the boot's log. */
	if (*fmt == *KLOG_KERNEL || *fmt == *KLOG_STORE)
		for (const char *s = *fmt++ == *KLOG_KERNEL ? "[kernel] " : "[store] "; *s; s++)
			put(o, *s);
	for (; *fmt; fmt++) {
		if (*fmt != '%') {
			put(o, *fmt);
			continue;
		}
		fmt++;
		char pad = ' ';
		int width = 0;
		if (*fmt == '0') {
			pad = '0';
			fmt++;
		}
		while (*fmt >= '0' && *fmt <= '9')
			width = width * 10 + (*fmt++ - '0');
		if (*fmt == '.' && fmt[1] == '*') {   /* %.*s: its length comes first */
			width = -1;
			fmt += 2;
		}
		switch (*fmt) {
		case 'd': {
			int32_t v = va_arg(ap, int32_t);
			put_num(o, v < 0 ? (uint32_t)-(int64_t)v : (uint32_t)v, 10, width, pad, v < 0);
			break;
		}
		case 'u':
			put_num(o, va_arg(ap, uint32_t), 10, width, pad, 0);
			break;
		case 'x':
			put_num(o, va_arg(ap, uint32_t), 16, width, pad, 0);
			break;
		case 'c':
			put(o, (char)va_arg(ap, int));
			break;
		case 's': {
			uint32_t max = width < 0 ? (uint32_t)va_arg(ap, int) : UINT32_MAX;
			const char *s = va_arg(ap, const char *);
			uint32_t n = 0;
			if (!s)
				s = "(null)";
			while (n < max && s[n])   /* never reads s[max]: a name in flash has no NUL */
				n++;
			while (width-- > (int)n)
				put(o, ' ');
			for (uint32_t i = 0; i < n; i++)
				put(o, s[i]);
			break;
		}
		case '%':
			put(o, '%');
			break;
		case '\0':
			fmt--;
			break;
		default:
			put(o, '%');
			put(o, *fmt);
		}
	}
}

int kvsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct out o = { buf, 0, UINT32_MAX, size ? (uint32_t)size - 1u : 0, 0 };
	format(&o, fmt, ap);
	if (size)
		buf[o.len < size ? o.len : size - 1] = '\0';
	return (int)o.len;
}

uint32_t kvformat_ring(char *ring, uint32_t mask, uint32_t at, uint32_t room, const char *fmt, va_list ap)
{
	struct out o = { ring, at, mask, room, 0 };
	format(&o, fmt, ap);
	return o.len;
}

int ksnprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = kvsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
