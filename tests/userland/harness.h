/* Host tests: a tiny test registry; each test runs in its own process with a fresh fake kernel. */
#ifndef HARNESS_H
#define HARNESS_H

#include <stdio.h>
#include <stdlib.h>

#include "fake_kernel.h"

typedef void test_fn(void);
void harness_register(const char *name, test_fn *fn);
extern int harness_failed;

/* Defines and registers a test (constructor-based registration). */
#define TEST(name)                                                                         \
  static void name(void);                                                                  \
  __attribute__((constructor)) static void register_##name(void) {                         \
    harness_register(#name, name);                                                         \
  }                                                                                        \
  static void name(void)

#define CHECK(cond)                                                                        \
  do {                                                                                     \
    if (!(cond)) {                                                                         \
      fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);             \
      harness_failed = 1;                                                                  \
    }                                                                                      \
  } while (0)

#define CHECK_EQ(got, want)                                                                \
  do {                                                                                     \
    long long g_ = (long long)(got), w_ = (long long)(want);                               \
    if (g_ != w_) {                                                                        \
      fprintf(stderr, "%s:%d: %s is %lld, expected %s = %lld\n", __FILE__, __LINE__, #got, \
              g_, #want, w_);                                                              \
      harness_failed = 1;                                                                  \
    }                                                                                      \
  } while (0)

#endif
