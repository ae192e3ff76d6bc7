/* Layer 3, lean form, the core: coroutines, deadlines and waits on upcall ids, one Yield-WaitAny per turn. */
#include <tick/cw.h>
#include <tick/time.h>
#include <tick/upcall.h>

#include "cw_private.h"

struct tick__cw_loop tick__cw;
#define cw tick__cw

/* The coroutine a list link starts. */
#define CO(l) ((tick_cw_t *)(l))

__attribute__((noinline)) void tick__cw_append(struct tick__cw_link **head, struct tick__cw_link *n) {
  while (*head) head = &(*head)->next;
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
  co->nids = 0;
  co->timer = TICK_CW_UNTIMED;
  co->state = TICK_CW_READY;
  tick__cw_append(&cw.cos, &co->link);
  return TICK_OK;
}

void tick_cw_exit(tick_cw_t *co, int result) {
  tick__cw_unlink(&cw.cos, &co->link); /* the loop's pass goes on from co's own link */
  co->state = TICK_CW_DONE;
  co->timer = TICK_CW_UNTIMED;
  co->nids = 0; /* its ids are listed no more: their events stay queued in the kernel */
  co->result = result;
  if (co->joiner) tick_cw_wake(co->joiner);
}

void tick_cw_arm(tick_cw_t *co, uint32_t deadline) {
  co->deadline = deadline;
  co->timer = TICK_CW_ARMED;
}

int tick_cw_cancel(tick_cw_t *co) {
  if (co->state < TICK_CW_WAITING) return TICK_EALREADY;
  tick__cw_ops_cancel(co);
  tick_cw_exit(co, TICK_ECANCEL);
  return TICK_OK;
}

/* ---- waits on upcall ids ------------------------------------------------------------------ */

/* No ops (cw_ops.c's definitions replace these when a program starts one; cw_private.h). */
__attribute__((weak)) unsigned tick__cw_ops_list(void) { return 0; }
__attribute__((weak)) void tick__cw_ops_event(unsigned i, uint32_t a0, uint32_t a1) {
  (void)i, (void)a0, (void)a1;
}
__attribute__((weak)) void tick__cw_ops_cancel(tick_cw_t *co) { (void)co; }

unsigned tick__cw_gather(const tick_cw_t *skip) {
  unsigned n = tick__cw_ops_list();
  cw.nops = n;
  if (!cw.waits) return n; /* no coroutine has waited on ids yet (a program on ops alone) */
  for (tick_cw_t *c = CO(cw.cos); c; c = CO(c->link.next)) {
    if (c == skip) continue;
    for (uint32_t i = 0; i < c->nids; i++, n++) {
      if (n < TICK_WAITANY_MAX) {
        cw.ids[n] = c->ids[i];
        cw.owner[n].co = c;
        cw.index[n] = (uint8_t)i;
      }
    }
  }
  return n;
}

int tick_cw_wait(tick_cw_t *co, const tick_upcall_id_t *ids, uint32_t n) {
  unsigned k = tick__cw_gather(co);
  if (!n || k + n > TICK_WAITANY_MAX) return TICK_ESIZE;
  for (unsigned i = 0; i < k; i++)
    for (uint32_t j = 0; j < n; j++)
      if (cw.ids[i].driver == ids[j].driver && cw.ids[i].subscribe == ids[j].subscribe)
        return TICK_EBUSY;
  co->ids = ids;
  co->nids = n;
  cw.waits = 1;
  return TICK_OK;
}

/* ---- the loop ---------------------------------------------------------------------------- */

/* Defined by stdio.c when it is linked: writes out text that coroutines left buffered. */
void tick__stdio_flush_hook(void) __attribute__((weak));

int tick_cw_run_once(void) {
  TICK__REFUSE_IN_UPCALL("tick_cw_run");
  tick__upcall_depth++;
  unsigned n = tick__cw_gather(NULL);
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
    /* Ready coroutines (they yielded or were woken) only poll: a deadline that has passed.
     * Only the listed ids are asked for: other events stay queued in the kernel. */
    tick_waitany_result_t r =
        tick_yield_wait_any(cw.ids, n, timed || ready, ready ? tick_time_now() : first);
    rc = 1;
    /* Deadlines are past when the kernel reports one (no clock read on that path), or while
     * events or a ready coroutine kept it from doing so. An event the kernel returns is
     * handed out first: a coroutine it ends the wait of drops its deadline, so it wins over
     * a deadline passing in the same turn. */
    uint32_t now = first;
    if (r.index != TICK_WAITANY_DEADLINE) {
      if (timed) now = tick_time_now();
      if (r.index < cw.nops) {
        tick__cw_ops_event(r.index, r.arg0, r.arg1);
      } else if (r.index < n) {
        c = cw.owner[r.index].co;
        c->rc = cw.index[r.index];
        c->arg[0] = r.arg0;
        c->arg[1] = r.arg1;
        c->arg[2] = r.arg2;
        c->nids = 0;
        c->timer = TICK_CW_UNTIMED;
        tick_cw_wake(c);
      } else {
        rc = TICK_EBADRVAL; /* also a list longer than the kernel takes (count > 8) */
      }
    } else if (ready && timed) {
      now = tick_time_now();
    }
    /* Then every coroutine ready now is marked to run once in this turn. */
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
