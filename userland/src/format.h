/* Internal: the printf formatter shared by the picolibc vfprintf replacement and host tests. */
#ifndef TICK_FORMAT_H
#define TICK_FORMAT_H

#include <stdarg.h>

/* Emits one character; returns a negative value on error. */
typedef int tick_put_fn(char c, void *ctx);

/* Formats `fmt` with `ap` through `put`. Supports flags "-0+ #", width and precision (numbers
 * or '*'), lengths hh h l ll z j t, and conversions d i u o x X c s p %. No floating point.
 * Returns the number of characters emitted, or -1 if `put` failed. */
int tick_format(tick_put_fn *put, void *ctx, const char *fmt, va_list ap);

/* The same for the minimal subset: %d %i %u %x %X %p %s %c %%; length letters that keep the
 * argument 32-bit on rv32 (l z t h) are skipped; no flags, width, precision or 64-bit values. */
int tick_format_min(tick_put_fn *put, void *ctx, const char *fmt, va_list ap);

#endif /* TICK_FORMAT_H */
