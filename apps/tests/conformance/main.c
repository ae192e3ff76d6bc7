/* conformance: runs every system call check group and exits with the number of failures. */
#include <stdio.h>

#include "common.h"

int main(void) {
  printf("conformance: start\n");
  ticks_per_ms = tick_command(ALARM, 1, 0, 0).r1 / 1000;
  if (ticks_per_ms == 0) ticks_per_ms = 1;
  test_subscribe(); /* first: the first subscribe of an id must return (0, 0) */
  test_command();
  test_syscall_return(); /* Tock's test driver 0xA0000: test kernels only */
  test_yield();
  test_wait_any();
  test_allow();
  test_memop();
  test_exit_and_libc();
  return (int)summary();
}
