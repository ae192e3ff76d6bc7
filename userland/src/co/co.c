/* Layer 3: the coroutine scheduler: a FIFO of ready coroutines that tick_run() resumes. */
#include <tick/co.h>

#include "../async/async_private.h"

/* The ready queue lives in the loop's state (layer 2 polls instead of blocking while it is
 * not empty; one base address for both). */
#define ready_head tick__loop.ready

void tick_co_wake(tick_co_t *co) {
  if (co->state != TICK_CO_WAITING) return;
  co->state = TICK_CO_READY;
  co->next = NULL;
  if (ready_head) tick__loop.last->next = co;
  else ready_head = co;
  tick__loop.last = co;
}

void tick_co_wake_op(tick_op_t *op, int result, void *co) {
  (void)op, (void)result;
  tick_co_wake(co);
}

int tick_co_start(tick_co_t *co, tick_co_fn *fn) {
  if (co->state >= TICK_CO_WAITING) return TICK_EBUSY;
  co->fn = fn;
  co->joiner = NULL;
  co->line = 0;
  co->state = TICK_CO_WAITING;
  tick_co_wake(co);
  return TICK_OK;
}

void tick_co_exit(tick_co_t *co, int result) {
  co->state = TICK_CO_DONE;
  co->result = result;
  if (co->joiner) tick_co_wake(co->joiner);
}

/* Resumes the coroutines that were ready on entry, in order; those woken meanwhile wait for
 * the next turn, so that one that keeps yielding cannot starve the others or the kernel. */
void tick__co_run(void) {
  unsigned n = 0;
  for (tick_co_t *c = ready_head; c; c = c->next) n++;
  while (n-- && ready_head) {
    tick_co_t *co = ready_head;
    ready_head = co->next;
    co->state = TICK_CO_WAITING;
    co->fn(co);
  }
}

int tick_co_cancel(tick_co_t *co) {
  if (co->state < TICK_CO_WAITING) return TICK_EALREADY;
  tick__op_cancel_where(tick_co_wake_op, co);
  if (co->state == TICK_CO_READY) {
    tick_co_t **p = &ready_head, *prev = NULL;
    while (*p != co) p = &(prev = *p)->next;
    if (!(*p = co->next)) tick__loop.last = prev;
  }
  tick_co_exit(co, TICK_ECANCEL);
  return TICK_OK;
}
