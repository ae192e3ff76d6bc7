/* libc glue for position-independent ARM apps: the picolibc functions that touch global data, redone in PIC code. */
/*
 * Debian's picolibc for Arm is not built position independent: a library function that
 * reaches a global (stdout, the heap's free list) does so through an absolute address in
 * flash, which is wrong once the app runs where the kernel placed it. The app link checks for
 * such references (scripts/check-pic.sh); these replacements, compiled with the app's PIC
 * flags, keep picolibc's members that use globals out of the link. What picolibc still
 * provides (mem*, str*, fflush through a FILE the caller passes) uses no globals.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <tick/syscall.h>

#include "../format.h"

#undef putchar   /* a macro in picolibc's stdio.h; the function is defined here */

int tick_vfprintf(FILE *stream, const char *fmt, va_list ap);
void *tick_sbrk_libc(intptr_t incr);

/* ---- stdio on stdout ------------------------------------------------------------------- */

int vprintf(const char *fmt, va_list ap) { return vfprintf(stdout, fmt, ap); }

int printf(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vfprintf(stdout, fmt, ap);
  va_end(ap);
  return n;
}

int putchar(int c) { return fputc(c, stdout); }

int puts(const char *s) {
  if (fputs(s, stdout) < 0) return EOF;
  return fputc('\n', stdout) == EOF ? EOF : 1;
}

/* ---- formatting into memory -------------------------------------------------------------- */

struct strbuf {
  char *buf;
  size_t size, len;
};

static int put_str(char c, void *ctx) {
  struct strbuf *s = ctx;
  if (s->len + 1 < s->size) s->buf[s->len] = c;
  s->len++;
  return 0;
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap) {
  struct strbuf s = {buf, size, 0};
  int n = tick_format(put_str, &s, fmt, ap);
  if (size) buf[s.len < size ? s.len : size - 1] = '\0';
  return n;
}

int snprintf(char *buf, size_t size, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(buf, size, fmt, ap);
  va_end(ap);
  return n;
}

int sprintf(char *buf, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(buf, PTRDIFF_MAX, fmt, ap);   /* unbounded, as sprintf is */
  va_end(ap);
  return n;
}

/* ---- heap: first fit over blocks from sbrk (memop 1) ------------------------------------- */

/* Every block starts with its size (header included, a multiple of 8); free blocks are kept
 * in address order and merged with their neighbours. */
struct block {
  size_t size;
  struct block *next;   /* free blocks only */
};
#define HDR 8u
static struct block *free_list;

static size_t round8(size_t n) { return (n + 7u) & ~(size_t)7u; }

void *malloc(size_t n) {
  if (n == 0) n = 1;
  if (n > 0x7ffffff0u) {
    errno = ENOMEM;
    return NULL;
  }
  size_t need = round8(n) + HDR;
  for (struct block **pp = &free_list; *pp; pp = &(*pp)->next) {
    struct block *b = *pp;
    if (b->size < need) continue;
    if (b->size - need >= 16) {   /* split: the tail stays free */
      struct block *rest = (struct block *)((char *)b + need);
      rest->size = b->size - need;
      rest->next = b->next;
      *pp = rest;
      b->size = need;
    } else {
      *pp = b->next;
    }
    return (char *)b + HDR;
  }
  void *p = tick_sbrk_libc((intptr_t)need);   /* sets errno = ENOMEM on failure */
  if (p == (void *)-1) return NULL;
  struct block *b = p;
  b->size = need;
  return (char *)b + HDR;
}

void free(void *ptr) {
  if (!ptr) return;
  struct block *b = (struct block *)((char *)ptr - HDR);
  struct block **pp = &free_list;
  while (*pp && *pp < b) pp = &(*pp)->next;
  b->next = *pp;
  *pp = b;
  if (b->next && (char *)b + b->size == (char *)b->next) {   /* merge with the next */
    b->size += b->next->size;
    b->next = b->next->next;
  }
  if (pp != &free_list) {   /* merge with the previous */
    struct block *prev = (struct block *)((char *)pp - offsetof(struct block, next));
    if ((char *)prev + prev->size == (char *)b) {
      prev->size += b->size;
      prev->next = b->next;
    }
  }
}

void *calloc(size_t n, size_t size) {
  if (size && n > SIZE_MAX / size) {
    errno = ENOMEM;
    return NULL;
  }
  void *p = malloc(n * size);
  if (p) memset(p, 0, n * size);
  return p;
}

void *realloc(void *ptr, size_t n) {
  if (!ptr) return malloc(n);
  struct block *b = (struct block *)((char *)ptr - HDR);
  if (round8(n) + HDR <= b->size) return ptr;
  void *q = malloc(n);
  if (!q) return NULL;
  memcpy(q, ptr, b->size - HDR);
  free(ptr);
  return q;
}

/* ---- abnormal end -------------------------------------------------------------------------- */

void abort(void) {
  tick_exit_terminate(134u);   /* 128 + SIGABRT, as a shell would report it */
}
