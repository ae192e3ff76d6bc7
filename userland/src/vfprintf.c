/* libc glue: replaces picolibc's vfprintf (--defsym=vfprintf=tick_vfprintf or _min). */
#include <stdarg.h>
#include <stdio.h>

#include "format.h"

int tick_vfprintf(FILE *stream, const char *fmt, va_list ap);
int tick_vfprintf_min(FILE *stream, const char *fmt, va_list ap);

static int put_file(char c, void *ctx) {
  FILE *stream = ctx;
  return stream->put(c, stream);
}

/* Formats into `stream` (any picolibc tinystdio FILE, including sprintf's string FILEs).
 * Returns the characters written or EOF, setting the stream's error flag. */
int tick_vfprintf(FILE *stream, const char *fmt, va_list ap) {
  if (!(stream->flags & __SWR)) return EOF;
  int n = tick_format(put_file, stream, fmt, ap);
  if (n < 0) stream->flags |= __SERR;
  return n;
}

/* The same with the minimal formatter (APP_PRINTF := minimal). */
int tick_vfprintf_min(FILE *stream, const char *fmt, va_list ap) {
  if (!(stream->flags & __SWR)) return EOF;
  int n = tick_format_min(put_file, stream, fmt, ap);
  if (n < 0) stream->flags |= __SERR;
  return n;
}
