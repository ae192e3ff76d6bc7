/* Deferred calls: a bitmask of pending work run from the kernel loop. */
#include <stdint.h>
#include <tick/deferred.h>
#include <tick/klog.h>

static struct deferred_call *calls[32];
static unsigned ncalls;
uint32_t deferred_pending_bits;   /* bit i: calls[i] is scheduled */

void deferred_register(struct deferred_call *dc)
{
	if (ncalls >= 32)
		kpanic("too many deferred calls");
	dc->id = (unsigned char)ncalls;
	calls[ncalls++] = dc;
}

void deferred_schedule(struct deferred_call *dc)
{
	deferred_pending_bits |= 1u << dc->id;
}

static void __attribute__((noinline)) run(uint32_t now)
{
	for (unsigned i = 0; now; i++, now >>= 1)
		if (now & 1)
			calls[i]->fn(calls[i]);
}

/* Called on every kernel-loop turn: nothing pending costs a load and a branch. */
bool deferred_run_all(void)
{
	uint32_t now = deferred_pending_bits;
	if (!now)
		return false;
	deferred_pending_bits = 0;   /* calls scheduled while running go to the next round */
	run(now);
	return true;
}
