/* waits: layer 1's blocking LED, button and GPIO calls (<tick/led.h>, <tick/button.h>, <tick/gpio.h>). */
#include <stdio.h>
#include <tick.h>

int main(void) {
  int leds = tick_led_count(), buttons = tick_button_count(), pins = tick_gpio_count();
  printf("waits: %d LEDs, %d buttons, %d pins\n", leds, buttons, pins);
  if (leds < 3 || buttons < 3 || pins < 2) return 1;
  printf("waits: bad LED %s, bad pin %s\n", tick_led_on((uint32_t)leds) == TICK_EINVAL ? "refused" : "accepted?",
         tick_gpio_set((uint32_t)pins) == TICK_EINVAL ? "refused" : "accepted?");
  tick_gpio_enable_input(0, TICK_GPIO_PULL_DOWN);
  tick_gpio_enable_output(1);
  /* Nobody presses button 0: the wait gives up, and its interrupt is off again. */
  printf("waits: button 0 within 100 ms: %s\n",
         tick_button_wait_timeout(0, 100) == TICK_ETIMEOUT ? "timed out" : "edge?");
  printf("waits: press button 2\n");
  if (tick_button_wait(2) != 1) return 2;
  tick_led_toggle(2);
  printf("waits: button 2 pressed, LED 2 %s\n", tick_led_read(2) == 1 ? "on" : "off?");
  printf("waits: raise pin 0\n");
  if (tick_gpio_wait_timeout(0, TICK_GPIO_RISING, 5000) != 1) return 3;
  tick_gpio_set(1);
  printf("waits: pin 0 rose, pin 1 follows: %d\n", tick_gpio_read(1));
  printf("waits: lower pin 0\n");
  if (tick_gpio_wait(0, TICK_GPIO_FALLING) != 0) return 4;
  tick_gpio_clear(1);
  printf("waits: pin 0 fell, pin 1 follows: %d\n", tick_gpio_read(1));
  return 0;
}
