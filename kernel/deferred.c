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

void deferred_run(uint32_t bits)
{
	for (unsigned i = 0; bits; i++, bits >>= 1)
		if (bits & 1)
			calls[i]->fn(calls[i]);
}
