/* IPC endpoints, the fast paths: a call handed straight to a waiting server and a reply straight back, each with a direct switch. */
#include <tick/string.h>
#include <tick/trap.h>
#include "../internal/ipc.h"
#include "endpoint.h"

struct process *trap_switch_target;

uint32_t ipc_fail(struct process *p, uint32_t e)
{
	ipc_finish(p, TICK_IPC_FAILED, e, 0, 0);
	return TRAP_RESUME;
}

void ipc_copy(const struct allow_slot *from, const struct allow_slot *to, uint32_t len)
{
	uint32_t n = len < to->len ? len : to->len;
	const uint8_t *src = (const uint8_t *)(uintptr_t)from->ptr;
	uint8_t *dst = (uint8_t *)(uintptr_t)to->ptr;
	if (((from->ptr | to->ptr) & 3u) == 0)   /* words while both are aligned (the usual case) */
		for (; n >= 4; n -= 4, src += 4, dst += 4)
			*(uint32_t *)(void *)dst = *(const uint32_t *)(const void *)src;
	while (n--)
		*dst++ = *src++;
}

uint32_t ipc_switch_to(struct process *p)
{
	if (p->stopped)
		return TRAP_TO_KERNEL;   /* the operator holds it: the loop will run someone else */
	trap_switch_target = p;
	current_process = p;
	arch_mpu_switch(p);
	return TRAP_SWITCH;
}

/* The fast path of a call with a payload or leases: the server waits for it (anything else,
 * a deadline or a payload the send buffer does not hold, takes the general path). */
static __attribute__((noinline)) uint32_t call_with_payload(struct process *c, struct ipc_area *ca,
							    struct process *s, uint8_t ep)
{
	uint32_t spec = arch_arg(&c->ctx, 2), len = spec & TICK_IPC_LEN_MASK;
	if ((spec & (~IPC_CALL_SPEC | TICK_IPC_HAS_DEADLINE)) || len > TICK_IPC_MAX_PAYLOAD ||
	    ca->ro[IPC_RO_SEND].len < len)
		return ipc_call_general(c, ca);
	ipc_copy(&ca->ro[IPC_RO_SEND], &ipc_area(s)->rw[IPC_RW_RECV], len);
	uint32_t seq = ++ipc_seq;
	ca->g.seq = seq;
	ca->g.len = (uint16_t)len;
	ca->g.ep = ep;
	ca->g.leases = (uint8_t)(spec >> IPC_LEASE_SHIFT);
	ca->g.state = CALL_TAKEN;
	c->state = PS_YIELDED_FOR;
	arch_set_arg(&c->ctx, 2, 0);   /* no Yield-WaitAny ids while blocked */
	ipc_finish(s, TICK_IPC_OK, TOKEN(c->index, seq), len, ca->g.id);
	return ipc_switch_to(s);
}

uint32_t ipc_yield_call(struct process *c)
{
	struct arch_context *x = &c->ctx;
	uint32_t h = arch_arg(x, 1);
	struct ipc_area *ca = ipc_drv ? ipc_area(c) : NULL;
	struct handle *hd = ca ? ipc_handle(&ca->g, h) : NULL;
	if (!hd)
		return ipc_call_general(c, ca);
	struct endpoint *e = &ipc_endpoints[hd->ep];
	struct process *s = e->owner;
	/* The fast path: a valid handle, the server waiting, no deadline. */
	if (!e->name || e->gen != hd->gen || s == c || !ipc_blocked_in(s, YIELD_IPC_RECV))
		return ipc_call_general(c, ca);
	if (arch_arg(x, 2))   /* a payload, leases: a copy needs a stack frame, an empty call not */
		return call_with_payload(c, ca, s, hd->ep);
	uint32_t seq = ++ipc_seq;
	ca->g.seq = seq;
	ca->g.len = 0;
	ca->g.ep = hd->ep;
	ca->g.leases = 0;
	ca->g.state = CALL_TAKEN;
	c->state = PS_YIELDED_FOR;   /* its a2 is 0 already: no Yield-WaitAny ids */
	ipc_finish(s, TICK_IPC_OK, TOKEN(c->index, seq), 0, ca->g.id);
	return ipc_switch_to(s);
}

/* The fast path of a reply with a payload or a code, then waiting for the next call. */
static __attribute__((noinline)) uint32_t reply_with_payload(struct process *s, struct ipc_area *sa,
							     struct process *c, struct ipc_area *ca)
{
	uint32_t spec = arch_arg(&s->ctx, 2), len = spec & TICK_IPC_LEN_MASK;
	if ((spec & 0xFE00u) || len > TICK_IPC_MAX_PAYLOAD || sa->ro[IPC_RO_SEND].len < len)
		return ipc_recv_general(s, sa);   /* a deadline, or what it cannot send */
	ca->g.state = CALL_IDLE;
	ipc_copy(&sa->ro[IPC_RO_SEND], &ca->rw[IPC_RW_RECV], len);
	ipc_finish(c, TICK_IPC_OK, len, spec >> TICK_IPC_CODE_SHIFT, 0);
	s->state = PS_YIELDED_FOR;
	arch_set_arg(&s->ctx, 2, 0);   /* no Yield-WaitAny ids while blocked */
	return ipc_switch_to(c);
}

uint32_t ipc_yield_recv(struct process *s)
{
	struct arch_context *x = &s->ctx;
	uint32_t token = arch_arg(x, 1);
	struct ipc_area *sa = ipc_drv ? ipc_area(s) : NULL;
	/* The fast path: a reply to a valid call whose client waits, no deadline, no other call
	 * waiting for this server. */
	if (!sa || !ipc_token_ok(token) || ipc_maybe_pending[s->index])
		return ipc_recv_general(s, sa);
	struct process *c = &processes[(token & 0xFFu) - 1u];
	struct ipc_area *ca = process_alive(c) ? ipc_area(c) : NULL;
	if (!ca || ca->g.state != CALL_TAKEN || TOKEN_SEQ(ca->g.seq) != token >> 8 ||
	    ipc_endpoints[ca->g.ep].owner != s || !ipc_blocked_in(c, YIELD_IPC_CALL))
		return ipc_recv_general(s, sa);
	if (arch_arg(x, 2))   /* a payload or a code: a copy needs a stack frame, an empty reply not */
		return reply_with_payload(s, sa, c, ca);
	ca->g.state = CALL_IDLE;
	ipc_finish(c, TICK_IPC_OK, 0, 0, 0);
	s->state = PS_YIELDED_FOR;   /* its a2 is 0 already: no Yield-WaitAny ids */
	return ipc_switch_to(c);
}
