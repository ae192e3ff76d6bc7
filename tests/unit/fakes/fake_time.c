/* Fake timer hardware for valarm: records set_alarm/disarm, fires only when the test moves time. */
#include "fakes/fake_time.h"

struct fake_time fake_time;

static uint64_t now(void *dev)
{
	return ((struct fake_time *)dev)->now;
}

static void set_alarm(void *dev, uint64_t deadline)
{
	struct fake_time *t = dev;
	t->deadline = deadline;
	t->armed = true;
	t->sets++;
}

static void disarm(void *dev)
{
	struct fake_time *t = dev;
	t->armed = false;
	t->disarms++;
}

static const struct time_ops ops = { now, set_alarm, disarm };
const struct time_source fake_time_source = { &ops, &fake_time, FAKE_TIME_HZ };

void fake_time_reset(uint64_t t)
{
	fake_time = (struct fake_time){ .now = t };
}

bool fake_time_due(void)
{
	return fake_time.armed && fake_time.now >= fake_time.deadline;
}
