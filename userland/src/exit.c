/* Process exit: flushes stdout (if linked) and ends with exit-terminate. */
#include <tick/syscall.h>

void tick__stdio_flush_hook(void) __attribute__((weak));
_Noreturn void _exit(int status);

/* Reached when main returns (crt0) and from picolibc's exit(). */
_Noreturn void _exit(int status) {
  if (tick__stdio_flush_hook) tick__stdio_flush_hook();
  tick_exit_terminate((uint32_t)status);
}
