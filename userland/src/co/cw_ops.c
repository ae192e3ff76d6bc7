/* Layer 3, lean form, the operations: driver ops with their cancellation contract, on the core's loop. */
#include <tick/cw.h>
#include <tick/time.h>

#include "../async/async_private.h"
#include "cw_private.h"

/* op->state */
enum { OP_IDLE = 0, OP_DONE, OP_QUEUED, OP_ACTIVE };

/* The ops' state is in the core's (cw_private.h), one base address for both. */
#define cw tick__cw

/* The op a list link starts. */
#define OP(l) ((tick_cw_op_t *)(l))

static void finish(tick_cw_op_t *op, int result) {
  tick__cw_unlink(&cw.pending, &op->link);
  op->state = OP_DONE;
  op->result = result;
  tick_cw_wake(op->co);
}

/* The first pending op of kind k; of a PIN kind, the first waiting for `pin` (~0u: any). */
static tick_cw_op_t *find(const struct tick__op_kind *k, uint32_t pin) {
  tick_cw_op_t *op = OP(cw.pending);
  while (op && (op->kind != k || (pin != ~0u && op->arg != pin))) op = OP(op->link.next);
  return op;
}

/* The stale table's entry holding k (k == NULL: a free entry), or NULL. */
static const struct tick__op_kind **stale(const struct tick__op_kind *k) {
  for (const struct tick__op_kind **s = cw.stale; s < cw.stale + TICK_CW_STALE_MAX; s++)
    if (*s == k) return s;
  return NULL;
}

/* One system call that answers Success (command) or Success with 2 u32 (allow): 0 or the
 * error (layer 2's op.c has the same; a program links one or the other). */
static uint32_t sys(uint32_t cls, uint32_t a0, uint32_t a1, uintptr_t a2, uint32_t a3) {
#if defined(__arm__) && !defined(TICK_HOST)
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

/* Lends the buffer and issues the start command (args op->arg, arg2). TICK_OK or a negative
 * error (then nothing stays lent). */
static int kernel_start(tick_cw_op_t *op, uint32_t arg2) {
  const struct tick__op_kind *k = op->kind;
  uint32_t err = 0;
  if (k->allow) err = sys(k->allow, k->driver, k->slot, (uintptr_t)op->buf, op->arg);
  if (!err && (err = sys(TICK_CLASS_COMMAND, k->driver, k->start, op->arg, arg2)) != 0)
    unallow(k);
  if (err) return tick_rc_from_error(err);
  op->state = OP_ACTIVE;
  return TICK_OK;
}

/* A PIN kind's stop command for `pin`, unless another op still waits for that pin. */
static void stop_pin(const struct tick__op_kind *k, uint32_t pin) {
  if (!find(k, pin)) sys(TICK_CLASS_COMMAND, k->driver, k->stop, pin, 0);
}

/* Before a PIN op starts: the edges of kind k already queued complete the ops that were
 * waiting for them or are dropped, so that the new op waits for edges after its start. */
static void take_queued_edges(const struct tick__op_kind *k) {
  tick_upcall_id_t id = {k->driver, k->sub};
  uint32_t now = tick_time_now();
  tick_waitany_result_t e;
  while ((e = tick_yield_wait_any(&id, 1, true, now)).index == 0) {
    tick_cw_op_t *o = find(k, e.arg0);
    if (!o) continue;
    finish(o, (int)e.arg1); /* first: stop_pin sees whether another op waits for the pin */
    stop_pin(k, e.arg0);
  }
}

/* No waits on ids (cw_wait.c's definitions replace these when a program makes one;
 * cw_private.h). */
__attribute__((weak)) bool tick__cw_id_waited(const struct tick__op_kind *k) {
  (void)k;
  return false;
}
__attribute__((weak)) unsigned tick__cw_cos_list(unsigned n) { return n; }
__attribute__((weak)) void tick__cw_cos_event(const tick_waitany_result_t *r) { (void)r; }

static int op_start(tick_cw_op_t *op, const struct tick__op_kind *k, void *buf, uint32_t arg,
                    uint32_t arg2, tick_cw_t *co) {
  if (tick_cw_op_pending(op)) return TICK_EBUSY;
  op->kind = k; /* an op that is not pending is in no list: harmless if refused below */
  op->co = co;
  op->buf = buf;
  op->arg = arg;
  /* A coroutine waits for k's id itself (cw_wait.c; a 2-byte "no" without it). */
  if (tick__cw_id_waited(k)) return TICK_EBUSY;
  bool pin = k->flags & KIND_PIN;
  if (pin) take_queued_edges(k);
  else if (find(k, ~0u)) return TICK_EBUSY; /* as the driver would answer */
  op->state = OP_QUEUED; /* until a stale completion of this kind has been drained */
  if (pin || !stale(k)) {
    int rc = kernel_start(op, arg2);
    if (rc != TICK_OK) {
      op->state = OP_IDLE;
      return rc;
    }
  }
  tick__cw_append(&cw.pending, &op->link);
  return TICK_OK;
}

/* The event (a0, a1) of kind k arrived. */
static void event(const struct tick__op_kind *k, uint32_t a0, uint32_t a1) {
  const struct tick__op_kind **s = stale(k);
  tick_cw_op_t *op;
  int result;
  if (s) { /* the late completion of a cancelled op: discarded */
    *s = NULL;
    /* The op that waited for it starts now (only one-at-a-time kinds wait). */
    if ((op = find(k, ~0u)) != NULL && (result = kernel_start(op, 0)) != TICK_OK)
      finish(op, result);
    return;
  }
  bool pin = k->flags & KIND_PIN;
  if (!(op = find(k, pin ? a0 : ~0u))) return; /* an edge nobody waits for */
  if (pin) {
    finish(op, (int)a1); /* first: stop_pin sees whether another op waits for the pin */
    stop_pin(k, a0);
    return;
  }
  unallow(k);
  result = (int)a0;
  if (k->flags & KIND_STATUS) {
    uint32_t n = a1 > op->arg ? op->arg : a1;
    result = n || !a0 ? (int)n : tick_rc_from_error(a0);
  }
  finish(op, result);
}

int tick_cw_op_cancel(tick_cw_op_t *op) {
  if (!tick_cw_op_pending(op)) return TICK_EALREADY;
  const struct tick__op_kind *k = op->kind;
  bool active = op->state == OP_ACTIVE;
  tick__cw_unlink(&cw.pending, &op->link);
  op->state = OP_IDLE;
  if (k->flags & KIND_PIN) {
    stop_pin(k, op->arg);
  } else if (active) {
    /* Stop it, take the buffer back, and discard the completion the driver still reports. */
    if (k->stop) sys(TICK_CLASS_COMMAND, k->driver, k->stop, op->arg, 0);
    unallow(k);
    const struct tick__op_kind **s = stale(NULL);
    if (s) *s = k;
  }
  return TICK_OK;
}

int tick_cw_console_read(tick_cw_op_t *op, void *buf, size_t len, tick_cw_t *co) {
  return op_start(op, &tick__kind_console_read, buf, len, 0, co);
}

int tick_cw_console_write(tick_cw_op_t *op, const void *buf, size_t len, tick_cw_t *co) {
  return op_start(op, &tick__kind_console_write, (void *)buf, len, 0, co);
}

int tick_cw_rng(tick_cw_op_t *op, void *buf, size_t len, tick_cw_t *co) {
  return op_start(op, &tick__kind_rng, buf, len, 0, co);
}

int tick_cw_button(tick_cw_op_t *op, uint32_t b, tick_cw_t *co) {
  return op_start(op, &tick__kind_button, NULL, b, 0, co);
}

int tick_cw_gpio_edge(tick_cw_op_t *op, uint32_t pin, uint32_t edge, tick_cw_t *co) {
  return op_start(op, &tick__kind_gpio_edge, NULL, pin, edge, co);
}

/* ---- select, the core's hooks ------------------------------------------------------------ */

int tick_cw_select(tick_cw_t *co, tick_cw_op_t *const *ops, bool timed) {
  tick_cw_op_t *const *won = ops;
  while (*won && !tick_cw_op_done(*won)) won++;
  if (!*won && (!timed || co->timer == TICK_CW_ARMED)) return -1;
  for (tick_cw_op_t *const *p = ops; *p; p++)
    if (p != won) tick_cw_op_cancel(*p);
  co->timer = TICK_CW_UNTIMED;
  return *won ? (int)(won - ops) : TICK_ETIMEOUT;
}

/* The core's tick_cw_cancel with co's ops cancelled first (replaces the core's, cw.c). */
int tick_cw_cancel(tick_cw_t *co) {
  if (co->state < TICK_CW_WAITING) return TICK_EALREADY;
  for (tick_cw_op_t *op = OP(cw.pending), *next; op; op = next) {
    next = OP(op->link.next); /* cancelling unlinks `op` alone */
    if (op->co == co) tick_cw_op_cancel(op);
  }
  tick_cw_exit(co, TICK_ECANCEL);
  return TICK_OK;
}

/* ---- the loop ----------------------------------------------------------------------------- */

/* The kinds of the late completions still due and of the active ops, each once (one loop, so
 * that the listing is inline: this runs every turn). */
static inline __attribute__((always_inline)) unsigned list_kinds(void) {
  unsigned n = 0, writing = 0;
  const struct tick__op_kind **s = cw.stale;
  tick_cw_op_t *op = OP(cw.pending);
  for (;;) {
    const struct tick__op_kind *k;
    if (s < cw.stale + TICK_CW_STALE_MAX) {
      k = *s++;
    } else if (op) {
      k = op->state == OP_ACTIVE ? op->kind : NULL;
      op = OP(op->link.next);
    } else {
      break;
    }
    if (!k) continue;
    unsigned i = 0;
    while (i < n && cw.kind[i] != k) i++;
    if (i == n && n < TICK_WAITANY_MAX) {
      cw.ids[n] = (tick_upcall_id_t){k->driver, k->sub};
      cw.kind[n++] = k;
      writing |= k->flags & KIND_WRITE;
    }
  }
  cw.writing = writing;
  return n;
}

/* This loop's list: the ops' kinds, then the ids of the waiting coroutines (if any wait on
 * ids: cw_wait.c). */
static inline __attribute__((always_inline)) unsigned list(void) {
  return tick__cw_cos_list(cw.nops = list_kinds());
}

/* An event for an op's kind (listed first), or for a waiting coroutine. */
static inline __attribute__((always_inline)) void hand_out(const tick_waitany_result_t *r) {
  if (r->index < cw.nops) event(cw.kind[r->index], r->arg0, r->arg1);
  else tick__cw_cos_event(r);
}

/* The loop of a program with ops (replaces the core's, cw.c). */
int tick_cw_run_once(void) { return tick__cw_turn(list, hand_out, true); }
