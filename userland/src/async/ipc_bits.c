/* Layer 2: IPC notification bits in async form: an op that completes when bits arrive, with the bits. */
#include <tick/time.h>

#include "async_private.h"

enum { IPC_SUB_NOTIFIED = 1, IPC_CMD_EXISTS = 0, IPC_CMD_TAKE_BITS = 11 };

/* Started with "exists" (nothing to start); the event says bits arrived; TAKE_BITS takes them. */
static const struct tick__op_kind notified = {TICK_DRIVER_IPC, IPC_SUB_NOTIFIED, 0, 0, IPC_CMD_EXISTS,
                                              IPC_CMD_TAKE_BITS, KIND_TAKE KIND_NAME("ipc notified")};

bool tick__op_take(tick_op_t *op) {
  if (op->kind != &notified) return tick__ipc_take_call(op); /* an IPC receive (ipc_async.c) */
  tick_result_t r = tick_command(TICK_DRIVER_IPC, IPC_CMD_TAKE_BITS, 0, 0);
  if (r.variant != TICK_SUCCESS_U32 || r.r1 == 0) return false;
  op->arg2 = r.r1;
  return true;
}

int tick_ipc_notified_async(tick_op_t *op, tick_op_fn *fn, void *data) {
  if (tick_op_pending(op)) return TICK_EBUSY;
  op->kind = &notified; /* what tick__op_take tells apart */
  /* Bits pending already sent their event earlier (perhaps to an op since cancelled): the
   * kernel sends no other until they are taken, so take them now. */
  if (tick__op_take(op)) /* completes at the next turn */
    return tick__timer_start(op, tick_time_now(), TICK_OK, fn, data);
  return tick__op_start(op, &notified, NULL, 0, 0, fn, data);
}
