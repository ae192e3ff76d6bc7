/* conformance: result lines and the final count. */
#include <stdarg.h>
#include <stdio.h>

#include "check.h"

static unsigned n_ok, n_fail;

void expect(const char *name, unsigned pairs, ...) {
  uint32_t got[8], want[8];
  bool ok = true;
  va_list ap;
  va_start(ap, pairs);
  for (unsigned i = 0; i < pairs && i < 8; i++) {
    got[i] = va_arg(ap, uint32_t);
    want[i] = va_arg(ap, uint32_t);
    ok = ok && got[i] == want[i];
  }
  va_end(ap);
  if (ok) {
    n_ok++;
    printf("ok %s\n", name);
    return;
  }
  n_fail++;
  printf("FAIL %s: got (", name);
  for (unsigned i = 0; i < pairs; i++) printf(i ? ", 0x%lx" : "0x%lx", (unsigned long)got[i]);
  printf(") expected (");
  for (unsigned i = 0; i < pairs; i++) printf(i ? ", 0x%lx" : "0x%lx", (unsigned long)want[i]);
  printf(")\n");
}

void expect_that(const char *name, bool ok, uint32_t got, const char *want) {
  if (ok) {
    n_ok++;
    printf("ok %s\n", name);
  } else {
    n_fail++;
    printf("FAIL %s: got 0x%lx expected %s\n", name, (unsigned long)got, want);
  }
}

void skip(const char *name, const char *why) { printf("skip %s: %s\n", name, why); }

unsigned summary(void) {
  printf("conformance: %u ok, %u failed\n", n_ok, n_fail);
  return n_fail;
}
