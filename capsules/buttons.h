/* Button capsule (driver 0x3): Tock's button driver over the pins of a GPIO port, pressed = high. */
#ifndef CAPSULES_BUTTONS_H
#define CAPSULES_BUTTONS_H

#include <tick/abi.h>
#include <tick/driver.h>
#include <tick/hil/gpio.h>

#define BUTTONS_DRIVER_NUM TICK_DRIVER_BUTTONS

struct buttons {
	struct driver driver;
	struct gpio_client client;
	const struct gpio_port *port;   /* button i is pin i */
};

/* Makes every pin of port a pulled-down input; grant_slot must be unique on the board. */
void buttons_init(struct buttons *b, const struct gpio_port *port, uint8_t grant_slot);

#endif
