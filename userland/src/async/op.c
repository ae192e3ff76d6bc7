/* Layer 2: kernel operations: start, completion, cancellation; late completions drained. */
#include <tick/time.h>

#include "async_private.h"

struct tick__loop tick__loop;

void tick__op_append(tick_op_t *op) {
  tick_op_t **p = &tick__loop.ops;
  while (*p) p = &(*p)->next;
  op->next = NULL;
  *p = op;
}

__attribute__((always_inline)) static inline void unlink(tick_op_t *op) {
  for (tick_op_t **p = &tick__loop.ops; *p; p = &(*p)->next) {
    if (*p == op) {
      *p = op->next;
      return;
    }
  }
}

void tick__op_unlink(tick_op_t *op) { unlink(op); }

/* Unlinks inline: a leaf until the completion function, which it tail-calls (the wake-up
 * paths cb_resume and co_resume go through here; a call would cost them a register save). */
void tick__op_finish(tick_op_t *op, int result) {
  unlink(op);
  op->state = TICK_OP_DONE;
  op->result = result;
  if (op->fn) op->fn(op, result, op->data);
}

/* The first pending op of kind k; of a PIN kind, the first waiting for `pin` (~0u: any). */
static tick_op_t *find(const struct tick__op_kind *k, uint32_t pin) {
  tick_op_t *op = tick__loop.ops;
  while (op && (op->kind != k || (pin != ~0u && op->arg != pin))) op = op->next;
  return op;
}

/* The stale table's entry holding k (k == NULL: a free entry), or NULL. */
static const struct tick__op_kind **stale(const struct tick__op_kind *k) {
  for (const struct tick__op_kind **s = tick__loop.stale; s < tick__loop.stale + TICK_STALE_MAX; s++)
    if (*s == k) return s;
  return NULL;
}

/* One system call that answers Success (command) or Success with 2 u32 (allow): 0 or the
 * error. One call site for all of them keeps the code small. */
static uint32_t sys(uint32_t cls, uint32_t a0, uint32_t a1, uintptr_t a2, uint32_t a3) {
#if defined(__arm__) && !defined(TICK_HOST)
  /* Arm has the class in the svc: only command and the two allows are made here. */
  tick_regs_t r = cls == TICK_CLASS_COMMAND    ? tick_syscall4(TICK_CLASS_COMMAND, a0, a1, a2, a3)
                  : cls == TICK_CLASS_ALLOW_RW ? tick_syscall4(TICK_CLASS_ALLOW_RW, a0, a1, a2, a3)
                                               : tick_syscall4(TICK_CLASS_ALLOW_RO, a0, a1, a2, a3);
#else
  tick_regs_t r = tick_syscall4(cls, a0, a1, a2, a3);
#endif
  if (r.r0 >= TICK_SUCCESS) return 0;
  return r.r1 ? (uint32_t)r.r1 : TICK_ERR_FAIL;
}

static void unallow(const struct tick__op_kind *k) {
  if (k->allow) sys(k->allow, k->driver, k->slot, 0, 0);
}

/* Lends the buffer and issues the start command. Returns TICK_OK or a negative error (then
 * nothing stays lent). */
static int kernel_start(tick_op_t *op) {
  const struct tick__op_kind *k = op->kind;
  uint32_t err = 0;
  if (k->allow) err = sys(k->allow, k->driver, k->slot, (uintptr_t)op->buf, op->arg);
  if (!err && (err = sys(TICK_CLASS_COMMAND, k->driver, k->start, op->arg, op->arg2)) != 0)
    unallow(k);
  if (err) return tick_rc_from_error(err);
  op->state = TICK_OP_ACTIVE;
  return TICK_OK;
}

/* A PIN kind's stop command for `pin`, unless another op still waits for that pin. */
static void stop_pin(const struct tick__op_kind *k, uint32_t pin) {
  if (!find(k, pin)) sys(TICK_CLASS_COMMAND, k->driver, k->stop, pin, 0);
}

/* Before a PIN op starts: the edges of kind k already queued go to the ops that were waiting
 * for them (completed at the next turn, like a timer due now) or are dropped, so that the new
 * op waits for edges after its start. */
static void take_queued_edges(const struct tick__op_kind *k) {
  tick_upcall_id_t id = {k->driver, k->sub};
  uint32_t now = tick_time_now();
  tick_waitany_result_t e;
  while ((e = tick_yield_wait_any(&id, 1, true, now)).index == 0) {
    tick_op_t *o = find(k, e.arg0);
    if (!o) continue;
    tick__op_unlink(o);
    stop_pin(k, e.arg0);
    o->kind = NULL;
    o->arg = now;
    o->result = (int)e.arg1;
    tick__op_append(o);
  }
}

int tick__op_start(tick_op_t *op, const struct tick__op_kind *k, void *buf, uint32_t arg,
                   uint32_t arg2, tick_op_fn *fn, void *data) {
  if (tick_op_pending(op)) return TICK_EBUSY;
  bool pin = k->flags & KIND_PIN;
  if (pin) take_queued_edges(k);
  else if (find(k, ~0u)) return TICK_EBUSY; /* as the driver would answer */
  op->kind = k;
  op->fn = fn;
  op->data = data;
  op->buf = buf;
  op->arg = arg;
  op->arg2 = arg2;
  op->state = TICK_OP_WAITING; /* until a stale completion of this kind has been drained */
  if (pin || !stale(k)) {
    int rc = kernel_start(op);
    if (rc != TICK_OK) {
      op->state = TICK_OP_IDLE;
      return rc;
    }
  }
  tick__op_append(op);
  return TICK_OK;
}

void tick__op_event(const struct tick__op_kind *k, uint32_t a0, uint32_t a1, uint32_t a2) {
  const struct tick__op_kind **s = stale(k);
  tick_op_t *op;
  int result;
  if (s) { /* the late completion of a cancelled op: discarded */
    *s = NULL;
    /* The op that waited for it starts now. */
    if ((op = find(k, ~0u)) != NULL && (result = kernel_start(op)) != TICK_OK)
      tick__op_finish(op, result);
    return;
  }
  bool pin = k->flags & KIND_PIN;
  if (!(op = find(k, pin ? a0 : ~0u))) return; /* an edge nobody waits for */
  if ((k->flags & KIND_TAKE) && !tick__op_take(op)) return; /* nothing (yet): keep waiting */
  unallow(k);
  result = (int)a0;
  if (pin) {
    tick__op_unlink(op); /* first, so that stop_pin sees whether another op waits */
    stop_pin(k, a0);
    result = (int)a1;
  } else if (k->flags & KIND_STATUS) {
    /* Clipped to the buffer the kind lends (a kind that lends none, the IPC call, reports the
     * reply's full length, as the blocking call does). */
    uint32_t n = a1 > op->arg && k->allow ? op->arg : a1;
    result = n || !a0 ? (int)n : tick_rc_from_error(a0);
    op->arg2 = a2; /* the IPC call's reply code */
  }
  tick__op_finish(op, result);
}

int tick_op_cancel(tick_op_t *op) {
  if (!tick_op_pending(op)) return TICK_EALREADY;
  const struct tick__op_kind *k = op->kind;
  bool active = op->state == TICK_OP_ACTIVE;
  tick__op_unlink(op);
  op->state = TICK_OP_IDLE;
  if (!k) return TICK_OK;
  if (k->flags & KIND_PIN) {
    stop_pin(k, op->arg);
  } else if (active && !(k->flags & KIND_TAKE)) {
    /* Stop it, take the buffer back, and discard the completion the driver still reports. */
    if (k->stop) sys(TICK_CLASS_COMMAND, k->driver, k->stop, op->arg, 0);
    unallow(k);
    const struct tick__op_kind **s = stale(NULL);
    if (s) *s = k;
  }
  return TICK_OK;
}
