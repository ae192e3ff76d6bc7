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

int tick__op_cancel_where(tick_op_fn *fn, void *data) {
  int n = 0;
  for (tick_op_t *op = tick__loop.ops, *next; op; op = next) {
    next = op->next; /* cancelling unlinks `op` alone */
    if (op->fn == fn && op->data == data) n += tick_op_cancel(op) == TICK_OK;
  }
  return n;
}
