/* IPC endpoints inside kernel/ipc: the state and helpers shared by the fast paths (endpoint.c) and the rest (endpoint_slow.c). */
#ifndef TICK_IPC_ENDPOINT_INTERNAL_H
#define TICK_IPC_ENDPOINT_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <tick/grant.h>
#include <tick/ipc_endpoint.h>
#include <tick/syscall.h>
#include "../internal/deadline.h"
#include "../internal/kernel_area.h"
#include "../internal/process.h"

/*
 * Model (docs/ipc.md). A service registers a name its TBF declares and gets an endpoint. A
 * client finds the name and gets a handle: an index into its own handle table, which names
 * (endpoint, endpoint generation); a handle whose service ended or registered again is
 * stale. A call blocks the client until the reply (or its deadline, or the service's end);
 * a server takes calls in the order they were made and replies to each by its token, in any
 * order, never waiting for a client. Nothing is queued in the kernel: a client's one call
 * lives in its own grant, and the payload is copied once, client to server, when the server
 * takes the call (the reply likewise, server to client).
 *
 * Whether a process is blocked in an IPC yield is read from its saved registers: state
 * PS_YIELDED_FOR with a0 = the yield number. While blocked, its a2 is 0, so that other
 * events, which look for a Yield-WaitAny list there, never end the wait. A deadline
 * (deadline.c) ends it with a0 = TICK_WAITANY_DEADLINE; the call left behind is noticed and
 * dropped lazily.
 */

#ifndef CONFIG_IPC_ENDPOINTS
#define CONFIG_IPC_ENDPOINTS 8   /* services registered at once, board-wide */
#endif
#define IPC_HANDLES 4            /* handles per process */

struct endpoint {
	const uint8_t *name;   /* in the owner's TBF (flash); NULL = free */
	struct process *owner;
	uint16_t gen;          /* changes whenever the entry is freed: old handles go stale */
	uint8_t name_len;
};

/* One entry of a process's handle table. A handle's value is the entry's index in bits 0-1
 * and the entry's count (1..63) above them; the count changes whenever FIND reuses the entry,
 * so an old value never names the new service. */
struct handle {
	uint16_t gen;   /* the endpoint's generation when FIND filled the entry */
	uint8_t ep;
	uint8_t use;    /* HANDLE_LIVE | count; 0 before first use */
};
#define HANDLE_LIVE 0x80u
#define HANDLE_VALUE(index, use) ((uint32_t)((use) & 0x3Fu) << 2 | (index))


enum { CALL_IDLE, CALL_SENT, CALL_TAKEN };
/* Or'ed into CALL_SENT / CALL_TAKEN: an async call (CALL_ASYNC command), whose client does not
 * wait in Yield-IPC-Call: it is live until replied to, withdrawn or failed, and ends with an
 * event (IPC_SUB_CALL_DONE). The fast paths compare the state with CALL_TAKEN exactly, so
 * async calls always take the general paths. */
#define CALL_ASYNC 4u
#define CALL_STAGE(state) ((state) & 3u)

/* A process's IPC state, in its grant: its call and its handles. */
struct ipc_grant {
	process_id_t id;    /* the process's id, noted by FIND (the grant goes when the id changes) */
	uint32_t seq;       /* sequence number of its latest call: order, and the token's check */
	uint16_t len;       /* payload bytes of the call */
	uint8_t state;      /* CALL_* */
	uint8_t ep;         /* endpoint called */
	uint8_t leases;     /* the call's leases: bits 0-3 lent, bits 4-5 leases 0-1 write-only */
	uint8_t want_call;  /* a server's TAKE found no call: the next one raises IPC_SUB_CALL_WAITING */
	struct handle handle[IPC_HANDLES];
	uint32_t bits;      /* notification bits pending for the process (coalesced by OR) */
};

/* The driver's whole grant as grant.c lays it out (upcall slots, read-write then read-only
 * allow slots, then the data): the fast paths reach every part from one lookup. */
struct ipc_area {
	struct upcall_slot upcall[5];   /* IPC_SUB_REGISTERED .. IPC_SUB_CALL_WAITING */
	struct allow_slot rw[6];        /* IPC_RW_RECV, IPC_RW_IDENTITY, leases 0-1, IPC_RW_ASYNC_RECV, IPC_RW_TAKE */
	struct allow_slot ro[6];        /* IPC_RO_NAME, IPC_RO_SEND, leases 2-3, IPC_RO_EVENTS, IPC_RO_ASYNC_SEND */
	struct ipc_grant g;
};
#define IPC_CALL_SPEC (TICK_IPC_LEN_MASK | TICK_IPC_HAS_DEADLINE | 0xFC00u)   /* bits a call may set */
#define IPC_LEASE_SHIFT 10

/* State (endpoint_slow.c). */
extern struct endpoint ipc_endpoints[CONFIG_IPC_ENDPOINTS];
extern const struct driver *ipc_drv;   /* NULL until ipc_endpoints_init */
extern uint8_t ipc_slot;                /* its grant slot */
/* Per server slot: at least as many calls wait to be taken (exact after each look). Saves the
 * walk over the clients when there is none, the common case of a server in Yield-IPC-Recv. */
extern uint8_t ipc_maybe_pending[CONFIG_MAX_PROCS];
extern uint32_t ipc_seq;                /* orders calls; 24 bits of it go into tokens */

#define TOKEN(slot, seq) (((uint32_t)(slot) + 1u) | (seq) << 8)
#define TOKEN_SEQ(seq) ((seq) & 0xFFFFFFu)

/* The entry a handle value names, or NULL: a value FIND never gave, a closed or reused entry. */
static inline struct handle *ipc_handle(struct ipc_grant *g, uint32_t h)
{
	struct handle *e = &g->handle[h & 3u];
	/* A live entry's use ^ HANDLE_LIVE is its count (1..63); a dead one's is >= 128. */
	return h < 256 && (h >> 2) == (uint32_t)(e->use ^ HANDLE_LIVE) ? e : (struct handle *)0;
}
_Static_assert(IPC_HANDLES == 4, "a handle value keeps the index in 2 bits");

/* p's IPC grant, or NULL when it never used the driver (ipc_drv must be set). */
static inline __attribute__((always_inline)) struct ipc_area *ipc_area(const struct process *p)
{
	return (struct ipc_area *)kernel_area_grant(p, ipc_slot);
}

/* The process that owns the endpoint p's handle h names, in *owner: 0, or ERR_INVAL when h is
 * not a handle of p's, ERR_IPC_STALE when its endpoint was closed or its owner ended. Inline:
 * a call would cost the transfer's give instructions (bench ipc_handoff). */
static inline __attribute__((always_inline)) uint32_t ipc_handle_owner(struct process *p, uint32_t h,
								       struct process **owner)
{
	struct ipc_area *a = ipc_area(p);
	struct handle *hd = a ? ipc_handle(&a->g, h) : (struct handle *)0;
	if (!hd)
		return ERR_INVAL;
	const struct endpoint *e = &ipc_endpoints[hd->ep];
	if (!e->name || e->gen != hd->gen)
		return ERR_IPC_STALE;
	*owner = e->owner;
	return 0;
}

/* Ends p's IPC wait (or answers its IPC yield at once) with a0..a3. */
static inline __attribute__((always_inline)) void ipc_finish(struct process *p, uint32_t a0,
							      uint32_t a1, uint32_t a2, uint32_t a3)
{
	arch_set_arg(&p->ctx, 0, a0);
	arch_set_arg(&p->ctx, 1, a1);
	arch_set_arg(&p->ctx, 2, a2);
	arch_set_arg(&p->ctx, 3, a3);
	if (p->has_deadline)   /* tested here: deadline_clear is not always inlined */
		deadline_clear(p);
	p->state = PS_RUNNABLE;
}

static inline bool ipc_blocked_in(const struct process *p, uint32_t yield)
{
	return p->state == PS_YIELDED_FOR && arch_arg(&p->ctx, 0) == yield;
}

/* Whether client c still waits for its call g: an async call is live until it ends; a
 * synchronous one while c is blocked in Yield-IPC-Call (its deadline may have ended it). */
static inline bool ipc_call_live(const struct process *c, const struct ipc_grant *g)
{
	return (g->state & CALL_ASYNC) || ipc_blocked_in(c, YIELD_IPC_CALL);
}

/* A token names a process slot; anything else is the server's mistake. */
static inline bool ipc_token_ok(uint32_t token)
{
	return (token & 0xFFu) != 0 && (token & 0xFFu) <= process_slots;
}

/* Copies len bytes from the allowed buffer `from` into `to`, as many as fit there. Both were
 * validated when they were allowed and cannot change while their owners are in this system
 * call or blocked; the caller checked that `from` holds len bytes. */
void ipc_copy(const struct allow_slot *from, const struct allow_slot *to, uint32_t len);
/* Whether process c holds a live handle to one of s's endpoints (it is s's client). Cold. */
bool ipc_is_client(struct process *c, struct process *s);
/* Answers an IPC yield with error e at once; returns TRAP_RESUME. */
uint32_t ipc_fail(struct process *p, uint32_t e);
/* Enters p (runnable) at once instead of going through the kernel loop; returns TRAP_SWITCH,
 * or TRAP_TO_KERNEL when the operator stopped p. */
uint32_t ipc_switch_to(struct process *p);
/* Every Yield-IPC-Call / Yield-IPC-Recv that the fast paths do not serve; ca / sa is the
 * caller's grant (NULL if it has none). */
uint32_t ipc_call_general(struct process *c, struct ipc_area *ca);
uint32_t ipc_recv_general(struct process *s, struct ipc_area *sa);

#endif
