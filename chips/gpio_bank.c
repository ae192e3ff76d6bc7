/* Virtual GPIO bank: pin state as bit masks; input edges reach the client from a deferred call. */
#include "gpio_bank.h"
#include <tick/container_of.h>

static bool level(const struct gpio_bank *b, uint32_t bit)
{
	return ((b->output & bit) ? b->out : b->in) & bit;
}

static void configure(void *dev, unsigned pin, enum gpio_mode mode)
{
	struct gpio_bank *b = dev;
	uint32_t bit = 1u << pin;
	b->output &= ~bit;
	if (mode == GPIO_OUTPUT)
		b->output |= bit;
	if (!(b->driven & bit)) {   /* an undriven input follows its pull */
		b->in &= ~bit;
		if (mode == GPIO_INPUT_PULLUP)
			b->in |= bit;
	}
}

static void write(void *dev, unsigned pin, bool on)
{
	struct gpio_bank *b = dev;
	uint32_t bit = 1u << pin;
	if (!(b->output & bit))
		return;
	b->out = on ? b->out | bit : b->out & ~bit;
}

static bool read(void *dev, unsigned pin)
{
	return level(dev, 1u << pin);
}

static void set_interrupt(void *dev, unsigned pin, enum gpio_edge edge)
{
	struct gpio_bank *b = dev;
	uint32_t bit = 1u << pin;
	b->rise = (edge & GPIO_EDGE_RISING) ? b->rise | bit : b->rise & ~bit;
	b->fall = (edge & GPIO_EDGE_FALLING) ? b->fall | bit : b->fall & ~bit;
	if (edge == GPIO_EDGE_NONE)
		b->pending &= ~bit;
}

static void set_client(void *dev, struct gpio_client *c)
{
	((struct gpio_bank *)dev)->client = c;
}

/* An input changes level: an enabled edge is reported later, from the deferred call. */
static void drive(void *dev, unsigned pin, bool on)
{
	struct gpio_bank *b = dev;
	uint32_t bit = 1u << pin;
	bool was = level(b, bit);
	b->driven |= bit;
	b->in = on ? b->in | bit : b->in & ~bit;
	bool now = level(b, bit);
	if (was != now && ((now ? b->rise : b->fall) & bit)) {
		b->pending |= bit;
		deferred_schedule(&b->edges);
	}
}

static void report_edges(struct deferred_call *dc)
{
	struct gpio_bank *b = container_of(dc, struct gpio_bank, edges);
	uint32_t p = b->pending;
	b->pending = 0;
	for (unsigned pin = 0; p; pin++, p >>= 1)
		if ((p & 1) && b->client)
			b->client->edge(b->client, pin, level(b, 1u << pin));
}

const struct gpio_ops gpio_bank_ops = {
	.configure = configure,
	.write = write,
	.read = read,
	.set_interrupt = set_interrupt,
	.set_client = set_client,
	.drive = drive,
};

__attribute__((noinline)) void gpio_bank_init(struct gpio_bank *b, struct gpio_port *port, uint8_t count)
{
	*b = (struct gpio_bank){ .edges.fn = report_edges };
	deferred_register(&b->edges);
	*port = (struct gpio_port){ &gpio_bank_ops, b, count };
}
