/* Layer 2: the event loop: per turn one kernel event or the due timers, then ready coroutines. */
#include <tick/time.h>
#include <tick/upcall.h>

#include "async_private.h"

/* Defined by stdio.c when it is linked: writes out text that callbacks left buffered. */
void tick__stdio_flush_hook(void) __attribute__((weak));

#ifdef TICK_DEBUG
static const void *loop_frame; /* tick_run's caller's stack pointer while tick_run runs */
#endif

/* Wrap-safe: deadline a comes before b (both within 2^31 ticks of each other). */
static bool before(uint32_t a, uint32_t b) { return (int32_t)(a - b) < 0; }

/* This turn's Yield-WaitAny list: one entry per kind with a started op or a stale completion;
 * `writing`: one of them is a console write (whose completion a blocking write would take). */
static struct {
  tick_upcall_id_t ids[TICK_WAITANY_MAX];
  const struct tick__op_kind *kinds[TICK_WAITANY_MAX];
  unsigned n, writing;
} wait;

static void listen(const struct tick__op_kind *k) {
  unsigned i = 0;
  while (i < wait.n && wait.kinds[i] != k) i++;
  if (i == wait.n && i < TICK_WAITANY_MAX) {
    wait.ids[i] = (tick_upcall_id_t){k->driver, k->sub};
    wait.kinds[wait.n++] = k;
    wait.writing |= k->flags & KIND_WRITE;
  }
}

/* Completes the timers whose deadline is `at`, in start order: those there were when called
 * (marked due first), so that one re-armed at `at` by its callback waits for the next turn. */
static void fire(uint32_t at) {
  tick_op_t *op;
  for (op = tick__loop.ops; op; op = op->next)
    if (!op->kind && op->arg == at) op->state = TICK_OP_DUE;
  for (;;) {
    for (op = tick__loop.ops; op && op->state != TICK_OP_DUE; op = op->next) continue;
    if (!op) return;
    tick__op_finish(op, op->result);
  }
}

int tick_run_once(void) {
  TICK__REFUSE_IN_UPCALL("tick_run");
  tick__upcall_depth++;
  bool ready = tick__loop.ready != NULL, timer = false;
  uint32_t first = 0;
  wait.n = wait.writing = 0;
  for (tick_op_t *op = tick__loop.ops; op; op = op->next) {
    if (!op->kind) {
      if (!timer || before(op->arg, first)) first = op->arg;
      timer = true;
    } else if (op->state == TICK_OP_ACTIVE) {
      listen(op->kind);
    }
  }
  for (int i = 0; i < TICK_STALE_MAX; i++)
    if (tick__loop.stale[i]) listen(tick__loop.stale[i]);
  int rc = 0;
  if (wait.n || timer || ready) {
#ifdef TICK_DEBUG
    tick__debug_check_frames(loop_frame ? loop_frame : __builtin_frame_address(0));
#endif
    /* Ready coroutines (they yielded) only poll: a deadline that has passed. */
    tick_waitany_result_t r =
        tick_yield_wait_any(wait.ids, wait.n, timer || ready, ready ? tick_time_now() : first);
    rc = 1;
    if (r.index < wait.n) tick__op_event(wait.kinds[r.index], r.arg0, r.arg1, r.arg2);
    else if (r.index != TICK_WAITANY_DEADLINE) rc = TICK_EBADRVAL;
    /* Timers are due after their deadline, or when events kept the kernel from reporting it. */
    if (timer && ((r.index == TICK_WAITANY_DEADLINE && !ready) || !before(tick_time_now(), first)))
      fire(first);
    /* Coroutines woken by this turn's completions (or started, or yielded) run now. */
    if (tick__co_run) tick__co_run();
  }
  tick__upcall_depth--;
  /* Text callbacks printed goes out with a blocking write, unless an async console write was
   * pending this turn (the blocking write would take its completion; the text waits). */
  if (!wait.writing && tick__stdio_flush_hook) tick__stdio_flush_hook();
  return rc;
}

int tick_run(void) {
  int rc;
#ifdef TICK_DEBUG
  loop_frame = __builtin_frame_address(0);
#endif
  while ((rc = tick_run_once()) > 0) continue;
#ifdef TICK_DEBUG
  loop_frame = NULL;
#endif
  return rc;
}
