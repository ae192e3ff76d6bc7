/* GPIO hardware interface: one port of pins, configured, written and read one pin at a time, with edge interrupts. */
#ifndef TICK_HIL_GPIO_H
#define TICK_HIL_GPIO_H

#include <stdbool.h>
#include <stdint.h>

enum gpio_mode {
	GPIO_DISABLED = 0,
	GPIO_OUTPUT,
	GPIO_INPUT,            /* floating */
	GPIO_INPUT_PULLUP,
	GPIO_INPUT_PULLDOWN,
};

/* Edges that raise an interrupt (the values of Tock's GPIO command 7 are 0 either, 1 rising,
 * 2 falling; the capsule maps them). */
enum gpio_edge {
	GPIO_EDGE_NONE = 0,
	GPIO_EDGE_RISING = 1,
	GPIO_EDGE_FALLING = 2,
	GPIO_EDGE_BOTH = 3,
};

struct gpio_client {
	/* An enabled edge happened on pin; level is the pin's level when the call runs.
	 * Runs from the kernel loop, never inside a gpio_ops call. */
	void (*edge)(struct gpio_client *c, unsigned pin, bool level);
};

/* Every pin argument must be below the port's count (callers check). */
struct gpio_ops {
	void (*configure)(void *dev, unsigned pin, enum gpio_mode mode);
	/* Sets an output pin's level; no effect on a pin that is not an output. */
	void (*write)(void *dev, unsigned pin, bool level);
	/* The level of the pin: the driven level of an output, the input level otherwise. */
	bool (*read)(void *dev, unsigned pin);
	void (*set_interrupt)(void *dev, unsigned pin, enum gpio_edge edge);
	void (*set_client)(void *dev, struct gpio_client *c);
	/* Virtual and test hardware only (NULL on real chips): the outside world drives the
	 * pin's input to level, as a wire or a button would. */
	void (*drive)(void *dev, unsigned pin, bool level);
};

struct gpio_port {
	const struct gpio_ops *ops;
	void *dev;
	uint8_t count;   /* pins 0..count-1 */
};

#endif
