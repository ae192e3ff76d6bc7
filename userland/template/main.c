/* myapp: a starting point; prints a greeting once a second, five times. */
#include <stdio.h>
#include <tick.h>

int main(void) {
  for (int i = 1; i <= 5; i++) {
    printf("myapp: hello %d\n", i);
    tick_sleep_ms(1000);
  }
  return 0;
}
