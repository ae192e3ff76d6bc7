/* hello_min: the smallest app: one console write with raw layer 0 calls, no libc. */
#include <tick/console.h>
#include <tick/syscall.h>

int main(void) {
  static const char msg[] = "Hello, World!\n";
  /* Lend the text to the console, start the write, wait for write-done, take it back. */
  tick_allow_ro(TICK_DRIVER_CONSOLE, 1, msg, sizeof msg - 1);
  tick_command(TICK_DRIVER_CONSOLE, 1, sizeof msg - 1, 0);
  tick_yield_wait_for(TICK_DRIVER_CONSOLE, 1);
  tick_allow_ro(TICK_DRIVER_CONSOLE, 1, NULL, 0);
  return 0;
}
