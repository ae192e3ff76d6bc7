/* LED capsule (driver 0x2): Tock's LED driver over the pins of a GPIO port, active high. */
#ifndef CAPSULES_LEDS_H
#define CAPSULES_LEDS_H

#include <tick/abi.h>
#include <tick/driver.h>
#include <tick/hil/gpio.h>

#define LEDS_DRIVER_NUM TICK_DRIVER_LEDS

struct leds {
	struct driver driver;
	const struct gpio_port *port;   /* LED i is pin i; every pin of the port is an LED */
};

/* Makes every pin of port an output, all LEDs off. Changes are logged as "[led] LED<i> on|off". */
void leds_init(struct leds *l, const struct gpio_port *port);

#endif
