/* A minimal printf formatter for the smallest apps: %d %i %u %x %X %p %s %c %% only. */
#include <stdbool.h>
#include <stdint.h>

#include "format.h"

int tick_format_min(tick_put_fn *put, void *ctx, const char *fmt, va_list ap_in) {
  int count = 0;
  va_list ap;
  va_copy(ap, ap_in);
  for (; *fmt; fmt++) {
    char c = *fmt, buf[12];
    const char *s = &c;
    int n = 1;
    if (c == '%') {
      do c = *++fmt;
      while (c == 'l' || c == 'z' || c == 't' || c == 'h');
      if (!c) break;
      uint32_t v, base = 10;
      bool negative = false;
      char *p = buf + sizeof buf;
      switch (c) {
      case 'd':
      case 'i': {
        int x = va_arg(ap, int);
        negative = x < 0;
        v = negative ? 0u - (uint32_t)x : (uint32_t)x;
        goto number;
      }
      case 'x':
      case 'X':
      case 'p':
        base = 16;
        /* fall through */
      case 'u':
        v = c == 'p' ? (uint32_t)(uintptr_t)va_arg(ap, void *) : va_arg(ap, uint32_t);
      number:
        do {
          uint32_t d = v % base;
          *--p = (char)(d < 10 ? '0' + d : (c == 'X' ? 'A' : 'a') + d - 10);
          v /= base;
        } while (v);
        if (c == 'p') {
          *--p = 'x';
          *--p = '0';
        }
        if (negative) *--p = '-';
        s = p;
        n = (int)(buf + sizeof buf - p);
        break;
      case 's':
        s = va_arg(ap, const char *);
        for (n = 0; s[n]; n++) {}
        break;
      case 'c':
        c = (char)va_arg(ap, int);
        break;
      }
    }
    for (; n > 0; n--, s++, count++) {
      if (put(*s, ctx) < 0) {
        count = -1;
        goto out;
      }
    }
  }
out:
  va_end(ap);
  return count;
}
