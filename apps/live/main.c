/* live: says where it runs; make run's demo installs it with tick-load while the others run. */
#include <stdint.h>
#include <stdio.h>

static int in_ram;

int main(void) {
  /* A relocatable app runs wherever the store placed it: these addresses show its slot (one
   * line under stdout's 80-byte buffer, so it reaches the console in one write). */
  printf("live: installed at run time; code at %p, data at %p\n",
         (void *)(uintptr_t)&main, (void *)&in_ram);
  return 0;
}
