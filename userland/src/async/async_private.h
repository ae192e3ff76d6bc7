/* Layer 2 internals: operation kinds, event sources, the timer list and the loop's hooks. */
#ifndef TICK_ASYNC_PRIVATE_H
#define TICK_ASYNC_PRIVATE_H

#include <tick/async.h>
#include <tick/syscall.h>

/* Kind flags. */
enum {
  KIND_PIN = 1,    /* events carry (pin, level): every op of the source is started at once and
                      matched by pin; result = level. Otherwise ops are served one at a time. */
  KIND_STATUS = 2, /* events carry (status, count): result = count, or -status if none */
};

/* What an operation does in the kernel: the event it waits for, the buffer it lends, the
 * command that starts it (args: op->arg, op->arg2) and the one that stops it (arg: op->arg). */
struct tick__op_kind {
  uint32_t driver;
  uint8_t sub;   /* subscribe number of the completion event */
  uint8_t allow; /* 0, TICK_CLASS_ALLOW_RW or TICK_CLASS_ALLOW_RO */
  uint8_t slot;  /* allow slot */
  uint8_t start; /* start command */
  uint8_t stop;  /* 0, or the command that stops a started op */
  uint8_t flags;
#ifdef TICK_DEBUG
  const char *name; /* for debug reports */
#endif
};

#ifdef TICK_DEBUG
#define KIND_NAME(s) , s
#else
#define KIND_NAME(s)
#endif

/* One event source with operations pending, or late completions still to discard. Index i
 * of `tick__src` matches entry i of the Yield-WaitAny list `tick__ids`. */
struct tick__source {
  const struct tick__op_kind *kind;
  tick_op_t *ops;  /* FIFO; for non-PIN kinds only the head is started */
  uint8_t swallow; /* completions of cancelled ops still to come */
};

extern tick_upcall_id_t tick__ids[TICK_WAITANY_MAX];
extern struct tick__source tick__src[TICK_WAITANY_MAX];
extern uint8_t tick__nsrc;
extern tick_op_t *tick__timers; /* sorted by deadline; also commands completing next turn */

/* Starts an op of a kernel kind (the drivers' start calls). */
int tick__op_start(tick_op_t *op, const struct tick__op_kind *kind, void *buf, uint32_t arg,
                   uint32_t arg2, tick_op_fn *fn, void *data);

/* Inserts `op` into the timer list with deadline `at` and result `result`. */
void tick__timer_insert(tick_op_t *op, uint32_t at, int result, tick_op_fn *fn, void *data);

/* Completes every timer due at `now`, at most those that were due when called. */
void tick__timers_fire(uint32_t now);

/* Handles the event of source i (the loop). */
void tick__source_event(unsigned i, uint32_t a0, uint32_t a1);

/* Marks `op` done and runs its completion function. */
void tick__op_complete(tick_op_t *op, int result);

/* Removes `op` from the list at `*head` (no effect if absent). */
void tick__op_unlink(tick_op_t **head, tick_op_t *op);

/* Cancels every pending op whose completion would call fn(..., data); returns how many. */
int tick__op_cancel_where(tick_op_fn *fn, void *data);

/* Layer 3's scheduler when it is linked (weak): resumes every ready coroutine once; returns
 * true if some are ready again (they yielded). */
bool tick__co_run(void) __attribute__((weak));

#ifdef TICK_DEBUG
/* Debug library: checks pending ops' buffers against the stack frame of the loop's caller. */
void tick__debug_check_frames(const void *loop_frame);
/* Reports a misuse (message + driver + buffer) and ends the process. */
_Noreturn void tick__debug_fail(const char *what, const tick_op_t *op);
#endif
/* Debug library: fails if a pending op, or a buffer lent by one, lies in [block, block+size)
 * (layer 3 calls it when a coroutine's state is freed). */
void tick__debug_check_free(const void *block, size_t size);

#endif /* TICK_ASYNC_PRIVATE_H */
