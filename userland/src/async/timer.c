/* Layer 2: software timers (a sorted list the loop waits on) and commands in async form. */
#include <tick/time.h>

#include "async_private.h"

tick_op_t *tick__timers;

/* Wrap-safe: true if deadline a comes before b (both within 2^31 ticks of each other). */
static bool before(uint32_t a, uint32_t b) { return (int32_t)(a - b) < 0; }

void tick__timer_insert(tick_op_t *op, uint32_t at, int result, tick_op_fn *fn, void *data) {
  op->fn = fn;
  op->data = data;
  op->arg = at;
  op->result = result;
  op->state = TICK_OP_ACTIVE;
  tick_op_t **p = &tick__timers;
  while (*p && !before(at, (*p)->arg)) p = &(*p)->next; /* FIFO among equal deadlines */
  op->next = *p;
  *p = op;
}

void tick__timers_fire(uint32_t now) {
  /* Only timers due on entry: a callback that re-arms in the past waits for the next turn. */
  unsigned n = 0;
  for (tick_op_t *t = tick__timers; t && !before(now, t->arg); t = t->next) n++;
  while (n-- && tick__timers && !before(now, tick__timers->arg)) {
    tick_op_t *t = tick__timers;
    tick__timers = t->next;
    tick__op_complete(t, t->result);
  }
}

int tick_timer_at(tick_op_t *op, uint32_t deadline, tick_op_fn *fn, void *data) {
  if (tick_op_pending(op)) return TICK_EBUSY;
  op->kind = NULL;
  tick__timer_insert(op, deadline, TICK_OK, fn, data);
  return TICK_OK;
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
  op->kind = NULL;
  tick__timer_insert(op, tick_time_now(), result, fn, data);
  return TICK_OK;
}
