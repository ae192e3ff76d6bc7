/* Layer 3's lean form: what the core (cw.c, cw_wait.c) and the operations (cw_ops.c) share. */
#ifndef TICK_CW_PRIVATE_H
#define TICK_CW_PRIVATE_H

#include <tick/cw.h>
#include <tick/syscall.h>
#include <tick/time.h>
#include <tick/upcall.h>

/* Three parts, each linked only by a program that uses it: cw.c (coroutines, deadlines, the
 * loop), cw_wait.c (the waits on upcall ids as the ops' loop sees them, pulled in by
 * TICK_CW_WAIT_EVENT...: tick__cw_wait_on, <tick/cw.h>) and
 * cw_ops.c (driver ops, pulled in by an op's start call). cw.c's loop lists coroutines' ids;
 * cw_ops.c defines its own loop (the same turn, tick__cw_turn below, listing the ops' kinds)
 * and tick_cw_cancel (cancelling co's ops too), which replace the core's weak ones. Where one
 * part calls another that may be missing, the calling file defines the callee weakly as "none"
 * (weak definitions, not weak references: in a relocatable app the address of an undefined
 * weak symbol would be moved by the load offset and no longer read as NULL; and a weak default
 * in the calling file means the call never pulls the other part in from the archive). */

/* cw_wait.c: writes the ids every waiting coroutine lists from tick__cw.ids[n] on (at most up
 * to TICK_WAITANY_MAX) and returns the new length, which may pass TICK_WAITANY_MAX (cw_ops.c:
 * none, n). */
unsigned tick__cw_cos_list(unsigned n);
/* cw_wait.c: the event r of list entry r->index (a coroutine's) arrived (cw_ops.c: none). */
void tick__cw_cos_event(const tick_waitany_result_t *r);

struct tick__op_kind;

/* cw_wait.c: a waiting coroutine lists kind k's upcall id (cw_ops.c: none, false). */
bool tick__cw_id_waited(const struct tick__op_kind *k);

#define TICK_CW_STALE_MAX 4

/* The loop's state, one object so that code reaches it from one base address (the ops' part
 * too: 20 bytes of bss that a program without ops does not use, for shorter op code). */
struct tick__cw_loop {
  struct tick__cw_link *cos; /* every coroutine ever started, in first-start order (for good) */
  /* The ops' own (cw_ops.c): the pending ops in start order, and the kinds whose cancelled op
   * will still report a completion (one entry per completion): the loop waits for and
   * discards them before the next op of the kind starts. First, where short instructions
   * reach them (Thumb-2: word offsets below 128). */
  struct tick__cw_link *pending;
  const struct tick__op_kind *stale[TICK_CW_STALE_MAX];
  unsigned writing;          /* an op of the list is the console write (ops set it) */
  unsigned nops;             /* entries of ids[] the ops wrote (cw_ops.c's loop) */
  /* This turn's Yield-WaitAny list, and the op kind each of the ops' entries (listed first)
   * is for. A coroutine's entries follow in start order, each coroutine's ids in its own
   * order: an event's coroutine is found by walking the coroutines again (no per-entry owner
   * or index is kept). */
  tick_upcall_id_t ids[TICK_WAITANY_MAX];
  const struct tick__op_kind *kind[TICK_WAITANY_MAX];
};
extern struct tick__cw_loop tick__cw;

/* Adds n at the end of the list `head`, unless it is in it already (a restarted coroutine). */
void tick__cw_append(struct tick__cw_link **head, struct tick__cw_link *n);

/* Removes n from the list `head` (no effect if it is not there). n keeps its own link, so a
 * walk that stands on n can go on from it. */
void tick__cw_unlink(struct tick__cw_link **head, struct tick__cw_link *n);

/* Writes the ids of every waiting coroutine, in start order, from tick__cw.ids[n]
 * on, and returns the new length (which may pass TICK_WAITANY_MAX: only that many are
 * written). */
unsigned tick__cw_gather(unsigned n);

/* Hands the event r to the coroutine whose ids hold entry i of the coroutines' part of the
 * list (as tick__cw_gather wrote it this turn; nothing has run since): rc = the index in its
 * own list, arg = the event's arguments; its wait and deadline end, it is marked to run. The walk
 * counts i down through each coroutine's ids; once i is handed out it wraps to a huge value. */
static inline __attribute__((always_inline)) void tick__cw_hand_out(const tick_waitany_result_t *r,
                                                                    unsigned i) {
  for (tick_cw_t *c = (tick_cw_t *)tick__cw.cos; c; c = (tick_cw_t *)c->link.next) {
    if (i < c->nids) {
      c->rc = (int)i;
      c->arg[0] = r->arg0;
      c->arg[1] = r->arg1;
      c->arg[2] = r->arg2;
      c->nids = 0;
      c->timer = TICK_CW_UNTIMED;
      c->state = TICK_CW_RUN; /* it waits (WAITING), or was marked to run */
      return;
    }
    i -= c->nids;
  }
}

#ifdef TICK_DEBUG
/* cw_debug.c: reports and ends the process if co lies in the stack (tick_cw_start). */
void tick__cw_debug_check_start(const tick_cw_t *co);
/* cw_debug.c: reports and ends the process if this turn's list (n entries at tick__cw.ids, of
 * which only TICK_WAITANY_MAX are written) is longer than the kernel takes or names an upcall
 * id twice (two coroutines, or a coroutine and an op kind, wait for it). */
void tick__cw_debug_check_list(unsigned n);
#endif

/* The core's own loop (cw.c; tick_cw_run_once unless cw_ops.c's replaces it). */
int tick__cw_core_run_once(void);

/* Wrap-safe: deadline a comes before b (both within 2^31 ticks of each other). */
static inline bool tick__cw_before(uint32_t a, uint32_t b) { return (int32_t)(a - b) < 0; }

/* Defined by stdio.c when it is linked: writes out text that coroutines left buffered (else
 * cw.c's weak empty one: a call, not a test of the address). */
void tick__stdio_flush_hook(void);

/* One turn of the loop (tick_cw_run_once's contract, <tick/cw.h>). `list()` writes this
 * turn's Yield-WaitAny list at tick__cw.ids and returns its length; `event(r)` hands out the
 * event of entry r->index (< that length); `ops`: the list may hold the console write (then
 * the text coroutines printed waits). Each loop (cw.c's, cw_ops.c's) inlines it with its own
 * list and event functions, which are inline too: no call per turn to list or hand out. */
static inline __attribute__((always_inline)) int tick__cw_turn(unsigned (*list)(void),
                                                               void (*event)(const tick_waitany_result_t *),
                                                               bool ops) {
  TICK__REFUSE_IN_UPCALL("tick_cw_run");
  /* The depth is 0 here (refused otherwise) and back to 1 when the pass ends (upcalls run
   * inside it come back out): stored, not counted. */
  tick__upcall_depth = 1;
  unsigned n = list();
#ifdef TICK_DEBUG
  tick__cw_debug_check_list(n);
#endif
  bool ready = false, timed = false;
  uint32_t first = 0;
  tick_cw_t *c;
  for (c = (tick_cw_t *)tick__cw.cos; c; c = (tick_cw_t *)c->link.next) {
    /* Those ready now (started or yielding) run in this turn: marked before anything else
     * can run, so that one started or yielding in the pass below waits for the next turn. */
    if (c->state >= TICK_CW_READY) {
      c->state = TICK_CW_RUN;
      ready = true;
    }
    if (c->timer == TICK_CW_ARMED && (!timed || tick__cw_before(c->deadline, first))) {
      first = c->deadline;
      timed = true;
    }
  }
  int rc = 0;
  if (n || timed || ready) {
    /* Ready coroutines only poll: a deadline that has passed. Only the listed ids are asked
     * for: other events stay queued in the kernel. */
    tick_waitany_result_t r =
        tick_yield_wait_any(tick__cw.ids, n, timed || ready, ready ? tick_time_now() : first);
    rc = 1;
    /* Deadlines are past when the kernel reports one (no clock read on that path), or while
     * events or a ready coroutine kept it from doing so. An event the kernel returns is
     * handed out first (its coroutine marked to run): a coroutine it ends the wait of drops
     * its deadline, so it wins over a deadline passing in the same turn; an op it completes
     * is done when its coroutine runs. */
    uint32_t now = first;
    if (ops) {
      /* The ops' loop reads the clock first (its event handling makes calls; measured
       * smaller that way). */
      if (r.index != TICK_WAITANY_DEADLINE) {
        if (timed) now = tick_time_now();
        if (r.index < n) event(&r);
        else rc = TICK_EBADRVAL;
      } else if (ready && timed) {
        now = tick_time_now();
      }
    } else {
      /* The core's: the event first, so that it need not be kept across the clock read. */
      if (r.index != TICK_WAITANY_DEADLINE) {
        if (r.index < n) event(&r);
        else rc = TICK_EBADRVAL; /* also a list longer than the kernel takes (count > 8) */
      }
      if (timed && (r.index != TICK_WAITANY_DEADLINE || ready)) now = tick_time_now();
    }
    /* One pass in start order: a waiting coroutine whose deadline has passed is marked, then
     * each marked one runs, once. One that a coroutine before it wakes (tick_cw_wake) runs in
     * this pass too, one before it in the next turn; one started or yielding waits for the
     * next turn: none can starve the others or the kernel's events. Ending or cancelling one
     * unlinks nothing (coroutines stay listed for good), so the pass goes on from any. */
    for (c = (tick_cw_t *)tick__cw.cos; c; c = (tick_cw_t *)c->link.next) {
      if (c->timer == TICK_CW_ARMED && !tick__cw_before(now, c->deadline)) {
        /* Its deadline ends its wait on ids too (rc stays TICK_ETIMEOUT, which
         * tick__cw_wait_on left in it). */
        c->timer = TICK_CW_UNTIMED;
        c->nids = 0;
        if (c->state == TICK_CW_WAITING) c->state = TICK_CW_RUN;
      }
      if (c->state == TICK_CW_RUN) {
        c->state = TICK_CW_WAITING;
        c->fn(c);
      }
    }
  }
  tick__upcall_depth = 0;
  /* Text coroutines printed goes out with a blocking write, unless an async console write was
   * pending this turn (the blocking write would take its completion; the text waits). */
  if (!(ops && tick__cw.writing)) tick__stdio_flush_hook();
  return rc;
}

#endif
