/* RNG capsule: requests are served in process order from chunks the device fills; done = upcall (0, bytes, 0). */
#include <stddef.h>
#include <tick/string.h>
#include <capsules/rng.h>
#include <tick/container_of.h>
#include <tick/grant.h>
#include <tick/upcall.h>

struct rng_grant {
	uint32_t remaining;   /* bytes still wanted */
	uint32_t filled;      /* bytes written to the buffer so far */
	uint8_t pending;
};

static void start(struct rng_capsule *r)
{
	if (!r->busy && r->rng->ops->get(r->rng->dev, r->buf, RNG_CHUNK) == 0)
		r->busy = 1;
}

/* Hands the chunk out: each pending process in turn takes what it still needs. A request
 * ends when it has its bytes or its buffer (looked up again now) is full or gone. */
static void ready(struct rng_client *c, uint32_t len)
{
	struct rng_capsule *r = container_of(c, struct rng_capsule, client);
	uint32_t used = 0;
	bool more = false;
	r->busy = 0;
	if (len > RNG_CHUNK)   /* a device's length is not trusted: never read past buf */
		len = RNG_CHUNK;
	for (struct grant_ref ref = grant_first(&r->driver); ref.p; ref = grant_next(&r->driver, ref.p)) {
		struct process *p = ref.p;
		struct rng_grant *g = ref.data;
		if (!g->pending)
			continue;
		uint8_t *buf;
		uint32_t size;
		grant_buffer(p, &r->driver, ALLOW_RW, 0, &buf, &size);
		if (g->filled > size)
			g->filled = size;
		if (g->remaining > size - g->filled)
			g->remaining = size - g->filled;
		uint32_t n = len - used < g->remaining ? len - used : g->remaining;
		if (n)
			memcpy(buf + g->filled, r->buf + used, n);
		used += n;
		g->filled += n;
		g->remaining -= n;
		if (g->remaining == 0) {
			g->pending = 0;
			upcall_schedule(p, &r->driver, 0, 0, g->filled, 0);
		} else {
			more = true;
		}
	}
	if (more)
		start(r);
}

static struct sysret command(void *self, struct process *p, uint32_t cmd, uint32_t arg0, uint32_t arg1)
{
	struct rng_capsule *r = self;
	(void)arg1;
	if (!r->rng)
		return sysret_failure(ERR_NODEVICE);
	if (cmd == 0)
		return sysret_success();
	if (cmd != 1)
		return sysret_failure(ERR_NOSUPPORT);
	struct rng_grant *g = grant_enter(p, &r->driver);
	if (!g)
		return sysret_failure(ERR_NOMEM);
	g->remaining = arg0;   /* a new request replaces one still running, as in Tock */
	g->filled = 0;
	g->pending = 1;
	start(r);
	return sysret_success();
}

void rng_capsule_init(struct rng_capsule *r, const struct rng *rng, uint8_t grant_slot)
{
	r->driver = (struct driver){
		.number = RNG_DRIVER_NUM,
		.num_upcalls = 1,
		.num_allow_rw = 1,
		.grant_data_size = sizeof(struct rng_grant),
		.grant_slot = grant_slot,
		.command = command,
		.self = r,
	};
	r->client.ready = ready;
	r->rng = rng;
	if (rng)
		rng->ops->set_client(rng->dev, &r->client);
}
