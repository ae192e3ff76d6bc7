/* IPC endpoints, everything off the fast paths: calls and receives in general (payloads, deadlines, queued calls, errors), dead peers, and the driver's commands (register, find, reply, identify, close). */
#include <tick/loader.h>
#include <tick/string.h>
#include <tick/tbf.h>
#include <tick/trap.h>
#include <tick/upcall.h>
#include "../internal/ipc.h"
#include "../internal/transfer.h"
#include "../internal/upcall.h"
#include "endpoint.h"

/* ipc_area out of line: these paths are cold, and a call is smaller than the lookup. */
static __attribute__((noinline)) struct ipc_area *area_of(const struct process *p)
{
	return ipc_area(p);
}

/* ipc_finish out of line too, where the two rarer ends of a call share one copy (take keeps
 * it inline: it is on the path of every async call). */
static __attribute__((noinline)) void finish(struct process *p, uint32_t a0, uint32_t a1, uint32_t a2,
					     uint32_t a3)
{
	ipc_finish(p, a0, a1, a2, a3);
}

struct endpoint ipc_endpoints[CONFIG_IPC_ENDPOINTS];
const struct driver *ipc_drv;
uint8_t ipc_slot;
uint8_t ipc_maybe_pending[CONFIG_MAX_PROCS];
uint32_t ipc_seq;

/* Client c's call is taken: its payload goes into `to` (a server's buffer). Returns the
 * call's token. An async client runs meanwhile and may have allowed a shorter buffer since
 * the call: only what it holds now is copied (a blocked one holds at least len). */
static uint32_t take_into(const struct allow_slot *to, struct process *c, struct ipc_area *ca)
{
	const struct allow_slot *from = &ca->ro[ca->g.state & CALL_ASYNC ? IPC_RO_ASYNC_SEND : IPC_RO_SEND];
	uint32_t len = ca->g.len < from->len ? ca->g.len : from->len;
	if (len)
		ipc_copy(from, to, len);
	ca->g.state = (uint8_t)((ca->g.state & CALL_ASYNC) | CALL_TAKEN);
	return TOKEN(c->index, ca->g.seq);
}

/* Server s takes client c's call: the payload goes into s's receive buffer and s learns
 * (token, length, caller's process id). s is runnable afterwards. */
static void take(struct process *s, struct ipc_area *sa, struct process *c, struct ipc_area *ca)
{
	uint32_t token = take_into(&sa->rw[IPC_RW_RECV], c, ca);
	ipc_finish(s, TICK_IPC_OK, token, ca->g.len, ca->g.id);
}

/* A call to s waits to be taken: s's next Yield-IPC-Recv (or TAKE) looks for it, and a server
 * whose TAKE found none is told by one event. */
static void call_waits(struct process *s)
{
	struct ipc_area *sa = area_of(s);
	ipc_maybe_pending[s->index]++;
	if (sa && sa->g.want_call) {
		sa->g.want_call = 0;
		upcall_schedule(s, ipc_drv, IPC_SUB_CALL_WAITING, 0, 0, 0);
	}
}

/* The caller blocks in its IPC yield: no Yield-WaitAny ids, so other events queue; with a
 * deadline, false when it has passed already (then the wait ended at once). */
static bool block(struct process *p, uint32_t spec)
{
	p->state = PS_YIELDED_FOR;
	arch_set_arg(&p->ctx, 2, 0);
	return !(spec & TICK_IPC_HAS_DEADLINE) || deadline_wait(p, arch_arg(&p->ctx, 3));
}
/* Checks client c's call (handle h, spec with the flags `allowed`, its payload in c's
 * read-only allow `send`) and records it in c's grant in `state` (CALL_SENT, or CALL_SENT |
 * CALL_ASYNC: refused while an async call is live). Returns 0 and its server in *s, or the
 * error. */
static uint32_t start_call(struct process *c, struct ipc_area *ca, uint32_t h, uint32_t spec,
			   uint32_t allowed, unsigned send, unsigned state, struct process **s)
{
	uint32_t len = spec & TICK_IPC_LEN_MASK;
	struct handle *hd = ca ? ipc_handle(&ca->g, h) : NULL;
	if (!hd || (spec & ~allowed) || len > TICK_IPC_MAX_PAYLOAD ||
	    (len && ca->ro[send].len < len))
		return ERR_INVAL;
	if (state & ca->g.state & CALL_ASYNC)
		return ERR_BUSY;   /* one async call at a time per client */
	struct endpoint *e = &ipc_endpoints[hd->ep];
	if (!e->name || e->gen != hd->gen)
		return TICK_ERR_IPC_STALE;
	*s = e->owner;
	if (*s == c)
		return ERR_INVAL;   /* it would wait for itself, or never take its own call */
	ca->g.seq = ++ipc_seq;
	ca->g.len = (uint16_t)len;
	ca->g.ep = hd->ep;
	ca->g.leases = (uint8_t)(spec >> IPC_LEASE_SHIFT);
	ca->g.state = (uint8_t)state;
	return 0;
}

uint32_t ipc_call_general(struct process *c, struct ipc_area *ca)
{
	struct arch_context *x = &c->ctx;
	uint32_t spec = arch_arg(x, 2);
	struct process *s;
	if (!ipc_drv)
		return ipc_fail(c, ERR_NODEVICE);
	uint32_t err = start_call(c, ca, arch_arg(x, 1), spec, IPC_CALL_SPEC, IPC_RO_SEND, CALL_SENT, &s);
	if (err)
		return ipc_fail(c, err);
	if (!block(c, spec)) {
		ca->g.state = CALL_IDLE;   /* the deadline has passed: not sent */
		return TRAP_RESUME;
	}
	if (!ipc_blocked_in(s, YIELD_IPC_RECV)) {
		call_waits(s);   /* the server takes it when it next waits for a call */
		return TRAP_TO_KERNEL;
	}
	take(s, area_of(s), c, ca);
	return ipc_switch_to(s);
}

/* Replies to the call named by token (a valid slot) with len bytes of s's send buffer and
 * code; returns the client, runnable again, or NULL when the reply was dropped: the client
 * ended, timed out or made another call since (a server never blocks on a client). */
static struct process *reply(struct process *s, struct ipc_area *sa, uint32_t token, uint32_t len,
			     uint32_t code)
{
	struct process *c = &processes[(token & 0xFFu) - 1u];
	struct ipc_area *ca = process_alive(c) ? area_of(c) : NULL;
	if (!ca || CALL_STAGE(ca->g.state) != CALL_TAKEN || TOKEN_SEQ(ca->g.seq) != token >> 8 ||
	    ipc_endpoints[ca->g.ep].owner != s)
		return NULL;
	bool async = ca->g.state & CALL_ASYNC;
	ca->g.state = CALL_IDLE;
	if (async) {   /* the client learns it from an event, when it looks */
		if (len)
			ipc_copy(&sa->ro[IPC_RO_SEND], &ca->rw[IPC_RW_ASYNC_RECV], len);
		upcall_schedule(c, ipc_drv, IPC_SUB_CALL_DONE, 0, len, code);
		return NULL;
	}
	if (!ipc_blocked_in(c, YIELD_IPC_CALL))
		return NULL;   /* its deadline ended the call */
	if (len)
		ipc_copy(&sa->ro[IPC_RO_SEND], &ca->rw[IPC_RW_RECV], len);
	finish(c, TICK_IPC_OK, len, code, 0);
	return c;
}

/* The oldest call made to any of s's endpoints that its client still waits for. Out of line:
 * the common Yield-IPC-Recv finds maybe_pending at 0 and never comes here. */
static struct process *oldest_call(struct process *s)
{
	struct process *best = NULL;
	uint32_t best_seq = 0;
	unsigned n = 0;
	for (struct grant_ref r = grant_first(ipc_drv); r.p; r = grant_next(ipc_drv, r.p)) {
		struct ipc_grant *g = &area_of(r.p)->g;
		if (CALL_STAGE(g->state) != CALL_SENT || ipc_endpoints[g->ep].owner != s ||
		    !ipc_endpoints[g->ep].name)
			continue;
		if (!ipc_call_live(r.p, g)) {
			g->state = CALL_IDLE;   /* its deadline passed before anyone took it */
			continue;
		}
		n++;
		if (!best || (int32_t)(g->seq - best_seq) < 0) {
			best = r.p;
			best_seq = g->seq;
		}
	}
	ipc_maybe_pending[s->index] = (uint8_t)(n ? n - 1 : 0);   /* best is about to be taken */
	return best;
}

uint32_t ipc_recv_general(struct process *s, struct ipc_area *sa)
{
	struct arch_context *x = &s->ctx;
	uint32_t token = arch_arg(x, 1), spec = arch_arg(x, 2), len = spec & TICK_IPC_LEN_MASK;
	if (!ipc_drv)
		return ipc_fail(s, ERR_NODEVICE);
	if (!sa || (spec & 0xF800u) || len > TICK_IPC_MAX_PAYLOAD || (token && !ipc_token_ok(token)) ||
	    (len && sa->ro[IPC_RO_SEND].len < len))
		return ipc_fail(s, ERR_INVAL);
	/* The upcall ids it also waits for: validated at allow time, aligned for the kernel's
	 * word reads, at most Yield-WaitAny's count. */
	const struct allow_slot *ev = &sa->ro[IPC_RO_EVENTS];
	uint32_t events = spec & TICK_IPC_WAIT_EVENTS ? ev->len / 8u : 0;
	if ((spec & TICK_IPC_WAIT_EVENTS) &&
	    (events == 0 || events > TICK_WAITANY_MAX || (ev->ptr & 3u) || (ev->len & 7u)))
		return ipc_fail(s, ERR_INVAL);
	struct process *c = token ? reply(s, sa, token, len, spec >> TICK_IPC_CODE_SHIFT) : NULL;
	if (ipc_maybe_pending[s->index]) {
		struct process *next = oldest_call(s);
		if (next) {
			take(s, sa, next, area_of(next));
			return TRAP_RESUME;
		}
	}
	if (events) {
		/* While it waits its registers read as a Yield-WaitAny over those ids (with a0 still
		 * Yield-IPC-Recv): any of those events ends the wait as WaitAny's would, and one that
		 * is queued already ends it now. */
		s->state = PS_YIELDED_FOR;
		arch_set_arg(x, 1, ev->ptr);
		arch_set_arg(x, 2, events);
		if (upcall_try_complete_wait(s))
			return TRAP_RESUME;
		if ((spec & TICK_IPC_HAS_DEADLINE) && !deadline_wait(s, arch_arg(x, 3)))
			return TRAP_RESUME;
	} else if (!block(s, spec)) {
		return TRAP_RESUME;   /* its deadline has passed already */
	}
	return c ? ipc_switch_to(c) : TRAP_TO_KERNEL;
}

void ipc_process_ended(struct process *p)
{
	if (!ipc_drv)
		return;
	/* Calls pending on its endpoints fail at once... */
	for (struct grant_ref r = grant_first(ipc_drv); r.p; r = grant_next(ipc_drv, r.p)) {
		struct ipc_grant *g = r.data;
		struct endpoint *e = &ipc_endpoints[g->ep];
		if (g->state == CALL_IDLE || !e->name || e->owner != p || r.p == p)
			continue;
		bool async = g->state & CALL_ASYNC;
		g->state = CALL_IDLE;
		if (async)
			upcall_schedule(r.p, ipc_drv, IPC_SUB_CALL_DONE, ERR_IPC_PEER_DIED, 0, 0);
		else if (ipc_blocked_in(r.p, YIELD_IPC_CALL))
			finish(r.p, TICK_IPC_FAILED, TICK_ERR_IPC_PEER_DIED, 0, 0);
	}
	/* ... and its endpoints are freed: handles to them go stale. */
	ipc_maybe_pending[p->index] = 0;
	for (unsigned i = 0; i < CONFIG_IPC_ENDPOINTS; i++)
		if (ipc_endpoints[i].name && ipc_endpoints[i].owner == p) {
			ipc_endpoints[i].name = NULL;
			ipc_endpoints[i].gen++;
		}
}

/* ---- Commands ---------------------------------------------------------------------------- */

/* Queues IPC event `sub` on p unless one waits in its queue already: the events say "look
 * again" (at the registrations, at the bits), so one queued is as good as many, and nobody
 * (a service restarting in a loop, a flooding notifier) can fill another's upcall queue with
 * them, which would push out other drivers' upcalls. */
static void post_once(struct process *p, unsigned sub, uint32_t a0)
{
	if (upcall_find(p, ipc_drv, sub) < 0)
		upcall_schedule(p, ipc_drv, sub, a0, 0, 0);
}

/* The name in p's read-only allow 0, or false if there is none. */
static bool allowed_name(struct process *p, const uint8_t **name, uint32_t *len)
{
	uint8_t *b;
	if (!grant_buffer(p, ipc_drv, ALLOW_RO, IPC_RO_NAME, &b, len) || *len > 255)
		return false;
	*name = b;
	return true;
}

static int find_endpoint(const uint8_t *name, uint32_t len)
{
	for (unsigned i = 0; i < CONFIG_IPC_ENDPOINTS; i++)
		if (ipc_endpoints[i].name && ipc_endpoints[i].name_len == len && memcmp(ipc_endpoints[i].name, name, len) == 0)
			return (int)i;
	return -1;
}

/* Where p's TBF declares `name` as a service it may provide (Tick IPC services TLV), or NULL. */
/* Where name appears in a list of names ({u8 n; n bytes}..., validated by tbf_parse), or NULL. */
static const uint8_t *listed(const uint8_t *list, uint32_t list_len, const uint8_t *name, uint32_t len)
{
	for (uint32_t at = 0; at < list_len; at += 1u + list[at])
		if (list[at] == len && memcmp(list + at + 1, name, len) == 0)
			return list + at + 1;
	return NULL;
}

/* p's TBF header, parsed again (it was valid at load time and flash does not change). */
static bool header(const struct process *p, struct tbf_header *h)
{
	return tbf_parse((const uint8_t *)(uintptr_t)p->flash_start, p->flash_end - p->flash_start, h) == TBF_OK;
}

static const uint8_t *declared(const struct process *p, const uint8_t *name, uint32_t len)
{
	struct tbf_header h;
	return header(p, &h) ? listed(h.ipc_services, h.ipc_services_len, name, len) : NULL;
}

/* Whether the owner of a service is the process c asked for (required ShortId, 0 = any;
 * required key: its credentials verified with it, 0 = any; a key the board does not have
 * matches nobody) and accepts c: its TBF lists the
 * apps it accepts, or lists none. A name in the list is only as good as the credentials
 * behind it: a service signed with the board key accepts only clients signed with it too,
 * so an unsigned app cannot pass for a listed one by copying its package name. Returns 0 or
 * the error FIND answers. */
static uint32_t accepts(const struct process *owner, const struct process *c, uint32_t short_id,
			uint32_t key)
{
	struct tbf_header h;
	if (key && owner->key != key)
		return ERR_IPC_UNVERIFIED;
	if ((short_id && owner->short_id != short_id) || !header(owner, &h))
		return ERR_IPC_DENIED;
	if (h.ipc_clients && (!listed(h.ipc_clients, h.ipc_clients_len, c->name, c->name_len) ||
			      c->key < owner->key))
		return ERR_IPC_DENIED;
	return 0;
}

static struct sysret do_register(struct process *p)
{
	const uint8_t *name, *decl;
	uint32_t len;
	if (!allowed_name(p, &name, &len) || len == 0)
		return sysret_failure(ERR_INVAL);
	if (!(decl = declared(p, name, len)))
		return sysret_failure(ERR_RESERVE);   /* not a name its TBF declares */
	int i = find_endpoint(name, len);
	if (i >= 0)
		return sysret_failure(ipc_endpoints[i].owner == p ? ERR_ALREADY : ERR_BUSY);
	for (i = 0; i < CONFIG_IPC_ENDPOINTS && ipc_endpoints[i].name; i++)
		;
	if (i == CONFIG_IPC_ENDPOINTS)
		return sysret_failure(ERR_NOMEM);
	struct endpoint *e = &ipc_endpoints[i];
	e->name = decl;
	e->name_len = (uint8_t)len;
	e->owner = p;
	/* Whoever waits for a service to appear looks again. */
	for (struct grant_ref r = grant_first(ipc_drv); r.p; r = grant_next(ipc_drv, r.p))
		if (r.p != p)
			post_once(r.p, IPC_SUB_REGISTERED, (uint32_t)i);
	return sysret_success_u32((uint32_t)i);
}

static struct sysret do_find(struct process *p, uint32_t short_id, uint32_t key)
{
	const uint8_t *name;
	uint32_t len;
	struct ipc_grant *g = grant_enter(p, ipc_drv);
	if (!g)
		return sysret_failure(ERR_NOMEM);
	if (!allowed_name(p, &name, &len) || len == 0)
		return sysret_failure(ERR_INVAL);
	g->id = process_id(p);   /* what servers are told about its calls */
	int i = find_endpoint(name, len);
	if (i < 0)
		return sysret_failure(ERR_NODEVICE);   /* not registered (yet): see IPC_SUB_REGISTERED */
	uint32_t refused = accepts(ipc_endpoints[i].owner, p, short_id, key);
	if (refused)
		return sysret_failure(refused);
	unsigned h, free_h = IPC_HANDLES;
	for (h = 0; h < IPC_HANDLES; h++) {
		const struct handle *o = &g->handle[h];
		bool live = o->use & HANDLE_LIVE;
		if (live && o->ep == i && o->gen == ipc_endpoints[i].gen)
			return sysret_success_u32(HANDLE_VALUE(h, o->use));   /* it has one already */
		/* A free entry, or a stale one: its service is gone, the handle useless. */
		bool stale = !ipc_endpoints[o->ep].name || ipc_endpoints[o->ep].gen != o->gen;
		if ((!live || stale) && free_h == IPC_HANDLES)
			free_h = h;
	}
	if (free_h == IPC_HANDLES)
		return sysret_failure(ERR_NOMEM);
	/* A new count, so that the value that named this entry before names nothing now. */
	struct handle *n = &g->handle[free_h];
	uint8_t count = (uint8_t)(n->use & 0x3Fu) % 63u + 1u;
	*n = (struct handle){ ipc_endpoints[i].gen, (uint8_t)i, (uint8_t)(HANDLE_LIVE | count) };
	return sysret_success_u32(HANDLE_VALUE(free_h, n->use));
}

/* The client of the call `token` that server s took and that still waits for it, with its
 * grant; NULL when the call has ended (replied, the client gave up, ended or called again). */
static struct process *taken_call(struct process *s, uint32_t token, struct ipc_area **out)
{
	struct process *c = &processes[(token & 0xFFu) - 1u];
	struct ipc_area *ca = process_alive(c) ? area_of(c) : NULL;
	if (!ca || CALL_STAGE(ca->g.state) != CALL_TAKEN || TOKEN_SEQ(ca->g.seq) != token >> 8 ||
	    ipc_endpoints[ca->g.ep].owner != s || !ipc_call_live(c, &ca->g))
		return NULL;
	*out = ca;
	return c;
}

/*
 * Leases: buffers a client lends with a call (its allows RW 2-3 and RO 2-3), which the server
 * reads and writes through the kernel, never through its protection, while the call lasts.
 * The client is blocked in the call the whole time, so the buffers cannot change or be
 * reused under the server; the moment the call ends (reply, the client's deadline, its end)
 * every lease is gone, with nothing to revoke.
 */
static struct sysret lease(struct process *s, uint32_t cmd, uint32_t token, uint32_t arg)
{
	unsigned n = arg & 3u;
	uint32_t offset = arg >> 2;
	struct ipc_area *ca, *sa = area_of(s);
	if (!sa || !ipc_token_ok(token))
		return sysret_failure(ERR_INVAL);
	if (!taken_call(s, token, &ca))
		return sysret_failure(ERR_CANCEL);   /* the call is over: so are its leases */
	if (!(ca->g.leases & (1u << n)))
		return sysret_failure(ERR_INVAL);    /* not lent with this call */
	struct allow_slot *l = n < 2 ? &ca->rw[IPC_RW_LEASE0 + n] : &ca->ro[IPC_RO_LEASE2 + n - 2];
	uint32_t rights = n < 2 ? ((ca->g.leases >> (4 + n)) & 1u ? 2u : 3u) : 1u;
	if (cmd == IPC_CMD_LEASE_INFO)
		return sysret_success_2u32(l->len, rights);
	if (offset > l->len || !(rights & (cmd == IPC_CMD_LEASE_READ ? 1u : 2u)))
		return sysret_failure(ERR_INVAL);
	struct allow_slot window = { l->ptr + offset, l->len - offset };
	/* READ: from the lease into the server's RW allow 1; WRITE: from its RO allow 0 into it */
	bool read = cmd == IPC_CMD_LEASE_READ;
	const struct allow_slot *own = read ? &sa->rw[IPC_RW_IDENTITY] : &sa->ro[IPC_RO_NAME];
	uint32_t n_copy = own->len < window.len ? own->len : window.len;
	ipc_copy(read ? &window : own, read ? own : &window, n_copy);
	return sysret_success_u32(n_copy);
}

/* ORs bits into p's pending notification bits. An event (IPC_SUB_NOTIFIED) marks the moment
 * it had none and now has some: bits that arrive before it takes them are coalesced into
 * that one event, and while one such event waits in its queue no other is queued (a target
 * that takes its bits without running the event cannot be flooded with events either). */
static void post_bits(struct process *p, struct ipc_area *a, uint32_t bits)
{
	uint32_t before = a->g.bits;
	a->g.bits |= bits;
	if (!before && bits)
		post_once(p, IPC_SUB_NOTIFIED, 0);
}

bool ipc_is_client(struct process *c, struct process *s)
{
	struct ipc_area *a = ipc_area(c);
	for (unsigned h = 0; a && h < IPC_HANDLES; h++) {
		const struct handle *o = &a->g.handle[h];
		const struct endpoint *e = &ipc_endpoints[o->ep];
		if ((o->use & HANDLE_LIVE) && e->name && e->gen == o->gen && e->owner == s)
			return true;
	}
	return false;
}

static struct sysret notify(struct process *p, uint32_t cmd, uint32_t target, uint32_t bits)
{
	struct process *t;
	if (cmd == IPC_CMD_NOTIFY_SERVICE) {
		uint32_t err = ipc_handle_owner(p, target, &t);
		if (err)
			return sysret_failure(err);
	} else {
		/* A service may notify its clients (a server-to-client pingback), nobody else. */
		t = process_lookup(target);
		if (!t || !ipc_is_client(t, p))
			return sysret_failure(ERR_INVAL);
	}
	struct ipc_area *ta = area_of(t);
	if (!ta)
		return sysret_failure(ERR_INVAL);
	post_bits(t, ta, bits);
	return sysret_success();
}

/*
 * Async calls and takes (docs/ipc.md, "Calls without waiting"): a client starts a call and
 * runs on; its end (the reply, the service's end, its own CANCEL) comes as one event,
 * IPC_SUB_CALL_DONE, which its Yield-WaitAny waits for beside other events. A server takes the
 * oldest waiting call with TAKE instead of Yield-IPC-Recv and replies with REPLY; a TAKE that
 * finds none asks for one event (IPC_SUB_CALL_WAITING) when the next call comes. The async
 * call uses its own buffers (RO 5, RW 4) and TAKE its own (RW 5), so that one process can be
 * an async client, a server and a synchronous client at once.
 */
static struct sysret call_async(struct process *c, uint32_t h, uint32_t spec)
{
	struct ipc_area *ca = area_of(c);
	struct process *s;
	/* The flags of Yield-IPC-Call but a deadline (the library's timers give up instead). */
	uint32_t err = start_call(c, ca, h, spec, IPC_CALL_SPEC & ~TICK_IPC_HAS_DEADLINE,
				  IPC_RO_ASYNC_SEND, CALL_ASYNC | CALL_SENT, &s);
	if (err)
		return sysret_failure(err);
	if (ipc_blocked_in(s, YIELD_IPC_RECV))
		take(s, area_of(s), c, ca);   /* it runs when the scheduler picks it */
	else
		call_waits(s);
	return sysret_success();
}

/* The async call ends now: the client learns it from the event (CANCEL) like any other end,
 * so exactly one event follows every call; a reply to it later is dropped. ALREADY: no
 * async call is live (its event is queued, or was taken). */
static struct sysret call_cancel(struct process *c)
{
	struct ipc_area *ca = area_of(c);
	if (!ca || !(ca->g.state & CALL_ASYNC))
		return sysret_failure(ERR_ALREADY);
	ca->g.state = CALL_IDLE;
	upcall_schedule(c, ipc_drv, IPC_SUB_CALL_DONE, ERR_CANCEL, 0, 0);
	return sysret_success();
}

/* Server s takes the oldest call waiting for it without blocking: (token, length, caller's
 * process id), its payload in RW allow 5; token 0 when there is none, and then the next call
 * raises IPC_SUB_CALL_WAITING. */
static struct sysret take_call(struct process *s)
{
	struct ipc_area *sa = area_of(s);
	struct process *c = sa && ipc_maybe_pending[s->index] ? oldest_call(s) : NULL;
	if (!sa)
		return sysret_failure(ERR_INVAL);
	if (!c) {
		sa->g.want_call = 1;
		return (struct sysret){ { SYSRET_SUCCESS_3U32, 0, 0, 0 } };
	}
	struct ipc_area *ca = area_of(c);
	uint32_t token = take_into(&sa->rw[IPC_RW_TAKE], c, ca);
	return (struct sysret){ { SYSRET_SUCCESS_3U32, token, ca->g.len, ca->g.id } };
}

/* The identity the kernel vouches for: ShortId, package name and the board key its
 * credentials verified with (bits 8-15 beside the name's length) of the live process id. */
static struct sysret do_identify(struct process *p, process_id_t id)
{
	struct process *q = process_lookup(id);
	if (!q)
		return sysret_failure(ERR_INVAL);
	uint8_t *b;
	uint32_t room;
	if (grant_buffer(p, ipc_drv, ALLOW_RW, IPC_RW_IDENTITY, &b, &room))
		memcpy(b, q->name, q->name_len < room ? q->name_len : room);
	return sysret_success_2u32(q->short_id, q->name_len | (uint32_t)q->key << 8);
}

static struct sysret command(void *self, struct process *p, uint32_t cmd, uint32_t arg0, uint32_t arg1)
{
	(void)self;
	switch (cmd) {
	case IPC_CMD_EXISTS:
		return sysret_success();
	case IPC_CMD_REGISTER:
		return do_register(p);
	case IPC_CMD_FIND:
		return do_find(p, arg0, arg1);
	case IPC_CMD_REPLY: {
		/* Out of order, from outside Yield-IPC-Recv. A dropped reply is no error. */
		struct ipc_area *a = area_of(p);
		uint32_t len = arg1 & TICK_IPC_LEN_MASK;
		if (!a || !ipc_token_ok(arg0) || (arg1 & 0xFE00u) || len > TICK_IPC_MAX_PAYLOAD ||
		    (len && a->ro[IPC_RO_SEND].len < len))
			return sysret_failure(ERR_INVAL);
		reply(p, a, arg0, len, arg1 >> TICK_IPC_CODE_SHIFT);
		return sysret_success();
	}
	case IPC_CMD_IDENTIFY:
		return do_identify(p, arg0);
	case IPC_CMD_CLOSE: {
		struct ipc_area *a = ipc_drv ? area_of(p) : NULL;
		struct handle *hd = a ? ipc_handle(&a->g, arg0) : NULL;
		if (!hd)
			return sysret_failure(ERR_INVAL);
		hd->use &= (uint8_t)~HANDLE_LIVE;   /* keeps its count */
		return sysret_success();
	}
	case IPC_CMD_LEASE_INFO:
	case IPC_CMD_LEASE_READ:
	case IPC_CMD_LEASE_WRITE:
		return lease(p, cmd, arg0, arg1);
	case IPC_CMD_NOTIFY_SERVICE:
	case IPC_CMD_NOTIFY_CLIENT:
		return notify(p, cmd, arg0, arg1);
	case IPC_CMD_TAKE_BITS: {
		struct ipc_area *a = area_of(p);
		uint32_t bits = a ? a->g.bits : 0;
		if (a)
			a->g.bits = 0;
		return sysret_success_u32(bits);
	}
	case IPC_CMD_XFER_DECLARE:
	case IPC_CMD_XFER_GIVE:
	case IPC_CMD_XFER_RELEASE:
		return transfer_command(p, cmd, arg0, arg1);
	default:
		/* Not cases of their own: the dispatch of the others stays as it was. */
		if (cmd == IPC_CMD_CALL_ASYNC)
			return call_async(p, arg0, arg1);
		if (cmd == IPC_CMD_CALL_CANCEL)
			return call_cancel(p);
		if (cmd == IPC_CMD_TAKE)
			return take_call(p);
		return sysret_failure(ERR_NOSUPPORT);
	}
}

void ipc_endpoints_init(struct ipc_endpoints *ipc, uint8_t grant_slot)
{
	if (grant_slot >= CONFIG_GRANT_SLOTS)
		return;   /* a board error: the driver stays off (NODEVICE) rather than unsafe */
	ipc->driver = (struct driver){
		.number = IPC_DRIVER_NUM,
		.num_upcalls = 5,        /* IPC_SUB_REGISTERED .. IPC_SUB_CALL_WAITING */
		.num_allow_rw = 6,       /* IPC_RW_RECV, IPC_RW_IDENTITY, leases 0-1, async reply, TAKE */
		.num_allow_ro = 6,       /* IPC_RO_NAME, IPC_RO_SEND, leases 2-3, IPC_RO_EVENTS, async send */
		.grant_data_size = sizeof(struct ipc_grant),
		.grant_slot = grant_slot,
		.command = command,
		.self = ipc,
	};
	ipc_slot = grant_slot;
	ipc_drv = &ipc->driver;
}

_Static_assert(sizeof(struct upcall_slot) * 5 + sizeof(struct allow_slot) * 12 ==
	       offsetof(struct ipc_area, g), "struct ipc_area is the grant of ipc_endpoints_init");
