/* Layer 2: kernel operations: event sources, start, completion, cancellation and draining. */
#include <tick/time.h>
#include <tick/wait.h>

#include "async_private.h"

tick_upcall_id_t tick__ids[TICK_WAITANY_MAX];
struct tick__source tick__src[TICK_WAITANY_MAX];
uint8_t tick__nsrc;

void tick__op_unlink(tick_op_t **head, tick_op_t *op) {
  for (; *head; head = &(*head)->next) {
    if (*head == op) {
      *head = op->next;
      return;
    }
  }
}

void tick__op_complete(tick_op_t *op, int result) {
  op->state = TICK_OP_DONE;
  op->result = result;
  if (op->fn) op->fn(op, result, op->data);
}

static int source_index(const struct tick__op_kind *k) {
  for (unsigned i = 0; i < tick__nsrc; i++)
    if (tick__src[i].kind == k) return (int)i;
  return -1;
}

/* Forgets source i once it has neither ops nor late completions to discard. */
static void source_release(unsigned i) {
  struct tick__source *s = &tick__src[i];
  if (s->ops || s->swallow) return;
  unsigned last = --tick__nsrc;
  *s = tick__src[last];
  tick__ids[i] = tick__ids[last];
}

static void unallow(const struct tick__op_kind *k) {
  if (k->allow) tick__allow(k->allow, k->driver, k->slot, NULL, 0);
}

/* Lends the buffer and issues the start command. Returns TICK_OK or a negative error (then
 * nothing stays lent). */
static int kernel_start(tick_op_t *op) {
  const struct tick__op_kind *k = op->kind;
  uint32_t err = 0;
  if (k->allow) err = tick__allow(k->allow, k->driver, k->slot, op->buf, op->arg).error;
  if (!err) {
    err = tick_command_check(tick_command(k->driver, k->start, op->arg, op->arg2), TICK_SUCCESS);
    if (err) unallow(k);
  }
  if (err) return tick_rc_from_error(err);
  op->state = TICK_OP_ACTIVE;
  return TICK_OK;
}

/* A PIN kind's stop command, unless another op of the source still waits for that pin. */
static void stop_pin(const struct tick__source *s, uint32_t pin) {
  for (tick_op_t *o = s->ops; o; o = o->next)
    if (o->arg == pin) return;
  tick_command(s->kind->driver, s->kind->stop, pin, 0);
}

/* An edge of a PIN source: completes the first op waiting for that pin, now or (soon, during
 * a start call) at the next turn. Edges nobody waits for are dropped. */
static tick_op_t *pin_event(struct tick__source *s, uint32_t pin, uint32_t level, bool soon) {
  tick_op_t *op = s->ops;
  while (op && op->arg != pin) op = op->next;
  if (!op) return NULL;
  tick__op_unlink(&s->ops, op);
  stop_pin(s, pin);
  op->result = (int)level;
  if (soon) {
    op->kind = NULL;
    tick__timer_insert(op, tick_time_now(), (int)level, op->fn, op->data);
  }
  return op;
}

/* Starts the queued head of a one-at-a-time source once no late completion is due. A start
 * that fails completes the op with the error at the next turn. */
static void start_next(struct tick__source *s) {
  tick_op_t *op;
  while (!s->swallow && (op = s->ops) && op->state == TICK_OP_WAITING) {
    int rc = kernel_start(op);
    if (rc == TICK_OK) return;
    s->ops = op->next;
    op->kind = NULL;
    tick__timer_insert(op, tick_time_now(), rc, op->fn, op->data);
  }
}

int tick__op_start(tick_op_t *op, const struct tick__op_kind *k, void *buf, uint32_t arg,
                   uint32_t arg2, tick_op_fn *fn, void *data) {
  if (tick_op_pending(op)) return TICK_EBUSY;
  int i = source_index(k);
  if (i < 0) {
    if (tick__nsrc == TICK_WAITANY_MAX) return TICK_ENOMEM;
    i = tick__nsrc++;
    tick__src[i] = (struct tick__source){k, NULL, 0};
    tick__ids[i] = (tick_upcall_id_t){k->driver, k->sub};
  }
  struct tick__source *s = &tick__src[i];
  if (k->flags & KIND_PIN) {
    /* An op waits for edges after its start: edges already queued go to the ops that were
     * waiting for them (completed at the next turn) or are dropped. */
    tick_deadline_t now = {true, tick_time_now()};
    tick_upcall_args_t ev;
    while (tick_wait_event(k->driver, k->sub, now, &ev) == TICK_OK)
      pin_event(s, ev.arg0, ev.arg1, true);
  }
  op->kind = k;
  op->fn = fn;
  op->data = data;
  op->buf = buf;
  op->arg = arg;
  op->arg2 = arg2;
  op->next = NULL;
  int rc = TICK_OK;
  op->state = TICK_OP_WAITING;
  if ((k->flags & KIND_PIN) || (!s->ops && !s->swallow)) rc = kernel_start(op);
  if (rc == TICK_OK) {
    tick_op_t **tail = &s->ops;
    while (*tail) tail = &(*tail)->next;
    *tail = op;
  } else {
    op->state = TICK_OP_IDLE;
    source_release((unsigned)i);
  }
  return rc;
}

void tick__source_event(unsigned i, uint32_t a0, uint32_t a1) {
  struct tick__source *s = &tick__src[i];
  const struct tick__op_kind *k = s->kind;
  tick_op_t *op = s->ops;
  int result = (int)a1;
  if (k->flags & KIND_PIN) {
    op = pin_event(s, a0, a1, false);
  } else {
    if (s->swallow) { /* the late completion of a cancelled op */
      s->swallow--;
      op = NULL;
    } else if (op) {
      s->ops = op->next;
      unallow(k);
    }
    start_next(s);
    result = (int)a0;
    if (k->flags & KIND_STATUS) {
      uint32_t n = op && a1 > op->arg ? op->arg : a1;
      result = n || !a0 ? (int)n : tick_rc_from_error(a0);
    }
  }
  source_release(i);
  if (op) tick__op_complete(op, result);
}

int tick_op_cancel(tick_op_t *op) {
  if (!tick_op_pending(op)) return TICK_EALREADY;
  const struct tick__op_kind *k = op->kind;
  if (!k) {
    tick__op_unlink(&tick__timers, op);
  } else {
    unsigned i = (unsigned)source_index(k);
    struct tick__source *s = &tick__src[i];
    tick__op_unlink(&s->ops, op);
    if (k->flags & KIND_PIN) {
      stop_pin(s, op->arg);
    } else if (op->state == TICK_OP_ACTIVE) {
      if (k->stop) tick_command(k->driver, k->stop, op->arg, 0);
      unallow(k);
      s->swallow++;
    }
    source_release(i);
  }
  op->state = TICK_OP_IDLE;
  return TICK_OK;
}
