/* Layer 2: asynchronous operations with completion callbacks, software timers, the event loop. */
#ifndef TICK_ASYNC_H
#define TICK_ASYNC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <tick/abi.h>
#include <tick/errors.h>
#include <tick/gpio.h> /* TICK_GPIO_EITHER, _RISING, _FALLING */
#include <tick/ipc.h>

/* How layer 2 works (docs/userland.md, "Layer 2"):
 *
 * - A start call (tick_..._async) starts one operation in the kernel (allow, command) and
 *   returns at once. Its completion function runs later from tick_run(), never inside the start
 *   call, with the operation's result (>= 0) or a negative error.
 * - The loop waits with Yield-WaitAny for the events of every pending operation and the
 *   earliest software timer. Layer 2 never subscribes an upcall, so there is no upcall to
 *   unsubscribe and no function pointer the kernel could call into stale state.
 * - tick_op_cancel() ends an operation before it completes: the kernel's copy is stopped (the
 *   driver's abort command where it has one), the buffer taken back (unallow), and the late
 *   completion the driver still reports is drained (discarded by the loop before any later
 *   operation of that driver starts). The completion function of a cancelled operation never
 *   runs.
 * - Completion functions (and coroutines, layer 3) run "inside a callback": every blocking
 *   layer 1 call made there returns TICK_EINUPCALL at once, as does tick_run(); printf output
 *   is buffered and written when the callback returns.
 *
 * Every tick_op_t and every buffer lent to an operation is caller-owned and must stay alive
 * (not on a stack frame that returns) until the operation completes or is cancelled; the debug
 * library (APP_DEBUG := 1) checks this. Console reads, console writes and RNG requests are one
 * at a time (a second gets TICK_EBUSY, as from the driver); buttons and GPIO edges any number.
 * The loop waits for at most 8 kinds of kernel operation at once (Yield-WaitAny's limit; the
 * drivers have 13 kinds today, 5 of them the app loader's, one at a time). */

typedef struct tick_op tick_op_t;

/* Exit code of a process the debug library stopped for a buffer-lifetime error. */
#define TICK_DEBUG_EXIT_CODE 0xDEB0u

/* A completion function: `result` is the operation's result (>= 0) or a negative error. */
typedef void tick_op_fn(tick_op_t *op, int result, void *data);

struct tick__op_kind; /* what an operation does in the kernel (private) */

enum tick_op_state {
  TICK_OP_IDLE = 0, /* never started, or cancelled */
  TICK_OP_DONE,     /* completed; `result` holds the result */
  TICK_OP_WAITING,  /* queued until a cancelled op's late completion of its kind is drained */
  TICK_OP_ACTIVE,   /* started in the kernel (or a timer counting down) */
  TICK_OP_DUE,      /* a timer completing in this turn of the loop */
};

/* One operation. Zero-initialise it (static storage or `= {0}`) before its first start; it can
 * be started again once it is idle or done. Fields are private except as documented. */
struct tick_op {
  tick_op_t *next;
  const struct tick__op_kind *kind; /* NULL: a timer or a command */
  tick_op_fn *fn;
  void *data;
  void *buf;     /* the buffer lent to the kernel, or NULL */
  uint32_t arg;  /* buffer length, button or pin number; a timer's deadline in ticks */
  uint32_t arg2; /* GPIO edge */
  int32_t result;
  uint32_t state; /* enum tick_op_state (a word: compressed loads and stores reach it) */
};

/* True while `op` is started and neither completed nor cancelled. */
static inline bool tick_op_pending(const tick_op_t *op) { return op->state >= TICK_OP_WAITING; }

/* True once `op` completed (until it is started again). */
static inline bool tick_op_done(const tick_op_t *op) { return op->state == TICK_OP_DONE; }

/* The result of a completed operation. */
static inline int tick_op_result(const tick_op_t *op) { return op->result; }

/* Cancels a pending operation: its completion function will not run, the kernel no longer
 * holds its buffer when this returns, and its late completion (if the driver still reports
 * one) is discarded. Returns TICK_OK, or TICK_EALREADY if `op` was not pending. */
int tick_op_cancel(tick_op_t *op);

/* Select over operations the caller started: returns the index of the first operation of the
 * NULL-terminated list `ops` that is done (list order breaks ties) after cancelling every
 * other one, or -1 (nothing cancelled) while none is done. */
int tick_op_select(tick_op_t *const *ops);

/* ---- Software timers (any number; no kernel alarm is used) ------------------------------ */

/* Completes `op` with result 0 once the alarm counter reaches `deadline` (absolute ticks,
 * at most 2^31 - 1 ticks ahead; a deadline in the past completes at the next turn). */
int tick_timer_at(tick_op_t *op, uint32_t deadline, tick_op_fn *fn, void *data);

/* Completes `op` `ms` milliseconds from now. */
int tick_timer_in_ms(tick_op_t *op, uint32_t ms, tick_op_fn *fn, void *data);

/* Completes `op` `ms` after its previous deadline: a drift-free periodic timer when called
 * from its own completion function. */
int tick_timer_after_ms(tick_op_t *op, uint32_t ms, tick_op_fn *fn, void *data);

/* The deadline (ticks) `op` was last started with. */
static inline uint32_t tick_timer_deadline(const tick_op_t *op) { return op->arg; }

/* ---- Drivers ---------------------------------------------------------------------------- */

/* Console write of buf[0..len): result = bytes written. Cancel: the buffer is taken back and
 * the message ends after the chunk being sent (the console has no abort command). */
int tick_console_write_async(tick_op_t *op, const void *buf, size_t len, tick_op_fn *fn,
                             void *data);

/* Console read of exactly `len` bytes into buf: result = bytes read. Cancel: command 3 aborts
 * the read, the buffer is taken back; bytes received before the abort are dropped. */
int tick_console_read_async(tick_op_t *op, void *buf, size_t len, tick_op_fn *fn, void *data);

/* `len` random bytes into buf: result = bytes filled. Cancel: the buffer is taken back (the
 * RNG has no abort command; it reports the stale request at its next fill). */
int tick_rng_async(tick_op_t *op, void *buf, size_t len, tick_op_fn *fn, void *data);

/* Next press or release of `button`: result = 1 pressed, 0 released. Enables the button's
 * interrupt while waiting. Cancel: the interrupt is disabled, queued edges drained. */
int tick_button_async(tick_op_t *op, uint32_t button, tick_op_fn *fn, void *data);

/* Next `edge` on input `pin`: result = the level after the edge. Cancel: the pin's interrupt is
 * turned off (GPIO command 8), queued edges drained. */
int tick_gpio_edge_async(tick_op_t *op, uint32_t pin, uint32_t edge, tick_op_fn *fn,
                         void *data);

/* Any command that completes at once, in async form: issued now, completed at the next turn
 * with the command's u32 value (Success with u32), 0 (Success) or -(error). */
int tick_command_async(tick_op_t *op, uint32_t driver, uint32_t command, uint32_t arg0,
                       uint32_t arg1, tick_op_fn *fn, void *data);

/* IPC notification bits (driver 0xE0000, docs/ipc.md): completes with TICK_OK once bits
 * arrive for this process; they are taken (cleared in the kernel) and read with
 * tick_ipc_op_bits(op). Bits pending already at the start complete it at the next turn;
 * batches that arrive before the loop runs are ORed into one completion. Cancel: the op is
 * forgotten (nothing runs in the kernel for it); bits that arrive later wait, pending, for the
 * next op. One at a time (TICK_EBUSY). */
int tick_ipc_notified_async(tick_op_t *op, tick_op_fn *fn, void *data);
static inline uint32_t tick_ipc_op_bits(const tick_op_t *op) { return op->arg2; }

/* IPC call without waiting (docs/ipc.md, "Calls without waiting"): sends req[0..req_len) to the
 * service `handle` (tick_ipc_find); the reply lands in resp[0..resp_cap) (clipped). result = the
 * reply's full length, or TICK_EPEERDIED (the service ended during the call), TICK_ESTALE,
 * TICK_EINVAL, TICK_ESIZE (at the start); the server's reply code is tick_ipc_op_code(op). Both
 * buffers must stay alive until it completes or is cancelled. One at a time (TICK_EBUSY), and
 * the blocking tick_ipc_call answers TICK_EBUSY while it is pending (the kernel has one call per
 * client: a blocking call would replace it, and its completion never come). Cancel (tick_op_cancel, e.g. by
 * a timeout): the kernel withdraws the call (a server that took it has its reply dropped, the
 * leases end) and the loop drains the completion the kernel still reports, so no late reply
 * lands in resp or in a later call. */
int tick_ipc_call_async(tick_op_t *op, tick_ipc_handle_t handle, const void *req, size_t req_len,
                        void *resp, size_t resp_cap, tick_op_fn *fn, void *data);
static inline uint32_t tick_ipc_op_code(const tick_op_t *op) { return op->arg2; }

/* IPC receive without waiting: completes with TICK_OK once a call to any of this process's
 * services has been taken: its payload in buf[0..cap) (clipped), *msg = (token, full length,
 * caller). Reply with tick_ipc_reply(msg->token, ...) (it never blocks, and works inside
 * callbacks), in any order. A call waiting already completes it at the next turn. One at a
 * time (TICK_EBUSY). Cancel: the op is forgotten (nothing runs in the kernel for it); calls
 * keep waiting for the next receive. */
int tick_ipc_recv_async(tick_op_t *op, void *buf, size_t cap, tick_ipc_msg_t *msg, tick_op_fn *fn,
                        void *data);

/* The app loader (driver 0x10001, Tock's dynamic app loading: docs/apps.md): command
 * `command` (1 setup (length), 3 finalize, 4 load, 5 abort) with its arguments; completes when
 * the driver's upcall comes: result 0 or -(the error it reports). Uninstall (6) has no async
 * form (its upcall's slot cannot be told from a result): TICK_EINVAL. The write form lends chunk[0..len) (read-only, may
 * be in flash) and writes it at `offset` of the app: result = bytes written. One operation at
 * a time (the driver answers TICK_EBUSY). Cancel: the completion is drained, but the driver
 * cannot stop an operation: it runs to its end (the driver answers TICK_EBUSY until then; an
 * operation of the same command waits for it instead), and a write reads the chunk until then,
 * so the chunk must stay alive; command 5 (abort) ends the session. */
int tick_app_loader_async(tick_op_t *op, uint32_t command, uint32_t arg0, uint32_t arg1,
                          tick_op_fn *fn, void *data);
int tick_app_loader_write_async(tick_op_t *op, uint32_t offset, const void *chunk, size_t len,
                                tick_op_fn *fn, void *data);

/* LED actions: LED commands 1 (on), 2 (off), 3 (toggle), 4 (read: result 1 on / 0 off). */
enum { TICK_LED_ON = 1, TICK_LED_OFF = 2, TICK_LED_TOGGLE = 3, TICK_LED_READ = 4 };
static inline int tick_led_async(tick_op_t *op, uint32_t led, uint32_t action, tick_op_fn *fn,
                                 void *data) {
  return tick_command_async(op, TICK_DRIVER_LEDS, action, led, 0, fn, data);
}

/* GPIO commands 2 (set), 3 (clear), 4 (toggle), 6 (read: result = level). */
enum { TICK_GPIO_SET = 2, TICK_GPIO_CLEAR = 3, TICK_GPIO_TOGGLE = 4, TICK_GPIO_READ = 6 };
static inline int tick_gpio_async(tick_op_t *op, uint32_t pin, uint32_t action, tick_op_fn *fn,
                                  void *data) {
  return tick_command_async(op, TICK_DRIVER_GPIO, action, pin, 0, fn, data);
}

/* Button state (command 3): result 1 pressed, 0 released. */
static inline int tick_button_read_async(tick_op_t *op, uint32_t button, tick_op_fn *fn,
                                         void *data) {
  return tick_command_async(op, TICK_DRIVER_BUTTONS, 3, button, 0, fn, data);
}

/* ---- The event loop ---------------------------------------------------------------------- */

/* One turn: waits for one kernel event or the earliest timer (only polls while coroutines are
 * ready), runs the completion functions that are due, then resumes the ready coroutines
 * (layer 3) and writes out what they printed. Returns 1 after a turn, 0 at once when nothing
 * is pending (no operation, timer, owed completion or ready coroutine), or TICK_EINUPCALL
 * inside a callback. */
int tick_run_once(void);

/* Runs turns until nothing is pending. Returns TICK_OK, or TICK_EINUPCALL inside a callback. */
int tick_run(void);

#endif /* TICK_ASYNC_H */
