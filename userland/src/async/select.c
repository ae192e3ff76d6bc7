/* Layer 2: select over started operations, and cancelling every op of one waiter. */
#include "async_private.h"

int tick_op_select(tick_op_t *const *ops) {
  tick_op_t *const *won = ops;
  while (*won && !tick_op_done(*won)) won++;
  if (!*won) return -1;
  for (tick_op_t *const *p = ops; *p; p++)
    if (p != won) tick_op_cancel(*p);
  return (int)(won - ops);
}

void tick__op_cancel_where(tick_op_fn *fn, void *data) {
  for (tick_op_t *op = tick__loop.ops, *next; op; op = next) {
    next = op->next; /* cancelling unlinks `op` alone */
    if (op->fn == fn && op->data == data) tick_op_cancel(op);
  }
}
