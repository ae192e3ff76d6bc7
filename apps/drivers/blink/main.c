/* blink: libtock-c's blink example on the LED driver (0x2): a binary count, one step per 250 ms. */
#include <stdio.h>
#include <tick.h>

#define LED 0x2u

int main(void) {
  tick_result_t r = tick_command(LED, 0, 0, 0);   /* Success-with-u32: the number of LEDs */
  if (tick_command_check(r, TICK_SUCCESS_U32)) return 1;
  uint32_t leds = r.r1;
  printf("blink: %lu LEDs\n", (unsigned long)leds);
  for (unsigned count = 0;; count++) {
    for (uint32_t i = 0; i < leds; i++) tick_command(LED, (count >> i) & 1 ? 1 : 2, i, 0);
    tick_sleep_ms(250);
  }
}
