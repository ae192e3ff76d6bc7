/* CLINT timer: reads mtime and programs mtimecmp without ever exposing a too-early compare value. */
#include <chips/clint.h>

#define MTIMECMP0 0x4000u
#define MTIME 0xbff8u

static volatile uint32_t *reg(const struct clint *c, uintptr_t off)
{
	return (volatile uint32_t *)(c->base + off);
}

static uint64_t now(void *dev)
{
	const struct clint *c = dev;
	uint32_t hi, lo;
	do {   /* re-read if the low word wrapped between the two reads */
		hi = *reg(c, MTIME + 4);
		lo = *reg(c, MTIME);
	} while (hi != *reg(c, MTIME + 4));
	return (uint64_t)hi << 32 | lo;
}

static void set_alarm(void *dev, uint64_t deadline)
{
	const struct clint *c = dev;
	/* High word to max first so that the intermediate value never fires early. */
	*reg(c, MTIMECMP0 + 4) = 0xffffffffu;
	*reg(c, MTIMECMP0) = (uint32_t)deadline;
	*reg(c, MTIMECMP0 + 4) = (uint32_t)(deadline >> 32);
}

static void disarm(void *dev)
{
	const struct clint *c = dev;
	*reg(c, MTIMECMP0 + 4) = 0xffffffffu;
	*reg(c, MTIMECMP0) = 0xffffffffu;
}

const struct time_ops clint_time_ops = { .now = now, .set_alarm = set_alarm, .disarm = disarm };

void clint_init(struct clint *c, uintptr_t base)
{
	c->base = base;
	disarm(c);
}
