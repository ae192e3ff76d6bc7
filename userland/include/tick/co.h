/* Layer 3: stackless coroutines (state in a struct, no stack of their own) over layer 2. */
#ifndef TICK_CO_H
#define TICK_CO_H

#include <stdbool.h>
#include <stdint.h>
#include <tick/async.h>

/* A coroutine is a function plus a caller-owned struct that starts with a tick_co_t and holds
 * everything that must survive a wait (locals do not: the function returns at every wait and
 * is re-entered at the same place, protothread style). The scheduler is tick_run() (layer 2):
 * at the end of each turn it resumes every coroutine that was ready, in the order they became
 * ready, once.
 *
 *   struct blink { tick_co_t co; tick_op_t timer; int n; };
 *   static void blink(tick_co_t *co) {
 *     struct blink *b = (struct blink *)co;
 *     TICK_CO_BEGIN(co);
 *     for (b->n = 0; b->n < 10; b->n++) {
 *       tick_led_async(...);                       // or any layer 2 call
 *       TICK_SLEEP_MS(co, &b->timer, 500);
 *     }
 *     TICK_CO_END(co);
 *   }
 *   static struct blink b;  tick_co_start(&b.co, blink);  tick_run();
 *
 * Rules: one wait macro per source line (they use __LINE__); no `switch` around a wait; the
 * body runs inside a callback (blocking layer 1 calls return TICK_EINUPCALL). */

typedef struct tick_co tick_co_t;
typedef void tick_co_fn(tick_co_t *co);

enum tick_co_state {
  TICK_CO_IDLE = 0, /* never started */
  TICK_CO_DONE,     /* finished or cancelled; `result` holds its result */
  TICK_CO_WAITING,  /* waiting for an operation, a child or a wake */
  TICK_CO_READY,    /* will be resumed at the next turn */
};

/* A coroutine's control block; fields are private except rc and result. */
struct tick_co {
  tick_co_fn *fn;
  tick_co_t *next;   /* ready queue */
  tick_co_t *joiner; /* the coroutine waiting in TICK_JOIN for this one */
  int rc;            /* result of the last TICK_AWAIT, TICK_SELECT..., TICK_JOIN */
  int result;        /* the coroutine's own result once done (TICK_ECANCEL if cancelled) */
  uint32_t line;     /* where to resume (words: compressed loads and stores reach them) */
  uint32_t state;    /* enum tick_co_state */
};

/* Starts `co` (zero-initialised, or done) running `fn` at the next turn. Returns TICK_OK, or
 * TICK_EBUSY if it is still running. */
int tick_co_start(tick_co_t *co, tick_co_fn *fn);

/* Makes a waiting coroutine ready (no effect otherwise). */
void tick_co_wake(tick_co_t *co);

/* A completion function that wakes the coroutine `co` (use TICK_CO_WAKE(co)). */
void tick_co_wake_op(tick_op_t *op, int result, void *co);

/* Ends `co` with `result` and wakes its joiner (TICK_CO_END and TICK_CO_RETURN call it). */
void tick_co_exit(tick_co_t *co, int result);

/* Cancels `co` from outside it: every operation it waits on is cancelled (its buffers are
 * unallowed and the late completions drained, layer 2), it leaves the ready queue and ends
 * with TICK_ECANCEL; its joiner is woken. Returns TICK_OK or TICK_EALREADY (not running).
 * Coroutines it started keep running (cancel them too if they should stop). */
int tick_co_cancel(tick_co_t *co);

/* True once `co` finished or was cancelled. */
static inline bool tick_co_done(const tick_co_t *co) { return co->state == TICK_CO_DONE; }

/* ---- The body ---------------------------------------------------------------------------- */

/* The last two arguments of a layer 2 start call so that its completion wakes `co`. */
#define TICK_CO_WAKE(co) tick_co_wake_op, (co)

#define TICK_CO_BEGIN(co) \
  switch ((co)->line) {   \
  case 0:

#define TICK_CO_END(co)  \
  }                      \
  tick_co_exit((co), 0); \
  return

/* Ends the coroutine with `value` (its `result`, what TICK_JOIN gives the joiner). */
#define TICK_CO_RETURN(co, value) \
  do {                            \
    tick_co_exit((co), (value));  \
    return;                       \
  } while (0)

/* Returns to the scheduler until `cond` is true (checked again after every wake). */
#define TICK_CO_WAIT_UNTIL(co, cond)  \
  do {                                \
    (co)->line = __LINE__;            \
    __attribute__((fallthrough));     \
    case __LINE__:                    \
      if (!(cond)) return;            \
  } while (0)

/* Lets the other ready coroutines and the kernel's events run, then continues. */
#define TICK_CO_YIELD(co)    \
  do {                       \
    tick_co_wake(co);        \
    (co)->line = __LINE__;   \
    return;                  \
    case __LINE__:;          \
  } while (0)

/* `start` is a layer 2 start call for `op` ending in TICK_CO_WAKE(co); waits for the op.
 * rc = its result, or the start call's error. */
#define TICK_AWAIT(co, op, start)                   \
  do {                                              \
    if (((co)->rc = (start)) >= 0) {                \
      TICK_CO_WAIT_UNTIL(co, tick_op_done(op));     \
      (co)->rc = tick_op_result(op);                \
    }                                               \
  } while (0)

/* Waits until the first of several operations (started with TICK_CO_WAKE(co)) is done and
 * cancels the others. rc = the index of the first one done (list order breaks ties). */
#define TICK_SELECT(co, ...) \
  TICK_CO_WAIT_UNTIL(co, ((co)->rc = tick_op_select((tick_op_t *const[]){__VA_ARGS__, NULL})) >= 0)

#define TICK__NOPS(...) ((int)(sizeof((tick_op_t *[]){__VA_ARGS__}) / sizeof(tick_op_t *)))

/* TICK_SELECT with a timeout of `ms` on the timer op `timer`: rc = index of the operation
 * that completed first, or TICK_ETIMEOUT (every operation was cancelled). */
#define TICK_SELECT_TIMEOUT(co, timer, ms, ...)                          \
  do {                                                                  \
    tick_timer_in_ms((timer), (ms), TICK_CO_WAKE(co));                  \
    TICK_SELECT(co, __VA_ARGS__, (timer));                              \
    if ((co)->rc == TICK__NOPS(__VA_ARGS__)) (co)->rc = TICK_ETIMEOUT;  \
  } while (0)

/* with_timeout: TICK_AWAIT with a timeout of `ms` on the timer op `timer`. rc = the result,
 * or TICK_ETIMEOUT (the operation was cancelled: unallowed and its late completion drained). */
#define TICK_AWAIT_TIMEOUT(co, timer, ms, op, start)                     \
  do {                                                                  \
    if (((co)->rc = (start)) >= 0) {                                    \
      TICK_SELECT_TIMEOUT(co, timer, ms, op);                           \
      if ((co)->rc == 0) (co)->rc = tick_op_result(op);                 \
    }                                                                   \
  } while (0)

/* Sleeps `ms` milliseconds on the timer op `timer`. */
#define TICK_SLEEP_MS(co, timer, ms) \
  TICK_AWAIT(co, timer, tick_timer_in_ms((timer), (ms), TICK_CO_WAKE(co)))

/* Sleeps until the alarm counter reaches `deadline` (ticks). */
#define TICK_SLEEP_UNTIL(co, timer, deadline) \
  TICK_AWAIT(co, timer, tick_timer_at((timer), (deadline), TICK_CO_WAKE(co)))

/* IPC (layer 2's tick_ipc_call_async / tick_ipc_recv_async): a call to the service `handle`,
 * rc = the reply's length or an error (the reply code: tick_ipc_op_code(op)); the same with a
 * timeout of `ms` on the timer op `timer` (TICK_ETIMEOUT: the call was withdrawn, no late reply
 * lands in resp); a receive, rc = TICK_OK with the call in *msg and its payload in buf. */
#define TICK_IPC_CALL(co, op, handle, req, req_len, resp, cap) \
  TICK_AWAIT(co, op, tick_ipc_call_async((op), (handle), (req), (req_len), (resp), (cap), TICK_CO_WAKE(co)))
#define TICK_IPC_CALL_TIMEOUT(co, timer, ms, op, handle, req, req_len, resp, cap) \
  TICK_AWAIT_TIMEOUT(co, timer, ms, op,                                          \
                     tick_ipc_call_async((op), (handle), (req), (req_len), (resp), (cap), TICK_CO_WAKE(co)))
#define TICK_IPC_RECV(co, op, buf, cap, msg) \
  TICK_AWAIT(co, op, tick_ipc_recv_async((op), (buf), (cap), (msg), TICK_CO_WAKE(co)))

/* Waits until `child` (a started coroutine) is done; rc = its result. One joiner per child. */
#define TICK_JOIN(co, child)                        \
  do {                                              \
    (child)->joiner = (co);                         \
    TICK_CO_WAIT_UNTIL(co, tick_co_done(child));    \
    (co)->rc = (child)->result;                     \
  } while (0)

/* ---- A static arena of coroutine states -------------------------------------------------- */

/* Up to 32 equal blocks, each big enough for one coroutine's state struct. */
typedef struct {
  void *blocks;
  uint16_t size;
  uint8_t count;
  uint32_t used; /* bit i: block i is in use */
} tick_arena_t;

/* Defines a static arena `name` of `n` (<= 32) blocks of `type` (which starts with tick_co_t). */
#define TICK_ARENA(name, type, n)                                   \
  _Static_assert((n) <= 32, "a tick arena holds at most 32 blocks"); \
  static type name##_blocks[n];                                     \
  static tick_arena_t name = {name##_blocks, sizeof(type), (n), 0}

/* A zeroed block, or NULL when all are in use. */
void *tick_arena_alloc(tick_arena_t *a);

/* Returns a block. Its coroutine must be done (or never started) and no operation of it
 * pending: the debug library stops the process with a report naming the driver and buffer if
 * the kernel still holds a buffer in it. */
void tick_arena_free(tick_arena_t *a, void *block);

/* Allocates a block from `a` and starts `fn` on it; NULL when the arena is full. */
tick_co_t *tick_co_spawn(tick_arena_t *a, tick_co_fn *fn);

#endif /* TICK_CO_H */
