/* async_demo: what the four forms of the demo share (docs/userland.md, "From blocking to
 * coroutines"): every PERIOD_MS print a sample (GPIO pin 0), meanwhile wait for a console line
 * or a press of button 0, and report QUIET_MS without either; the line "quit" ends the app. */
#ifndef ASYNC_DEMO_H
#define ASYNC_DEMO_H

#include <stdio.h>
#include <string.h>
#include <tick/syscall.h>

#define PERIOD_MS 1000
#define QUIET_MS 3000
#define LINE_MAX 32

/* The sample: GPIO pin 0's level (GPIO command 6), a command that completes at once. */
static inline unsigned demo_sample(void) {
  return tick_command(TICK_DRIVER_GPIO, 6, 0, 0).r1;
}

/* Adds a typed byte to the line; at the end of a line prints it and returns true if it was
 * "quit". */
static inline int demo_byte(char c, char *line, unsigned *len) {
  if (c != '\r' && c != '\n') {
    if (*len < LINE_MAX - 1) line[(*len)++] = c;
    return 0;
  }
  line[*len] = '\0';
  if (*len) printf("demo: line \"%s\"\n", line);
  *len = 0;
  return strcmp(line, "quit") == 0;
}

#endif
