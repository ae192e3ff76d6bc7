/* Layer 2: software timers (the loop waits for the earliest) and commands in async form. */
#include <tick/time.h>

#include "async_private.h"

int tick__timer_start(tick_op_t *op, uint32_t at, int result, tick_op_fn *fn, void *data) {
  if (tick_op_pending(op)) return TICK_EBUSY;
  op->kind = NULL;
  op->fn = fn;
  op->data = data;
  op->arg = at;
  op->result = result;
  op->state = TICK_OP_ACTIVE;
  tick__op_append(op);
  return TICK_OK;
}

int tick_timer_at(tick_op_t *op, uint32_t deadline, tick_op_fn *fn, void *data) {
  return tick__timer_start(op, deadline, TICK_OK, fn, data);
}

int tick_timer_in_ms(tick_op_t *op, uint32_t ms, tick_op_fn *fn, void *data) {
  return tick_timer_at(op, tick_time_now() + tick_ms_to_ticks(ms), fn, data);
}

int tick_timer_after_ms(tick_op_t *op, uint32_t ms, tick_op_fn *fn, void *data) {
  return tick_timer_at(op, op->arg + tick_ms_to_ticks(ms), fn, data);
}

int tick_command_async(tick_op_t *op, uint32_t driver, uint32_t command, uint32_t arg0,
                       uint32_t arg1, tick_op_fn *fn, void *data) {
  if (tick_op_pending(op)) return TICK_EBUSY;
  tick_result_t r = tick_command(driver, command, arg0, arg1);
  int result = r.variant == TICK_SUCCESS_U32 ? (int)r.r1 : tick_rc_from_error(r.error);
  return tick__timer_start(op, tick_time_now(), result, fn, data);
}
