/* echo: echoes typed characters, prints each finished line, counts 10 s silences. */
#include <stdio.h>
#include <tick.h>

#define IDLE_MS 10000

int main(void) {
  char line[64];
  size_t len = 0;
  unsigned idle = 0;
  printf("echo: type a line and press enter\n");
  for (;;) {
    char c;
    int n = tick_console_read_timeout(&c, 1, IDLE_MS);
    if (n == TICK_ETIMEOUT) {
      printf("echo: no input for %u s\n", ++idle * (IDLE_MS / 1000));
      continue;
    }
    if (n != 1) {
      printf("echo: read failed (%d)\n", n);
      tick_sleep_ms(1000);
      continue;
    }
    if (c == '\r' || c == '\n') {
      line[len] = '\0';
      printf("\necho: \"%s\" (%zu characters)\n", line, len);
      len = 0;
      continue;
    }
    tick_console_write(&c, 1); /* the terminal does not echo by itself */
    if (len < sizeof line - 1) line[len++] = c;
  }
}
