/* Layer 2 internals: operation kinds, the list of pending operations, stale completions. */
#ifndef TICK_ASYNC_PRIVATE_H
#define TICK_ASYNC_PRIVATE_H

#include <tick/async.h>
#include <tick/syscall.h>

/* Kind flags. */
enum {
  KIND_PIN = 1,    /* events carry (pin, level): any number of ops, each started at once and
                      matched by pin; result = level. Otherwise one op at a time per kind. */
  KIND_STATUS = 2, /* events carry (status, count, extra): result = count (clipped to the
                      buffer lent), or -status if none; extra into op->arg2 */
  KIND_WRITE = 4,  /* the console write (the loop flushes printf output only without one) */
  KIND_TAKE = 8,   /* the event only says "look": command `stop` takes the value (u32 into
                      op->arg2; 0 = taken already, keep waiting). Nothing runs in the kernel
                      for the op, so a cancel just forgets it (no late completion). */
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

/* The drivers' kinds (kinds.c): layer 2's start calls and layer 3's lean form use the same. */
extern const struct tick__op_kind tick__kind_console_write, tick__kind_console_read,
    tick__kind_rng, tick__kind_button, tick__kind_gpio_edge;

/* The loop's state, one object so that code reaches it from one base address. */
#define TICK_STALE_MAX 4
struct tick__loop {
  tick_op_t *ops; /* every pending op (kernel ops and timers), in the order started */
  /* Kinds whose cancelled op will still report a completion (one entry per completion; a
   * one-at-a-time kind has at most one). The loop waits for and discards them. */
  const struct tick__op_kind *stale[TICK_STALE_MAX];
  struct tick_co *ready; /* layer 3's queue of ready coroutines (NULL: none) */
  struct tick_co *last;  /* its last coroutine (meaningless while it is empty) */
};
extern struct tick__loop tick__loop;

/* Starts an op of a kernel kind (the drivers' start calls). */
int tick__op_start(tick_op_t *op, const struct tick__op_kind *kind, void *buf, uint32_t arg,
                   uint32_t arg2, tick_op_fn *fn, void *data);

/* Starts `op` as a timer: completes with `result` once the counter reaches `at`. */
int tick__timer_start(tick_op_t *op, uint32_t at, int result, tick_op_fn *fn, void *data);

/* The event (a0, a1, a2) of kind k arrived (the loop). */
void tick__op_event(const struct tick__op_kind *k, uint32_t a0, uint32_t a1, uint32_t a2);

/* Removes `op` from the pending list, marks it done and runs its completion function. */
void tick__op_finish(tick_op_t *op, int result);

/* Adds `op` at the end of the pending list. */
void tick__op_append(tick_op_t *op);

/* Removes `op` from the pending list. */
void tick__op_unlink(tick_op_t *op);

/* Takes the value a KIND_TAKE op's event announces into op->arg2 (its kind's `stop` command);
 * false while there is none (taken already). Defined beside the IPC notification kind
 * (ipc_bits.c), so that apps without it do not link the code; it hands IPC receives (the other
 * KIND_TAKE kind) to tick__ipc_take_call (ipc_async.c, weak: linked only with them). */
bool tick__op_take(tick_op_t *op) __attribute__((weak));
bool tick__ipc_take_call(tick_op_t *op) __attribute__((weak));

/* Cancels every pending op whose completion would call fn(..., data). */
void tick__op_cancel_where(tick_op_fn *fn, void *data);

/* Layer 3's scheduler when it is linked (weak): resumes every coroutine that is ready, once. */
void tick__co_run(void) __attribute__((weak));

#ifdef TICK_DEBUG
/* Debug library: checks pending ops and their buffers against the loop caller's frame. */
void tick__debug_check_frames(const void *loop_frame);
/* Reports a misuse (message + driver + buffer) and ends the process. */
_Noreturn void tick__debug_fail(const char *what, const tick_op_t *op);
/* Fails if a pending op, or a buffer lent by one, lies in [block, block + size) (layer 3
 * calls it when a coroutine's state is freed). */
void tick__debug_check_free(const void *block, size_t size);
#endif

#endif /* TICK_ASYNC_PRIVATE_H */
