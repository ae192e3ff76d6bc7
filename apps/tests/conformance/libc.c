/* conformance: Exit with a bad number (class 6), and the C runtime (TLS, errno, heap, printf). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"

#define U(x) ((uint32_t)(uintptr_t)(x))

extern char __tls_base[];

void test_exit_and_libc(void) {
  tick_result_t r = tick_exit_raw(2, 0);
  expect("exit_unknown_number_nosupport", 2, r.variant, 0, r.error, TICK_ERR_NOSUPPORT);
  /* Its Failure answer is r0-r1 only; r2-r3 keep what the caller had there. */
  tick_regs_t k = tick_syscall4(TICK_CLASS_EXIT, 2, 0, 0x2222A5A5u, 0x3333A5A5u);
  expect("exit_failure_keeps_r2_r3", 2, (uint32_t)k.r2, 0x2222A5A5u, (uint32_t)k.r3, 0x3333A5A5u);

  void *tp;
#if defined(__arm__)
  extern void *__aeabi_read_tp(void);   /* Arm has no tp register: crt0 sets what this reads */
  tp = __aeabi_read_tp();
#else
  __asm__ volatile("mv %0, tp" : "=r"(tp));
#endif
  expect("crt0_sets_thread_pointer", 1, U(tp), U(__tls_base));
  errno = 0;
  void *big = malloc(1u << 20);
  expect("malloc_too_big_sets_errno_enomem", 2, U(big), 0, (uint32_t)errno, ENOMEM);
  uint32_t ram_start = (uint32_t)tick_memop(TICK_MEMOP_RAM_START, 0).value;
  uint32_t grant = (uint32_t)tick_memop(TICK_MEMOP_GRANT_START, 0).value;
  char *small = malloc(100);
  expect_that("malloc_small_in_app_ram", small && U(small) >= ram_start && U(small) + 100 <= grant,
              U(small), "a block between RAM start and the grant region");
  if (small) {
    memset(small, 0x5A, 100);
    free(small);
  }

  char buf[96];
  int n = snprintf(buf, sizeof buf, "%zu|%d|%x|%X|%s|%5s|%-3d|%03u|%lld|%c|%%|%p", (size_t)123456,
                   -42, 0xbeefu, 0xbeefu, "str", "ab", 7, 9u, -5000000000LL, 'z',
                   (void *)0x1234);
  static const char want[] = "123456|-42|beef|BEEF|str|   ab|7  |009|-5000000000|z|%|0x1234";
  expect_that("printf_formats", n == (int)strlen(want) && strcmp(buf, want) == 0, (uint32_t)n,
              want);
}
