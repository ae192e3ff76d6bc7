/* A small printf formatter: integers, characters, strings and pointers, no floating point. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "format.h"

enum { LEFT = 1, ZERO = 2, PLUS = 4, SPACE = 8, ALT = 16, UPPER = 32 };

struct out {
  tick_put_fn *put;
  void *ctx;
  int count; /* -1 once put failed */
};

static void emit(struct out *o, const char *s, int n, char fill) {
  for (; n > 0; n--) {
    if (o->count < 0) return;
    if (o->put(s ? *s++ : fill, o->ctx) < 0) o->count = -1;
    else o->count++;
  }
}

/* Divides *v by base (2..16) using only 32-bit divisions; returns the remainder. */
static unsigned divide(uint64_t *v, unsigned base) {
  uint32_t hi = (uint32_t)(*v >> 32), lo = (uint32_t)*v;
  uint32_t q_hi = hi / base, r = hi % base;
  uint32_t mid = (r << 16) | (lo >> 16); /* r < 16: fits */
  uint32_t q_mid = mid / base;
  uint32_t low = ((mid % base) << 16) | (lo & 0xFFFF);
  *v = ((uint64_t)q_hi << 32) | (q_mid << 16) | (low / base);
  return low % base;
}

/* Reads a decimal number or '*' at *fmt; advances *fmt. */
static int read_count(const char **fmt, va_list *ap) {
  int n = 0;
  if (**fmt == '*') {
    (*fmt)++;
    return va_arg(*ap, int);
  }
  while (**fmt >= '0' && **fmt <= '9') n = n * 10 + (*(*fmt)++ - '0');
  return n;
}

int tick_format(tick_put_fn *put, void *ctx, const char *fmt, va_list ap_in) {
  struct out o = {put, ctx, 0};
  va_list ap;
  va_copy(ap, ap_in);
  for (; *fmt; fmt++) {
    if (*fmt != '%') {
      emit(&o, fmt, 1, 0);
      continue;
    }
    int flags = 0;
    const char *f;
    for (fmt++; *fmt; fmt++) {
      static const char flag_chars[] = "-0+ #";
      for (f = flag_chars; *f && *f != *fmt; f++) {}
      if (!*f) break;
      flags |= 1 << (f - flag_chars);
    }
    int width = read_count(&fmt, &ap);
    if (width < 0) {
      flags |= LEFT;
      width = -width;
    }
    int prec = -1;
    if (*fmt == '.') {
      fmt++;
      prec = read_count(&fmt, &ap);
    }
    /* Argument size in bytes: 1 hh, 2 h, else the size of the named type. */
    int size = sizeof(int);
    for (;; fmt++) {
      if (*fmt == 'h') size = size == 2 ? 1 : 2;
      else if (*fmt == 'l') size = fmt[1] == 'l' ? (fmt++, sizeof(long long)) : sizeof(long);
      else if (*fmt == 'z') size = sizeof(size_t);
      else if (*fmt == 'j') size = sizeof(intmax_t);
      else if (*fmt == 't') size = sizeof(ptrdiff_t);
      else break;
    }
    char c = *fmt;
    if (!c) break;
    char buf[24];
    char *body = buf + sizeof buf;
    int n, zeros = 0;
    char prefix[2];
    int np = 0;
    unsigned base = 10;
    uint64_t v;
    switch (c) {
    case 's':
      body = va_arg(ap, char *);
      if (!body) body = "(null)";
      for (n = 0; (prec < 0 || n < prec) && body[n]; n++) {}
      flags &= ~ZERO;
      break;
    case 'd':
    case 'i': {
      int64_t s = size == 8 ? va_arg(ap, long long) : va_arg(ap, int);
      if (size == 1) s = (signed char)s;
      else if (size == 2) s = (short)s;
      v = s < 0 ? 0 - (uint64_t)s : (uint64_t)s;
      if (s < 0) prefix[np++] = '-';
      else if (flags & PLUS) prefix[np++] = '+';
      else if (flags & SPACE) prefix[np++] = ' ';
      goto number;
    }
    case 'p':
      v = (uintptr_t)va_arg(ap, void *);
      flags |= ALT;
      base = 16;
      goto number;
    case 'X':
      flags |= UPPER;
      /* fall through */
    case 'x':
      base = 16;
      goto unsigned_number;
    case 'o':
      base = 8;
      /* fall through */
    case 'u':
    unsigned_number:
      v = size == 8 ? va_arg(ap, unsigned long long) : va_arg(ap, unsigned int);
      if (size < 4) v &= (1u << (8 * size)) - 1;
    number:
      if ((flags & ALT) && base == 16 && v != 0) {
        prefix[np++] = '0';
        prefix[np++] = (flags & UPPER) ? 'X' : 'x';
      }
      while (v != 0) {
        unsigned d = divide(&v, base);
        *--body = (char)(d < 10 ? '0' + d : ((flags & UPPER) ? 'A' : 'a') + d - 10);
      }
      n = (int)(buf + sizeof buf - body);
      if (prec >= 0) flags &= ~ZERO;
      else prec = 1;
      zeros = prec > n ? prec - n : 0;
      if ((flags & ALT) && base == 8 && zeros == 0 && (n == 0 || *body != '0')) zeros = 1;
      break;
    case 'c':
      c = (char)va_arg(ap, int);
      /* "%%" and unknown conversions print the character itself */
      /* fall through */
    default:
      *--body = c;
      n = 1;
      flags &= ~ZERO;
      break;
    }
    int pad = width - np - zeros - n;
    if (pad < 0) pad = 0;
    if (flags & ZERO) {
      zeros += pad;
      pad = 0;
    }
    if (!(flags & LEFT)) emit(&o, NULL, pad, ' ');
    emit(&o, prefix, np, 0);
    emit(&o, NULL, zeros, '0');
    emit(&o, body, n, 0);
    if (flags & LEFT) emit(&o, NULL, pad, ' ');
  }
  va_end(ap);
  return o.count;
}
