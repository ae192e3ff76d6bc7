/* GPIO capsule: pin modes, levels and edge interrupts; an interrupt goes to every process using the driver. */
#include <capsules/gpio.h>
#include <tick/container_of.h>
#include <tick/grant.h>
#include <tick/klog.h>
#include <tick/upcall.h>

static void edge(struct gpio_client *c, unsigned pin, bool level)
{
	struct gpio_capsule *g = container_of(c, struct gpio_capsule, client);
	for (struct grant_ref r = grant_first(&g->driver); r.p; r = grant_next(&g->driver, r.p))
		upcall_schedule(r.p, &g->driver, 0, pin, level, 0);
}

static struct sysret command(void *self, struct process *p, uint32_t cmd, uint32_t pin, uint32_t arg1)
{
	struct gpio_capsule *g = self;
	const struct gpio_port *port = g->port;
	void *dev = port->dev;
	if (cmd == 0)
		return sysret_success();
	if (cmd == 10)
		return sysret_success_u32(port->count);
	if (cmd > 9)
		return sysret_failure(ERR_NOSUPPORT);
	if (pin >= port->count)
		return sysret_failure(ERR_INVAL);
	bool was = port->ops->read(dev, pin);
	switch (cmd) {
	case 1:
		port->ops->configure(dev, pin, GPIO_OUTPUT);
		break;
	case 2:
	case 3:
	case 4:
		port->ops->write(dev, pin, cmd == 2 || (cmd == 4 && !was));
		break;
	case 5:   /* pull: 0 none, 1 up, 2 down */
		if (arg1 > 2)
			return sysret_failure(ERR_NOSUPPORT);
		port->ops->configure(dev, pin, GPIO_INPUT + arg1);
		break;
	case 6:
		return sysret_success_u32(was);
	case 7:   /* edge: 0 either, 1 rising, 2 falling */
		if (arg1 > 2)
			return sysret_failure(ERR_NOSUPPORT);
		if (!grant_enter(p, &g->driver))
			return sysret_failure(ERR_NOMEM);
		port->ops->set_interrupt(dev, pin, arg1 == 0 ? GPIO_EDGE_BOTH : (enum gpio_edge)arg1);
		break;
	case 8:
		port->ops->set_interrupt(dev, pin, GPIO_EDGE_NONE);
		break;
	default:  /* 9: disable the pin */
		port->ops->set_interrupt(dev, pin, GPIO_EDGE_NONE);
		port->ops->configure(dev, pin, GPIO_DISABLED);
		break;
	}
	bool now = port->ops->read(dev, pin);
	if (cmd <= 4 && now != was)
		klog("[gpio] pin %u %s\n", pin, now ? "high" : "low");
	return sysret_success();
}

void gpio_capsule_init(struct gpio_capsule *g, const struct gpio_port *port, uint8_t grant_slot)
{
	g->driver = (struct driver){
		.number = GPIO_DRIVER_NUM,
		.num_upcalls = 1,
		.grant_slot = grant_slot,
		.command = command,
		.self = g,
	};
	g->client.edge = edge;
	g->port = port;
	port->ops->set_client(port->dev, &g->client);
}
