/* gpio: libtock-c's gpio_interrupt example (pin 0 input, pull-down, either edge), mirrored to output pin 1. */
#include <stdio.h>
#include <tick.h>

#define GPIO 0x4u

static volatile uint32_t pin, level, fired;

static void on_edge(uint32_t p, uint32_t l, uint32_t unused, void *data) {
  (void)unused, (void)data;
  pin = p;
  level = l;
  fired++;
}

int main(void) {
  tick_result_t r = tick_command(GPIO, 10, 0, 0);
  if (tick_command_check(r, TICK_SUCCESS_U32)) return 1;
  tick_subscribe(GPIO, 0, on_edge, NULL);
  tick_command(GPIO, 5, 0, 2);   /* pin 0: input, pull-down */
  tick_command(GPIO, 7, 0, 0);   /* interrupt on either edge */
  tick_command(GPIO, 1, 1, 0);   /* pin 1: output */
  uint32_t bad = tick_command(GPIO, 1, r.r1, 0).error;
  printf("gpio: %lu pins, pin 0 reads %lu, pin %lu is %s\n", (unsigned long)r.r1,
         (unsigned long)tick_command(GPIO, 6, 0, 0).r1, (unsigned long)r.r1,
         bad == TICK_ERR_INVAL ? "refused" : "accepted?");
  for (unsigned seen = 0;;) {
    tick_yield_wait();
    if (fired == seen) continue;
    seen = fired;
    tick_command(GPIO, level ? 2 : 3, 1, 0);
    printf("gpio: interrupt on pin %lu, level %lu; pin 1 follows\n", (unsigned long)pin,
           (unsigned long)level);
  }
}
