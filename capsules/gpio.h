/* GPIO capsule (driver 0x4): Tock's GPIO driver over the pins of a GPIO port, with interrupts. */
#ifndef CAPSULES_GPIO_H
#define CAPSULES_GPIO_H

#include <tick/abi.h>
#include <tick/driver.h>
#include <tick/hil/gpio.h>

#define GPIO_DRIVER_NUM TICK_DRIVER_GPIO

struct gpio_capsule {
	struct driver driver;
	struct gpio_client client;
	const struct gpio_port *port;   /* userspace pin i is pin i of the port */
};

/* Binds the capsule to port (pins start disabled); grant_slot must be unique on the board.
 * Output changes are logged as "[gpio] pin <i> high|low". */
void gpio_capsule_init(struct gpio_capsule *g, const struct gpio_port *port, uint8_t grant_slot);

#endif
