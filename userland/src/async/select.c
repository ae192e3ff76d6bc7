/* Layer 2: select over started operations, and cancelling every op of one waiter. */
#include "async_private.h"

int tick_op_select(tick_op_t *const *ops) {
  int first = -1;
  for (int i = 0; ops[i]; i++) {
    if (tick_op_done(ops[i])) {
      first = i;
      break;
    }
  }
  if (first >= 0)
    for (int i = 0; ops[i]; i++)
      if (i != first) tick_op_cancel(ops[i]);
  return first;
}

/* Finds a pending op whose completion would call fn(op, result, data). */
static tick_op_t *find(tick_op_fn *fn, void *data) {
  for (unsigned i = 0; i < tick__nsrc; i++)
    for (tick_op_t *op = tick__src[i].ops; op; op = op->next)
      if (op->fn == fn && op->data == data) return op;
  for (tick_op_t *op = tick__timers; op; op = op->next)
    if (op->fn == fn && op->data == data) return op;
  return NULL;
}

int tick__op_cancel_where(tick_op_fn *fn, void *data) {
  int n = 0;
  for (tick_op_t *op; (op = find(fn, data)) != NULL; n++) tick_op_cancel(op);
  return n;
}
