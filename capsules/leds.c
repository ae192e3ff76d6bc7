/* LED capsule: count, on, off, toggle and read; every change of an LED is written to the kernel log. */
#include <capsules/leds.h>
#include <tick/klog.h>

static struct sysret command(void *self, struct process *p, uint32_t cmd, uint32_t led, uint32_t arg1)
{
	struct leds *l = self;
	const struct gpio_port *port = l->port;
	(void)p;
	(void)arg1;
	if (cmd == 0)
		return sysret_success_u32(port->count);
	if (cmd > 4)
		return sysret_failure(ERR_NOSUPPORT);
	if (led >= port->count)
		return sysret_failure(ERR_INVAL);
	bool was = port->ops->read(port->dev, led);
	if (cmd == 4)
		return sysret_success_u32(was);
	bool on = cmd == 1 || (cmd == 3 && !was);
	if (on != was) {
		port->ops->write(port->dev, led, on);
		klog("[led] LED%u %s\n", led, on ? "on" : "off");
	}
	return sysret_success();
}

void leds_init(struct leds *l, const struct gpio_port *port)
{
	l->driver = (struct driver){
		.number = LEDS_DRIVER_NUM,
		.grant_slot = DRIVER_NO_GRANT,
		.command = command,
		.self = l,
	};
	l->port = port;
	for (unsigned i = 0; i < port->count; i++) {
		port->ops->configure(port->dev, i, GPIO_OUTPUT);
		port->ops->write(port->dev, i, false);
	}
}
