/* Layer 3, lean form, the core: coroutines, deadlines and the loop, one Yield-WaitAny per turn. */
#include <tick/cw.h>
#include <tick/time.h>
#include <tick/upcall.h>

#include "cw_private.h"

struct tick__cw_loop tick__cw;
#define cw tick__cw

/* The coroutine a list link starts. */
#define CO(l) ((tick_cw_t *)(l))

__attribute__((noinline)) void tick__cw_append(struct tick__cw_link **head, struct tick__cw_link *n) {
  for (; *head; head = &(*head)->next)
    if (*head == n) return;
  n->next = NULL;
  *head = n;
}

__attribute__((noinline)) void tick__cw_unlink(struct tick__cw_link **head, struct tick__cw_link *n) {
  for (; *head; head = &(*head)->next) {
    if (*head == n) {
      *head = n->next;
      return;
    }
  }
}

/* ---- coroutines -------------------------------------------------------------------------- */

void tick_cw_wake(tick_cw_t *co) {
  if (co->state == TICK_CW_WAITING) co->state = TICK_CW_RUN;
}

int tick_cw_start(tick_cw_t *co, tick_cw_fn *fn) {
#ifdef TICK_DEBUG
  tick__cw_debug_check_start(co);
#endif
  if (co->state >= TICK_CW_WAITING) return TICK_EBUSY;
  co->fn = fn;
  co->joiner = NULL; /* one from an earlier run may be gone */
  co->line = 0;      /* nids 0, timer TICK_CW_UNTIMED: zero-initialised, or by tick_cw_exit */
  co->state = TICK_CW_READY;
  /* Appended once (a restarted coroutine keeps its place): tick__cw_append's walk inline. */
  struct tick__cw_link **p = &cw.cos;
  for (; *p; p = &(*p)->next)
    if (*p == &co->link) return TICK_OK;
  co->link.next = NULL;
  *p = &co->link;
  return TICK_OK;
}

/* co stays listed (coroutines are never unlinked): the loop passes over a done one. */
void tick_cw_exit(tick_cw_t *co, int result) {
  co->state = TICK_CW_DONE;
  co->timer = TICK_CW_UNTIMED;
  co->nids = 0; /* its ids are listed no more: their events stay queued in the kernel */
  co->result = result;
  if (co->joiner) tick_cw_wake(co->joiner);
}

/* Without ops: cw_ops.c's tick_cw_cancel, which also cancels co's ops, replaces this one in
 * a program that starts one (cw_private.h). */
__attribute__((weak)) int tick_cw_cancel(tick_cw_t *co) {
  if (co->state < TICK_CW_WAITING) return TICK_EALREADY;
  tick_cw_exit(co, TICK_ECANCEL);
  return TICK_OK;
}

/* ---- the loop ---------------------------------------------------------------------------- */

/* No stdio linked: nothing to write out (stdio.c's definition replaces this one). */
__attribute__((weak)) void tick__stdio_flush_hook(void) {}

unsigned tick__cw_gather(unsigned n) {
  for (tick_cw_t *c = CO(cw.cos); c; c = CO(c->link.next)) {
    for (uint32_t i = 0; i < c->nids; i++, n++)
      if (n < TICK_WAITANY_MAX) cw.ids[n] = c->ids[i];
  }
  return n;
}

/* The core's list: the ids of the waiting coroutines. */
static inline __attribute__((always_inline)) unsigned list_waiting(void) {
  return tick__cw_gather(0);
}

/* The core's event: every entry is a coroutine's. */
static inline __attribute__((always_inline)) void hand_out(const tick_waitany_result_t *r) {
  tick__cw_hand_out(r, r->index);
}

/* The core's loop, for a program without ops: cw_ops.c's loop replaces it in one with (the
 * weak alias). Named for the host tests, whose binary links cw_ops.c too. */
int tick__cw_core_run_once(void) { return tick__cw_turn(list_waiting, hand_out, false); }
int tick_cw_run_once(void) __attribute__((weak, alias("tick__cw_core_run_once")));

int tick_cw_run(void) {
  int rc;
  while ((rc = tick_cw_run_once()) > 0) continue;
  return rc;
}
