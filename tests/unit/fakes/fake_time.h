/* Fake timer (struct time_source) with a 64-bit counter that moves only when the test says. */
#ifndef FAKES_FAKE_TIME_H
#define FAKES_FAKE_TIME_H

#include <stdbool.h>
#include <stdint.h>
#include <tick/hil/time.h>

#define FAKE_TIME_HZ 10000000u

struct fake_time {
	uint64_t now;
	uint64_t deadline;    /* compare value while armed */
	bool armed;
	unsigned sets, disarms;
};

extern struct fake_time fake_time;
extern const struct time_source fake_time_source;

void fake_time_reset(uint64_t now);
/* True when the compare would raise the timer interrupt (armed and now >= deadline). */
bool fake_time_due(void);

#endif
