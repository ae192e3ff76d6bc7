/* async_lifetime: lends a console read a buffer on a stack frame that then returns (a bug the
 * debug library, APP_DEBUG := 1, reports before the kernel can write into the dead frame). */
#include <stdio.h>
#include <tick.h>
#include <tick/async.h>

static tick_op_t read_op;

__attribute__((noinline)) static void start_read(void) {
  char line[16]; /* dies when this function returns, while the kernel still holds it */
  tick_console_read_async(&read_op, line, sizeof line, NULL, NULL);
}

int main(void) {
  printf("async_lifetime: lending a stack buffer to a console read, then returning\n");
  start_read();
  tick_run();
  printf("async_lifetime: NOT CAUGHT\n");
  return 1;
}
