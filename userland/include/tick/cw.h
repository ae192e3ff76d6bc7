/* Layer 3, lean form: stackless coroutines that wait on Yield-WaitAny directly (no layer 2). */
#ifndef TICK_CW_H
#define TICK_CW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <tick/errors.h>
#include <tick/syscall.h>
#include <tick/time.h>

/* The same coroutines as <tick/co.h> (protothread style: state in a caller-owned struct that
 * starts with a tick_cw_t, one wait macro per source line, no `switch` around a wait), built
 * without layer 2's callbacks, timer records and ready queue (docs/userland.md, "Layer 3, lean
 * form"). Two parts:
 *
 * The core (userland/src/co/cw.c): coroutines, their deadlines, and waits on upcall ids. A
 * coroutine waits for events with TICK_CW_WAIT_EVENT (the coroutine form of
 * tick_yield_wait_any), for its deadline with TICK_CW_SLEEP_UNTIL, or for both; tick_cw_run()
 * waits with ONE Yield-WaitAny for every id a waiting coroutine lists and the earliest
 * deadline, then resumes, in start order, each coroutine that is ready, once. Rules: an upcall
 * id is waited on by one coroutine (or op kind) at a time, and at most TICK_WAITANY_MAX ids at
 * once; a wait costs three stores and checks neither: the debug library (APP_DEBUG=1) checks
 * both at every turn and reports a break by name (tick__cw_wait_on below says what the release
 * library does). The loop asks the kernel only for listed ids, so an event for an id nobody waits
 * on stays queued in the kernel and goes to the next wait on it (a timed-out wait loses
 * nothing). Nothing is started or stopped in the kernel for a wait: subscribing, allowing and
 * commanding are the app's (layer 0-1 calls), as in a blocking program.
 *
 * The operations (userland/src/co/cw_ops.c, linked only by a program that starts one): driver
 * ops (tick_cw_op_t) that the library starts, completes, cancels and drains. A start call that
 * cannot start returns a negative error; console reads and writes and RNG requests are one at
 * a time (TICK_EBUSY), buttons and GPIO edges any number (an edge queued before the start
 * never completes the new op); a cancelled operation is stopped (abort command), unallowed,
 * never subscribed, and its late completion drained before the next op of its kind starts, so
 * it cannot land in a coroutine's state. A program that starts an op runs their loop (the
 * core's turn with the ops' list inline; it replaces the core's); one that starts none links
 * none of this, and one that never waits on ids links no list of waited ids.
 *
 * Both: coroutine bodies count as upcalls (blocking layer 1 calls return TICK_EINUPCALL). Do
 * not mix with layer 2's tick_run() in one program. */

typedef struct tick_cw tick_cw_t;
typedef void tick_cw_fn(tick_cw_t *co);

enum tick_cw_state {
  TICK_CW_IDLE = 0, /* never started */
  TICK_CW_DONE,     /* finished or cancelled; `result` holds its result */
  TICK_CW_WAITING,  /* waiting for an op, its deadline, a child or a wake */
  TICK_CW_READY,    /* started or yielding: will be resumed at the next turn */
  TICK_CW_RUN,      /* woken: to be resumed in this turn's pass, or the next turn's */
};

/* co->timer */
enum { TICK_CW_UNTIMED = 0, TICK_CW_ARMED };

/* A link of the loop's lists (first member: one list code for coroutines and ops). */
struct tick__cw_link {
  struct tick__cw_link *next;
};

/* A coroutine's control block; fields are private except rc, arg, result and deadline. */
struct tick_cw {
  struct tick__cw_link link; /* every coroutine ever started, in first-start order */
  tick_cw_fn *fn;
  tick_cw_t *joiner; /* the coroutine waiting in TICK_CW_JOIN for this one */
  const tick_upcall_id_t *ids; /* while in TICK_CW_WAIT_EVENT...: the ids it waits for */
  uint32_t nids;               /* their number; 0 when it waits for none */
  uint32_t arg[3];   /* the arguments of the event TICK_CW_WAIT_EVENT... returned */
  int rc;            /* result of the last TICK_CW_WAIT_EVENT..., AWAIT, SELECT..., JOIN */
  int result;        /* the coroutine's own result once done (TICK_ECANCEL if cancelled) */
  uint32_t line;     /* where to resume (words: compressed loads and stores reach them) */
  uint32_t state;    /* enum tick_cw_state */
  uint32_t timer;    /* TICK_CW_ARMED while `deadline` is pending, else TICK_CW_UNTIMED */
  uint32_t deadline; /* the last deadline armed (alarm ticks): a drift-free period adds to it */
};

/* A driver operation (caller-owned, zero-initialised, reusable once done). */
typedef struct tick_cw_op {
  struct tick__cw_link link;         /* the pending ops, in start order */
  const struct tick__op_kind *kind;  /* what it does in the kernel */
  tick_cw_t *co;                     /* the coroutine its completion wakes */
  void *buf;
  uint32_t arg;                      /* length, or button/pin number */
  int result;                        /* once done: the result (>= 0) or a negative error */
  uint32_t state;                    /* IDLE 0, DONE 1, QUEUED 2 (behind a late completion), ACTIVE 3 */
} tick_cw_op_t;

/* Starts `co` (zero-initialised, or done) running `fn` at the next turn. TICK_OK, or TICK_EBUSY
 * if it is still running. A started coroutine stays in the loop's list for good (ending it
 * unlinks nothing): its struct must stay valid, and must not be zeroed or reused for anything
 * else, as long as the program runs the loop (static, like the demo's); a done one restarts as
 * it is, in its first start's place in start order. */
int tick_cw_start(tick_cw_t *co, tick_cw_fn *fn);

/* Makes a waiting coroutine ready (no effect otherwise): it runs in this turn's pass if that
 * has not passed it yet (a coroutine after the waker in start order), else in the next turn.
 * Its wait macro checks its condition again, so a wake that comes early ends no wait. */
void tick_cw_wake(tick_cw_t *co);

/* Ends `co` with `result` and wakes its joiner (TICK_CW_END and TICK_CW_RETURN call it). */
void tick_cw_exit(tick_cw_t *co, int result);

/* Cancels `co` from outside it: the ids it waits for are no longer listed, every op it
 * started is cancelled (tick_cw_op_cancel), its deadline dropped, it ends with TICK_ECANCEL and
 * its joiner is woken. TICK_OK, or TICK_EALREADY if it was not running. */
int tick_cw_cancel(tick_cw_t *co);

/* Arms co's deadline (alarm ticks, at most 2^31 - 1 ahead): co->timer = TICK_CW_ARMED until
 * the loop sees it pass (then TICK_CW_UNTIMED, a wait on ids of co's ends, and co is woken).
 * Inline: two stores. */
static inline void tick_cw_arm(tick_cw_t *co, uint32_t deadline) {
  co->deadline = deadline;
  co->timer = TICK_CW_ARMED;
}

/* Makes `co` wait for the first event of `n` upcall ids (`ids` stays valid and unchanged
 * while it waits; TICK_CW_WAIT_EVENT... call it), instead of any wait on ids it had: three
 * stores, no check. co->rc = TICK_ETIMEOUT until the loop hands it an event (what its deadline,
 * if one is armed, leaves); n = 0 waits for no id. Rules, which the debug library checks at
 * every turn (it reports a break, naming the id, and ends the app; <tick/cw.h> above): an id
 * is waited on by one coroutine or op kind at a time (the release library gives its events
 * to the first waiter in the loop's list, ops first, then coroutines in start order; a later
 * waiter waits behind it), and the turn's list holds at most TICK_WAITANY_MAX ids (past that
 * the kernel refuses the list: tick_cw_run_once returns TICK_EBADRVAL).
 * The static pointer is never linked (--gc-sections drops it); its reference pulls the waits'
 * part (cw_wait.c) out of the archive, so that a program with ops links the hooks through
 * which their loop lists and serves the waits on ids, and one without waits links none. */
static inline void tick__cw_wait_on(tick_cw_t *co, const tick_upcall_id_t *ids, uint32_t n) {
  extern const char tick__cw_waits;
  static const char *const pull __attribute__((used)) = &tick__cw_waits;
  (void)pull;
  co->ids = ids;
  co->nids = n;
  co->rc = TICK_ETIMEOUT;
}

/* One turn of the loop: waits for the next kernel event or deadline (polls while a coroutine
 * is ready), hands it to the coroutine that waits for its id (rc = the index in its list, arg
 * = the event's arguments) or completes the op it belongs to, ends the waits whose
 * deadline passed (an event the kernel returns in the same turn as a waiter's deadline wins),
 * and resumes, once each, in start order, every coroutine that was ready at the turn's start
 * or was woken since (one woken during the pass, if the pass has not passed it yet; one
 * started or yielding during it waits for the next turn), then writes out what they printed. 1 after a
 * turn, 0 if nothing was pending (no waited id, op, late completion, deadline or ready
 * coroutine), TICK_EINUPCALL inside a coroutine, TICK_EBADRVAL on an unexpected kernel
 * answer. */
int tick_cw_run_once(void);

/* Runs turns until nothing is pending; TICK_OK, or the error of tick_cw_run_once. */
int tick_cw_run(void);

/* ---- Driver operations (cw_ops.c): start calls (the op wakes `co` when it completes) ----- */

/* A start call is also refused with TICK_EBUSY while a coroutine waits (TICK_CW_WAIT_EVENT)
 * for the op kind's upcall id. (A start that makes the loop's list longer than the kernel's
 * TICK_WAITANY_MAX ids makes tick_cw_run_once return TICK_EBADRVAL: waits check the limit,
 * op starts do not yet.) */

/* Reads `len` bytes from the console (completes when they arrived): result = bytes read. */
int tick_cw_console_read(tick_cw_op_t *op, void *buf, size_t len, tick_cw_t *co);
/* Writes `len` bytes to the console: result = bytes written. */
int tick_cw_console_write(tick_cw_op_t *op, const void *buf, size_t len, tick_cw_t *co);
/* Fills `buf` with `len` random bytes: result = bytes filled. */
int tick_cw_rng(tick_cw_op_t *op, void *buf, size_t len, tick_cw_t *co);
/* The next edge of `button` after the start: result 1 pressed, 0 released. */
int tick_cw_button(tick_cw_op_t *op, uint32_t button, tick_cw_t *co);
/* The next `edge` (0 either, 1 rising, 2 falling) of GPIO `pin`: result = the level after it. */
int tick_cw_gpio_edge(tick_cw_op_t *op, uint32_t pin, uint32_t edge, tick_cw_t *co);

/* Stops a started op (see above); its coroutine is not woken. TICK_OK or TICK_EALREADY. */
int tick_cw_op_cancel(tick_cw_op_t *op);

/* The first done op of the NULL-terminated list `ops` (list order breaks ties; a completion in
 * the same turn as co's deadline wins over it): the others are cancelled, co's deadline
 * dropped and its index returned. None done, `timed` and co's deadline passed: all are
 * cancelled, TICK_ETIMEOUT. Otherwise -1 (keep waiting). */
int tick_cw_select(tick_cw_t *co, tick_cw_op_t *const *ops, bool timed);

static inline bool tick_cw_op_done(const tick_cw_op_t *op) { return op->state == 1; }
static inline bool tick_cw_op_pending(const tick_cw_op_t *op) { return op->state >= 2; }
static inline int tick_cw_op_result(const tick_cw_op_t *op) { return op->result; }
static inline bool tick_cw_done(const tick_cw_t *co) { return co->state == TICK_CW_DONE; }

/* ---- The body ---------------------------------------------------------------------------- */

#define TICK_CW_BEGIN(co) \
  switch ((co)->line) {   \
  case 0:

#define TICK_CW_END(co)  \
  }                      \
  tick_cw_exit((co), 0); \
  return

/* Ends the coroutine with `value` (its `result`, what TICK_CW_JOIN gives the joiner). */
#define TICK_CW_RETURN(co, value) \
  do {                            \
    tick_cw_exit((co), (value));  \
    return;                       \
  } while (0)

/* Returns to the loop until `cond` is true (checked again after every wake). */
#define TICK_CW_WAIT_UNTIL(co, cond)  \
  do {                                \
    (co)->line = __LINE__;            \
    __attribute__((fallthrough));     \
    case __LINE__:                    \
      if (!(cond)) return;            \
  } while (0)

/* Lets the other ready coroutines and the kernel's events run, then continues. */
#define TICK_CW_YIELD(co)    \
  do {                       \
    (co)->state = TICK_CW_READY; \
    (co)->line = __LINE__;   \
    return;                  \
    case __LINE__:;          \
  } while (0)

/* `start` is a start call for `op` that wakes `co`; waits for the op. rc = its result, or the
 * start call's error. */
#define TICK_CW_AWAIT(co, op, start)                   \
  do {                                                 \
    if (((co)->rc = (start)) >= 0) {                   \
      TICK_CW_WAIT_UNTIL(co, tick_cw_op_done(op));     \
      (co)->rc = tick_cw_op_result(op);                \
    }                                                  \
  } while (0)

/* Sleeps until the alarm counter reaches `deadline` (ticks). A drift-free period:
 * TICK_CW_SLEEP_UNTIL(co, co->deadline + period) after setting co->deadline once. */
#define TICK_CW_SLEEP_UNTIL(co, deadline) \
  do {                                    \
    tick_cw_arm((co), (deadline));        \
    TICK_CW_WAIT_UNTIL(co, (co)->timer == TICK_CW_UNTIMED); \
  } while (0)

/* Sleeps `ms` milliseconds. */
#define TICK_CW_SLEEP_MS(co, ms) TICK_CW_SLEEP_UNTIL(co, tick_time_now() + tick_ms_to_ticks(ms))

/* Waits for the first event of the `n` upcall ids `ids` (static or in co's struct): rc = the
 * index of the id that fired, co->arg[0..2] its arguments. Only the event ends the wait: the
 * loop clears co->nids as it sets rc, and a wake meanwhile resumes nothing. The app subscribes
 * nothing (the Null Upcall keeps events for Yield-WaitAny) and starts what reports them
 * itself. */
#define TICK_CW_WAIT_EVENT(co, ids, n)            \
  do {                                            \
    tick__cw_wait_on((co), (ids), (n));           \
    TICK_CW_WAIT_UNTIL(co, (co)->nids == 0);      \
  } while (0)

/* TICK_CW_WAIT_EVENT until the alarm counter reaches `deadline`: rc = the index, or
 * TICK_ETIMEOUT (the id's event, if it comes later, stays queued for the next wait). The
 * event and the deadline both end the wait by dropping the deadline (n = 0: a sleep). */
#define TICK_CW_WAIT_EVENT_UNTIL(co, ids, n, deadline)                        \
  do {                                                                        \
    tick__cw_wait_on((co), (ids), (n));                                       \
    tick_cw_arm((co), (deadline));                                            \
    TICK_CW_WAIT_UNTIL(co, (co)->timer == TICK_CW_UNTIMED); /* the loop sets rc */ \
  } while (0)

#define TICK__CW_SELECT(co, timed, ...)                                                      \
  TICK_CW_WAIT_UNTIL(co, ((co)->rc = tick_cw_select((co), (tick_cw_op_t *const[]){__VA_ARGS__, \
                                                    NULL}, (timed))) != -1)

/* Waits until the first of several started operations (that wake `co`) is done and cancels
 * the others. rc = the index of the first one done (list order breaks ties). */
#define TICK_CW_SELECT(co, ...) TICK__CW_SELECT(co, false, __VA_ARGS__)

/* TICK_CW_SELECT until the alarm counter reaches `deadline`: rc = the index, or TICK_ETIMEOUT
 * (every operation was cancelled: stopped, unallowed, its late completion drained). */
#define TICK_CW_SELECT_UNTIL(co, deadline, ...) \
  do {                                          \
    tick_cw_arm((co), (deadline));              \
    TICK__CW_SELECT(co, true, __VA_ARGS__);     \
  } while (0)

/* TICK_CW_SELECT limited to `ms` milliseconds (rc as TICK_CW_SELECT_UNTIL). */
#define TICK_CW_SELECT_TIMEOUT(co, ms, ...) \
  TICK_CW_SELECT_UNTIL(co, tick_time_now() + tick_ms_to_ticks(ms), __VA_ARGS__)

/* with_timeout: TICK_CW_AWAIT limited to `ms`. rc = the result, or TICK_ETIMEOUT. */
#define TICK_CW_AWAIT_TIMEOUT(co, ms, op, start)                         \
  do {                                                                  \
    if (((co)->rc = (start)) >= 0) {                                    \
      TICK_CW_SELECT_TIMEOUT(co, ms, op);                               \
      if ((co)->rc == 0) (co)->rc = tick_cw_op_result(op);              \
    }                                                                   \
  } while (0)

/* Waits until `child` (a started coroutine) is done; rc = its result. One joiner per child. */
#define TICK_CW_JOIN(co, child)                     \
  do {                                              \
    (child)->joiner = (co);                         \
    TICK_CW_WAIT_UNTIL(co, tick_cw_done(child));    \
    (co)->rc = (child)->result;                     \
  } while (0)

#endif /* TICK_CW_H */
