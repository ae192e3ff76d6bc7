/* Virtual GPIO bank: up to 32 pins of a port that exists only in the kernel, offering the GPIO HIL;
 * its inputs are driven from the outside (the process console, tests) through the HIL's drive op. */
#ifndef CHIPS_GPIO_BANK_H
#define CHIPS_GPIO_BANK_H

#include <stdint.h>
#include <tick/deferred.h>
#include <tick/hil/gpio.h>

struct gpio_bank {
	uint32_t output;     /* pins configured as outputs */
	uint32_t out;        /* levels driven by outputs */
	uint32_t in;         /* input levels (driven from outside, else the pull) */
	uint32_t driven;     /* inputs the outside world has driven at least once */
	uint32_t rise, fall; /* edges that interrupt */
	uint32_t pending;    /* edges waiting for the deferred call */
	struct gpio_client *client;
	struct deferred_call edges;
};

extern const struct gpio_ops gpio_bank_ops;

/* Sets up a bank with every pin disabled and low, and fills port (count pins, <= 32). */
void gpio_bank_init(struct gpio_bank *b, struct gpio_port *port, uint8_t count);

#endif
