/* Layer 1: the LEDs (driver 0x2): one command each, answered at once. */
#include <tick/led.h>

#include "pins_private.h"

enum { LED_CMD_COUNT = 0, LED_CMD_ON = 1, LED_CMD_OFF = 2, LED_CMD_TOGGLE = 3, LED_CMD_READ = 4 };

int tick_led_count(void) {
  return tick__command_rc(TICK_DRIVER_LEDS, LED_CMD_COUNT, 0, 0, TICK_SUCCESS_U32);
}

int tick_led_on(uint32_t led) {
  return tick__command_rc(TICK_DRIVER_LEDS, LED_CMD_ON, led, 0, TICK_SUCCESS);
}

int tick_led_off(uint32_t led) {
  return tick__command_rc(TICK_DRIVER_LEDS, LED_CMD_OFF, led, 0, TICK_SUCCESS);
}

int tick_led_toggle(uint32_t led) {
  return tick__command_rc(TICK_DRIVER_LEDS, LED_CMD_TOGGLE, led, 0, TICK_SUCCESS);
}

int tick_led_read(uint32_t led) {
  return tick__command_rc(TICK_DRIVER_LEDS, LED_CMD_READ, led, 0, TICK_SUCCESS_U32);
}
