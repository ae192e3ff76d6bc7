/* Layer 3, lean form: coroutines and driver ops on one Yield-WaitAny per turn (no layer 2). */
#include <tick/cw.h>
#include <tick/time.h>
#include <tick/upcall.h>

#include "../async/async_private.h"

/* co->state and op->state */
enum { OP_IDLE = 0, OP_DONE, OP_QUEUED, OP_ACTIVE };

/* The loop's state, one object so that code reaches it from one base address. */
static struct {
  struct tick__cw_link *cos; /* started coroutines, in start order */
  struct tick__cw_link *ops; /* pending ops, in start order */
  /* Kinds whose cancelled op will still report a completion (one entry per completion): the
   * loop waits for and discards them before the next op of the kind starts. */
  const struct tick__op_kind *stale[TICK_STALE_MAX];
  /* This turn's Yield-WaitAny list and the kind of each entry. */
  tick_upcall_id_t ids[TICK_WAITANY_MAX];
  const struct tick__op_kind *kinds[TICK_WAITANY_MAX];
  unsigned writing; /* one of the list's kinds is the console write */
} cw;

/* The struct a list link starts (both kinds of list element start with their link). */
#define CO(l) ((tick_cw_t *)(l))
#define OP(l) ((tick_cw_op_t *)(l))

/* Adds n at the end of the list `head`. */
__attribute__((noinline)) static void append(struct tick__cw_link **head, struct tick__cw_link *n) {
  while (*head) head = &(*head)->next;
  n->next = NULL;
  *head = n;
}

/* Removes n from the list `head` (no effect if it is not there). n keeps its own link, so a
 * walk that stands on n can go on from it. */
__attribute__((noinline)) static void unlink(struct tick__cw_link **head, struct tick__cw_link *n) {
  for (; *head; head = &(*head)->next) {
    if (*head == n) {
      *head = n->next;
      return;
    }
  }
}

/* Wrap-safe: deadline a comes before b (both within 2^31 ticks of each other). */
static bool before(uint32_t a, uint32_t b) { return (int32_t)(a - b) < 0; }

/* ---- coroutines -------------------------------------------------------------------------- */

void tick_cw_wake(tick_cw_t *co) {
  if (co->state == TICK_CW_WAITING) co->state = TICK_CW_READY;
}

int tick_cw_start(tick_cw_t *co, tick_cw_fn *fn) {
  if (co->state >= TICK_CW_WAITING) return TICK_EBUSY;
  co->fn = fn;
  co->joiner = NULL;
  co->line = 0;
  co->timer = TICK_CW_UNTIMED;
  co->state = TICK_CW_READY;
  append(&cw.cos, &co->link);
  return TICK_OK;
}

void tick_cw_exit(tick_cw_t *co, int result) {
  unlink(&cw.cos, &co->link); /* the loop's pass goes on from co's own link */
  co->state = TICK_CW_DONE;
  co->timer = TICK_CW_UNTIMED;
  co->result = result;
  if (co->joiner) tick_cw_wake(co->joiner);
}

void tick_cw_arm(tick_cw_t *co, uint32_t deadline) {
  co->deadline = deadline;
  co->timer = TICK_CW_ARMED;
}

/* ---- driver operations (the contract of layer 2's op.c, waking a coroutine) ------------- */

static void finish(tick_cw_op_t *op, int result) {
  unlink(&cw.ops, &op->link);
  op->state = OP_DONE;
  op->result = result;
  tick_cw_wake(op->co);
}

/* The first pending op of kind k; of a PIN kind, the first waiting for `pin` (~0u: any). */
static tick_cw_op_t *find(const struct tick__op_kind *k, uint32_t pin) {
  tick_cw_op_t *op = OP(cw.ops);
  while (op && (op->kind != k || (pin != ~0u && op->arg != pin))) op = OP(op->link.next);
  return op;
}

/* The stale table's entry holding k (k == NULL: a free entry), or NULL. */
static const struct tick__op_kind **stale(const struct tick__op_kind *k) {
  for (const struct tick__op_kind **s = cw.stale; s < cw.stale + TICK_STALE_MAX; s++)
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

static int op_start(tick_cw_op_t *op, const struct tick__op_kind *k, void *buf, uint32_t arg,
                    uint32_t arg2, tick_cw_t *co) {
  if (tick_cw_op_pending(op)) return TICK_EBUSY;
  op->kind = k; /* an op that is not pending is in no list: harmless if refused below */
  op->co = co;
  op->buf = buf;
  op->arg = arg;
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
  append(&cw.ops, &op->link);
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
  unlink(&cw.ops, &op->link);
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

/* ---- select, cancel ---------------------------------------------------------------------- */

int tick_cw_select(tick_cw_t *co, tick_cw_op_t *const *ops, bool timed) {
  tick_cw_op_t *const *won = ops;
  while (*won && !tick_cw_op_done(*won)) won++;
  if (!*won && (!timed || co->timer == TICK_CW_ARMED)) return -1;
  for (tick_cw_op_t *const *p = ops; *p; p++)
    if (p != won) tick_cw_op_cancel(*p);
  co->timer = TICK_CW_UNTIMED;
  return *won ? (int)(won - ops) : TICK_ETIMEOUT;
}

int tick_cw_cancel(tick_cw_t *co) {
  if (co->state < TICK_CW_WAITING) return TICK_EALREADY;
  for (tick_cw_op_t *op = OP(cw.ops), *next; op; op = next) {
    next = OP(op->link.next); /* cancelling unlinks `op` alone */
    if (op->co == co) tick_cw_op_cancel(op);
  }
  tick_cw_exit(co, TICK_ECANCEL);
  return TICK_OK;
}

/* ---- the loop ---------------------------------------------------------------------------- */

/* Defined by stdio.c when it is linked: writes out text that coroutines left buffered. */
void tick__stdio_flush_hook(void) __attribute__((weak));

/* Adds kind k to this turn's list (once); returns the new count. */
static unsigned listen(unsigned n, const struct tick__op_kind *k) {
  unsigned i = 0;
  while (i < n && cw.kinds[i] != k) i++;
  if (i == n && i < TICK_WAITANY_MAX) {
    cw.ids[i] = (tick_upcall_id_t){k->driver, k->sub};
    cw.kinds[n++] = k;
    cw.writing |= k->flags & KIND_WRITE;
  }
  return n;
}

int tick_cw_run_once(void) {
  TICK__REFUSE_IN_UPCALL("tick_cw_run");
  tick__upcall_depth++;
  unsigned n = 0;
  cw.writing = 0;
  for (tick_cw_op_t *op = OP(cw.ops); op; op = OP(op->link.next))
    if (op->state == OP_ACTIVE) n = listen(n, op->kind);
  for (int i = 0; i < TICK_STALE_MAX; i++)
    if (cw.stale[i]) n = listen(n, cw.stale[i]);
  bool ready = false, timed = false;
  uint32_t first = 0;
  tick_cw_t *c;
  for (c = CO(cw.cos); c; c = CO(c->link.next)) {
    if (c->state >= TICK_CW_READY) ready = true;
    if (c->timer == TICK_CW_ARMED && (!timed || before(c->deadline, first))) {
      first = c->deadline;
      timed = true;
    }
  }
  int rc = 0;
  if (n || timed || ready) {
    /* Ready coroutines (they yielded or were woken) only poll: a deadline that has passed. */
    tick_waitany_result_t r =
        tick_yield_wait_any(cw.ids, n, timed || ready, ready ? tick_time_now() : first);
    rc = 1;
    if (r.index < n) event(cw.kinds[r.index], r.arg0, r.arg1);
    else if (r.index != TICK_WAITANY_DEADLINE) rc = TICK_EBADRVAL;
    /* Deadlines are past when the kernel reports one, or while events kept it from doing so;
     * a completion in the same turn is seen first (its op is done when the coroutine runs).
     * Then every coroutine ready now is marked to run once in this turn. */
    uint32_t now = first; /* the kernel reported it: no clock read on this path */
    if (timed && (r.index != TICK_WAITANY_DEADLINE || ready)) now = tick_time_now();
    for (c = CO(cw.cos); c; c = CO(c->link.next)) {
      if (c->timer == TICK_CW_ARMED && !before(now, c->deadline)) {
        c->timer = TICK_CW_UNTIMED;
        tick_cw_wake(c);
      }
      if (c->state == TICK_CW_READY) c->state = TICK_CW_RUN;
    }
    /* In start order; one woken meanwhile (or yielding) waits for the next turn, so none can
     * starve the others or the kernel's events. A coroutine that ends or cancels another
     * unlinks it, but keeps its own link, so the pass can go on from it. */
    for (c = CO(cw.cos); c; c = CO(c->link.next)) {
      if (c->state == TICK_CW_RUN) {
        c->state = TICK_CW_WAITING;
        c->fn(c);
      }
    }
  }
  tick__upcall_depth--;
  /* Text coroutines printed goes out with a blocking write, unless an async console write was
   * pending this turn (the blocking write would take its completion; the text waits). */
  if (!cw.writing && tick__stdio_flush_hook) tick__stdio_flush_hook();
  return rc;
}

int tick_cw_run(void) {
  int rc;
  while ((rc = tick_cw_run_once()) > 0) continue;
  return rc;
}
