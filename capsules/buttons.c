/* Button capsule: per-process interrupt masks; a press or release goes to every process that enabled it. */
#include <stddef.h>
#include <capsules/buttons.h>
#include <tick/container_of.h>
#include <tick/grant.h>
#include <tick/upcall.h>

struct buttons_grant {
	uint32_t enabled;   /* bit i: this process wants upcalls for button i */
};

/* Keeps the pin's interrupt on while any process enables it. */
static void update_interrupt(struct buttons *b, unsigned i)
{
	uint32_t any = 0;
	for (struct grant_ref r = grant_first(&b->driver); r.p; r = grant_next(&b->driver, r.p))
		any |= ((struct buttons_grant *)r.data)->enabled;
	b->port->ops->set_interrupt(b->port->dev, i, (any >> i) & 1 ? GPIO_EDGE_BOTH : GPIO_EDGE_NONE);
}

static void edge(struct gpio_client *c, unsigned pin, bool level)
{
	struct buttons *b = container_of(c, struct buttons, client);
	for (struct grant_ref r = grant_first(&b->driver); r.p; r = grant_next(&b->driver, r.p))
		if ((((struct buttons_grant *)r.data)->enabled >> pin) & 1)
			upcall_schedule(r.p, &b->driver, 0, pin, level, 0);
	update_interrupt(b, pin);   /* processes that ended no longer hold it on */
}

static struct sysret command(void *self, struct process *p, uint32_t cmd, uint32_t i, uint32_t arg1)
{
	struct buttons *b = self;
	(void)arg1;
	if (cmd == 0)
		return sysret_success_u32(b->port->count);
	if (cmd > 3)
		return sysret_failure(ERR_NOSUPPORT);
	if (i >= b->port->count)
		return sysret_failure(ERR_INVAL);
	if (cmd == 3)
		return sysret_success_u32(b->port->ops->read(b->port->dev, i));
	struct buttons_grant *g = grant_enter(p, &b->driver);
	if (!g)
		return sysret_failure(ERR_NOMEM);
	if (cmd == 1)
		g->enabled |= 1u << i;
	else
		g->enabled &= ~(1u << i);
	update_interrupt(b, i);
	return sysret_success();
}

void buttons_init(struct buttons *b, const struct gpio_port *port, uint8_t grant_slot)
{
	b->driver = (struct driver){
		.number = BUTTONS_DRIVER_NUM,
		.num_upcalls = 1,
		.grant_data_size = sizeof(struct buttons_grant),
		.grant_slot = grant_slot,
		.command = command,
		.self = b,
	};
	b->client.edge = edge;
	b->port = port;
	port->ops->set_client(port->dev, &b->client);
	for (unsigned i = 0; i < port->count; i++)
		port->ops->configure(port->dev, i, GPIO_INPUT_PULLDOWN);
}
