/* Layer 1: the LEDs (driver 0x2): count, on, off, toggle, read; each call completes at once. */
#ifndef TICK_LED_H
#define TICK_LED_H

#include <stdint.h>
#include <tick/abi.h>
#include <tick/errors.h>

/* The number of LEDs (>= 0), or TICK_ENODEVICE when the board has no LED driver. */
int tick_led_count(void);

/* Turns LED `led` on / off / over. Return TICK_OK, TICK_EINVAL for an LED the board does not
 * have, TICK_ENODEVICE without the driver. They never block, so they work inside upcalls. */
int tick_led_on(uint32_t led);
int tick_led_off(uint32_t led);
int tick_led_toggle(uint32_t led);

/* 1 if LED `led` is on, 0 if off, or a negative error as above. */
int tick_led_read(uint32_t led);

#endif /* TICK_LED_H */
