/* Host tests: the printf formatter against the host C library's snprintf. */
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <string.h>

#include "format.h"
#include "harness.h"

struct sink {
  char buf[256];
  int len;
};

static int put(char c, void *ctx) {
  struct sink *s = ctx;
  if (s->len < (int)sizeof s->buf - 1) s->buf[s->len++] = c;
  return 0;
}

static int fail_put(char c, void *ctx) {
  (void)c, (void)ctx;
  return -1;
}

/* Formats with tick_format and the host's vsnprintf; both must agree. */
static void same(const char *fmt, ...) {
  struct sink s = {{0}, 0};
  char want[256];
  va_list ap, ap2;
  va_start(ap, fmt);
  va_copy(ap2, ap);
  int n = tick_format(put, &s, fmt, ap);
  int wn = vsnprintf(want, sizeof want, fmt, ap2);
  va_end(ap2);
  va_end(ap);
  s.buf[s.len] = '\0';
  if (n != wn || strcmp(s.buf, want) != 0) {
    fprintf(stderr, "format \"%s\": got \"%s\" (%d), expected \"%s\" (%d)\n", fmt, s.buf, n,
            want, wn);
    harness_failed = 1;
  }
}

TEST(format_matches_libc) {
  same("plain text");
  same("%d %i %u", -12, 34, 56u);
  same("%x %X %o", 0xbeefu, 0xbeefu, 0755u);
  same("%c%c%%", 'a', 'b');
  same("[%s] [%5s] [%-5s] [%.2s] [%7.3s]", "str", "ab", "ab", "abcdef", "abcdef");
  same("[%5d] [%-5d] [%05d] [%+d] [% d] [%+d]", 42, 42, 42, 42, 42, -42);
  same("[%.3d] [%8.3d] [%-8.3d] [%08.3d] [%.0d]", 7, 7, 7, 7, 0);
  same("[%#x] [%#X] [%#o] [%#x] [%#o]", 255u, 255u, 8u, 0u, 0u);
  same("%d %d", INT_MIN, INT_MAX);
  same("%u %x", UINT_MAX, UINT_MAX);
  same("%ld %lu %lx", -123456789L, 123456789UL, 0xabcdefUL);
  same("%lld %llu %llx", LLONG_MIN, ULLONG_MAX, 0x123456789abcdefULL);
  same("%zu %zd %td %jd", (size_t)123456, (ptrdiff_t)-5, (ptrdiff_t)-7, (intmax_t)-9);
  same("%hhd %hhu %hd %hu", 300, 300, 70000, 70000);
  same("[%*d] [%-*d] [%.*s] [%*s]", 6, 1, 6, 2, 3, "abcdef", -4, "x");
  same("%p", (void *)0x1234);
  same("%s|%d|%s", "", 0, "end");
}

TEST(format_reports_put_failure) {
  CHECK_EQ(tick_format(fail_put, NULL, "abc", (va_list){0}), -1);
}

/* The minimal formatter: same output as libc for the subset it supports. */
static void same_min(const char *fmt, ...) {
  struct sink s = {{0}, 0};
  char want[256];
  va_list ap, ap2;
  va_start(ap, fmt);
  va_copy(ap2, ap);
  int n = tick_format_min(put, &s, fmt, ap);
  int wn = vsnprintf(want, sizeof want, fmt, ap2);
  va_end(ap2);
  va_end(ap);
  s.buf[s.len] = '\0';
  if (n != wn || strcmp(s.buf, want) != 0) {
    fprintf(stderr, "format_min \"%s\": got \"%s\" (%d), expected \"%s\" (%d)\n", fmt, s.buf,
            n, want, wn);
    harness_failed = 1;
  }
}

TEST(format_min_matches_libc_on_its_subset) {
  same_min("plain");
  same_min("%d %i %u %d %d", -12, 34, 56u, INT_MIN, INT_MAX);
  same_min("%x %X %u", 0xbeefu, 0xbeefu, UINT_MAX);
  same_min("[%s] [%c] [%%] [%s]", "str", 'q', "");
  same_min("%p", (void *)0x1234);
}
