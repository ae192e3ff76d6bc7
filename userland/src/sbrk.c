/* libc glue: heap growth for picolibc's malloc through memop 1 (linked as sbrk). */
#include <errno.h>
#include <stdint.h>
#include <tick/syscall.h>

void *tick_sbrk_libc(intptr_t incr);

/* Moves the break by `incr`; returns the old break, or (void *)-1 with errno = ENOMEM. */
void *tick_sbrk_libc(intptr_t incr) {
  tick_memop_result_t m = tick_memop(TICK_MEMOP_SBRK, (uintptr_t)incr);
  if (m.error) {
    errno = ENOMEM;
    return (void *)-1;
  }
  return (void *)m.value;
}
