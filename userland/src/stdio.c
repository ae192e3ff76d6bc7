/* libc glue: picolibc stdin/stdout/stderr on the Tick console; stdout is line-buffered. */
#include <stdint.h>
#include <stdio.h>
#include <tick/console.h>
#include <tick/upcall.h>

#ifndef TICK_STDOUT_BUFFER
#define TICK_STDOUT_BUFFER 80
#endif

static char out_buf[TICK_STDOUT_BUFFER];
static uint8_t out_len;

/* Writes the buffered line. Inside an upcall (blocking refused) the text stays buffered and
 * goes out after the upcall returns (tick_yield/tick_poll call tick__stdio_flush_hook). */
static int flush_out(void) {
  if (out_len == 0) return 0;
  if (tick_in_upcall()) return EOF;
  int n = tick_console_write(out_buf, out_len);
  out_len = 0;
  return n < 0 ? EOF : 0;
}

void tick__stdio_flush_hook(void) { flush_out(); }

static int put_out(char c, FILE *stream) {
  (void)stream;
  if (out_len == sizeof out_buf && flush_out() != 0) return EOF; /* full inside an upcall */
  out_buf[out_len++] = c;
  if (c == '\n') flush_out();
  return (unsigned char)c;
}

static int flush_stream(FILE *stream) {
  (void)stream;
  return flush_out();
}

/* Reads one byte, blocking; output waiting in the line buffer goes out first (prompts). */
static int get_in(FILE *stream) {
  (void)stream;
  flush_out();
  unsigned char c;
  int n = tick_console_read(&c, 1);
  return n == 1 ? c : _FDEV_ERR;
}

static FILE tick_stdout = FDEV_SETUP_STREAM(put_out, NULL, flush_stream, _FDEV_SETUP_WRITE);
static FILE tick_stdin = FDEV_SETUP_STREAM(NULL, get_in, NULL, _FDEV_SETUP_READ);

FILE *const stdout = &tick_stdout;
FILE *const stderr = &tick_stdout;
FILE *const stdin = &tick_stdin;
