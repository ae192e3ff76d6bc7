/* Host tests: layer 2 operations, callbacks, cancellation and draining, timers, the loop. */
#include <string.h>
#include <tick.h>
#include <tick/async.h>

#include "harness.h"

#define RO TICK_CLASS_ALLOW_RO
#define RW TICK_CLASS_ALLOW_RW
#define ANY ((uintptr_t)~0)

/* Every completion: which op, its result, the time and whether it ran inside the loop. */
struct seen {
  tick_op_t *op;
  int result;
  uint64_t at;
  int in_callback;
};
static struct seen seen[32];
static int nseen;

static void note(tick_op_t *op, int result, void *data) {
  (void)data;
  if (nseen < 32) seen[nseen] = (struct seen){op, result, fk.now, tick_in_upcall()};
  nseen++;
}

/* ---- timers --------------------------------------------------------------------------- */

TEST(async_timers_complete_in_deadline_order_from_the_loop) {
  static tick_op_t a, b, c;
  uint64_t t0 = fk.now;
  CHECK_EQ(tick_timer_in_ms(&a, 30, note, NULL), TICK_OK);
  CHECK_EQ(tick_timer_in_ms(&b, 10, note, NULL), TICK_OK);
  CHECK_EQ(tick_timer_in_ms(&c, 20, note, NULL), TICK_OK);
  CHECK_EQ(nseen, 0); /* never inside the start call */
  CHECK(tick_op_pending(&a));
  CHECK_EQ(tick_run(), TICK_OK);
  CHECK_EQ(nseen, 3);
  CHECK(seen[0].op == &b && seen[1].op == &c && seen[2].op == &a);
  CHECK_EQ(seen[0].at - t0, fk_ms(10));
  CHECK_EQ(seen[2].at - t0, fk_ms(30));
  CHECK_EQ(seen[0].result, 0);
  CHECK_EQ(seen[0].in_callback, 1);
  CHECK(tick_op_done(&a));
  /* Layer 2 neither subscribes nor uses the kernel alarm: it waits with Yield-WaitAny. */
  CHECK_EQ(fk_count(TICK_CLASS_SUBSCRIBE, ANY, ANY), 0);
  CHECK_EQ(fk_count(TICK_CLASS_COMMAND, 0, 5) + fk_count(TICK_CLASS_COMMAND, 0, 6), 0);
}

TEST(async_timer_cancel_prevents_its_callback) {
  static tick_op_t a, b;
  tick_timer_in_ms(&a, 10, note, NULL);
  tick_timer_in_ms(&b, 20, note, NULL);
  CHECK_EQ(tick_op_cancel(&a), TICK_OK);
  CHECK_EQ(tick_op_cancel(&a), TICK_EALREADY);
  CHECK(!tick_op_pending(&a));
  CHECK_EQ(tick_run(), TICK_OK);
  CHECK_EQ(nseen, 1);
  CHECK(seen[0].op == &b);
  CHECK_EQ(tick_op_cancel(&b), TICK_EALREADY); /* done: nothing to cancel */
}

static uint64_t periodic_at[8];
static int nperiodic;
static void periodic(tick_op_t *op, int result, void *data) {
  (void)result, (void)data;
  periodic_at[nperiodic++] = fk.now;
  fk.now += fk_ms(3); /* the callback is slow: the next deadline must not drift */
  if (nperiodic < 5) tick_timer_after_ms(op, 10, periodic, NULL);
}

TEST(async_timer_after_ms_is_drift_free) {
  static tick_op_t t;
  uint64_t t0 = fk.now;
  tick_timer_in_ms(&t, 10, periodic, NULL);
  CHECK_EQ(tick_run(), TICK_OK);
  CHECK_EQ(nperiodic, 5);
  for (int i = 0; i < 5; i++) CHECK_EQ(periodic_at[i] - t0, fk_ms(10) * (uint64_t)(i + 1));
}

static int rearms;
static void rearm_now(tick_op_t *op, int result, void *data) {
  (void)result, (void)data;
  if (++rearms < 3) tick_timer_at(op, (uint32_t)fk.now - 5, rearm_now, NULL);
}

TEST(async_timer_rearmed_in_the_past_waits_for_the_next_turn) {
  static tick_op_t t;
  tick_timer_at(&t, (uint32_t)fk.now, rearm_now, NULL);
  CHECK_EQ(tick_run_once(), 1);
  CHECK_EQ(rearms, 1); /* not three times within one turn */
  CHECK_EQ(tick_run_once(), 1);
  CHECK_EQ(rearms, 2);
  CHECK_EQ(tick_run(), TICK_OK);
  CHECK_EQ(rearms, 3);
}

/* A's callback cancels B (due with it) and starts C at the same deadline: C is not one of the
 * timers that were due when the turn began, so it waits for the next turn (it used to fire in
 * this one, taking B's place in a count of due timers). */
static tick_op_t due_a, due_b, due_c;
static void cancel_b_start_c(tick_op_t *op, int result, void *data) {
  note(op, result, data);
  tick_op_cancel(&due_b);
  tick_timer_at(&due_c, tick_timer_deadline(op), note, NULL);
}

TEST(async_timer_started_by_a_due_callback_at_the_same_deadline_waits_for_the_next_turn) {
  uint32_t d = (uint32_t)fk.now + (uint32_t)fk_ms(5);
  tick_timer_at(&due_a, d, cancel_b_start_c, NULL);
  tick_timer_at(&due_b, d, note, NULL);
  CHECK_EQ(tick_run_once(), 1);
  CHECK_EQ(nseen, 1);
  CHECK(seen[0].op == &due_a);
  CHECK(tick_op_pending(&due_c));
  CHECK_EQ(tick_run_once(), 1);
  CHECK_EQ(nseen, 2);
  CHECK(seen[1].op == &due_c);
  CHECK_EQ(tick_run(), TICK_OK);
  CHECK_EQ(nseen, 2); /* B never ran */
}

TEST(async_run_returns_at_once_when_nothing_is_pending) {
  int calls = fk.nlog;
  CHECK_EQ(tick_run_once(), 0);
  CHECK_EQ(tick_run(), TICK_OK);
  CHECK_EQ(fk.nlog, calls); /* no system call at all */
}

TEST(async_start_of_a_pending_op_is_refused) {
  static tick_op_t t;
  CHECK_EQ(tick_timer_in_ms(&t, 10, note, NULL), TICK_OK);
  CHECK_EQ(tick_timer_in_ms(&t, 20, note, NULL), TICK_EBUSY);
  static char c;
  CHECK_EQ(tick_console_read_async(&t, &c, 1, note, NULL), TICK_EBUSY);
  CHECK_EQ(tick_run(), TICK_OK);
  CHECK_EQ(nseen, 1);
}

/* ---- console ---------------------------------------------------------------------------- */

TEST(async_console_write_completes_and_takes_the_buffer_back) {
  static tick_op_t w;
  static const char text[] = "async";
  CHECK_EQ(tick_console_write_async(&w, text, 5, note, NULL), TICK_OK);
  CHECK_EQ(fk_allowed_ptr(RO, 1, 1), (uintptr_t)text);
  CHECK_EQ(tick_run(), TICK_OK);
  CHECK_EQ(nseen, 1);
  CHECK_EQ(seen[0].result, 5);
  CHECK(memcmp(fk.out, "async", 5) == 0);
  CHECK_EQ(fk_allowed_ptr(RO, 1, 1), 0);
}

TEST(async_console_read_completes_with_input) {
  static tick_op_t r;
  static char buf[4];
  fk_input_at(fk.now + fk_ms(5), "abc");
  CHECK_EQ(tick_console_read_async(&r, buf, 3, note, NULL), TICK_OK);
  CHECK_EQ(tick_run(), TICK_OK);
  CHECK_EQ(nseen, 1);
  CHECK_EQ(seen[0].result, 3);
  CHECK(memcmp(buf, "abc", 3) == 0);
  CHECK_EQ(fk_allowed_ptr(RW, 1, 1), 0);
}

TEST(async_console_read_start_error_is_returned_at_once) {
  static tick_op_t r;
  static char c;
  CHECK_EQ(tick_console_read_async(&r, &c, 0, note, NULL), TICK_ERESERVE); /* empty buffer */
  CHECK(!tick_op_pending(&r));
  CHECK_EQ(fk_allowed_ptr(RW, 1, 1), 0);
  CHECK_EQ(tick_run_once(), 0); /* nothing was left pending */
}

TEST(async_a_second_read_while_one_is_pending_is_busy) {
  static tick_op_t r1, r2;
  static char a, b;
  CHECK_EQ(tick_console_read_async(&r1, &a, 1, note, NULL), TICK_OK);
  CHECK_EQ(tick_console_read_async(&r2, &b, 1, note, NULL), TICK_EBUSY); /* as the driver */
  CHECK(!tick_op_pending(&r2));
  CHECK_EQ(fk_count(TICK_CLASS_COMMAND, 1, 2), 1);
  fk_input_at(fk.now + fk_ms(1), "xy");
  CHECK_EQ(tick_run(), TICK_OK);
  CHECK_EQ(nseen, 1);
  CHECK(seen[0].op == &r1);
  CHECK_EQ(a, 'x');
}

TEST(async_console_read_cancel_aborts_unallows_and_drains_the_late_completion) {
  static tick_op_t r, r2;
  static char old[4], fresh[4];
  fk.cancel_delay = fk_ms(5); /* the abort's CANCEL completion comes 5 ms later */
  CHECK_EQ(tick_console_read_async(&r, old, 4, note, NULL), TICK_OK);
  fk_input_at(fk.now + fk_ms(1), "ab"); /* 2 of 4 bytes, then cancel */
  fk_advance(fk.now + fk_ms(2));
  CHECK_EQ(tick_op_cancel(&r), TICK_OK);
  CHECK_EQ(fk_count(TICK_CLASS_COMMAND, 1, 3), 1); /* abort */
  CHECK_EQ(fk_allowed_ptr(RW, 1, 1), 0);           /* unallowed at once */
  /* A new read of the same driver waits until the late completion is drained. */
  CHECK_EQ(tick_console_read_async(&r2, fresh, 2, note, NULL), TICK_OK);
  CHECK_EQ(r2.state, TICK_OP_WAITING);
  fk_input_at(fk.now + fk_ms(10), "zq");
  CHECK_EQ(tick_run(), TICK_OK);
  CHECK_EQ(nseen, 1); /* r's callback never ran */
  CHECK(seen[0].op == &r2);
  CHECK_EQ(seen[0].result, 2);
  CHECK(memcmp(fresh, "zq", 2) == 0);
  CHECK(!tick_op_done(&r));
  CHECK_EQ(fk_queued(1, 2), 0);
}

TEST(async_console_read_cancel_when_the_completion_is_already_queued) {
  /* The race: the read completed in the kernel (its event queued) just before the cancel. */
  static tick_op_t r, r2;
  static char old, fresh;
  CHECK_EQ(tick_console_read_async(&r, &old, 1, note, NULL), TICK_OK);
  fk_input_at(fk.now + fk_ms(1), "s");
  fk_advance(fk.now + fk_ms(2));
  CHECK_EQ(fk_queued(1, 2), 1);
  CHECK_EQ(tick_op_cancel(&r), TICK_OK);
  CHECK_EQ(tick_console_read_async(&r2, &fresh, 1, note, NULL), TICK_OK);
  fk_input_at(fk.now + fk_ms(1), "n");
  CHECK_EQ(tick_run(), TICK_OK);
  CHECK_EQ(nseen, 1);
  CHECK(seen[0].op == &r2);
  CHECK_EQ(fresh, 'n'); /* not the stale 's' completion */
}

TEST(async_console_write_cancel_takes_the_buffer_back_and_drains) {
  static tick_op_t w, w2;
  fk.write_delay = FK_NEVER; /* the write never finishes by itself */
  fk.cancel_delay = fk_ms(3);
  CHECK_EQ(tick_console_write_async(&w, "stuck", 5, note, NULL), TICK_OK);
  CHECK_EQ(tick_op_cancel(&w), TICK_OK);
  CHECK_EQ(fk_allowed_ptr(RO, 1, 1), 0);
  fk.write_delay = fk_ms(1);
  CHECK_EQ(tick_console_write_async(&w2, "next", 4, note, NULL), TICK_OK);
  CHECK_EQ(tick_run(), TICK_OK);
  CHECK_EQ(nseen, 1);
  CHECK(seen[0].op == &w2);
  CHECK_EQ(seen[0].result, 4);
  CHECK_EQ(fk_queued(1, 1), 0);
}

/* ---- RNG ---------------------------------------------------------------------------------- */

TEST(async_rng_fills_the_buffer) {
  static tick_op_t op;
  static uint8_t buf[8];
  CHECK_EQ(tick_rng_async(&op, buf, sizeof buf, note, NULL), TICK_OK);
  CHECK_EQ(tick_run(), TICK_OK);
  CHECK_EQ(seen[0].result, 8);
  CHECK_EQ(buf[0], 1);
  CHECK_EQ(buf[7], 8);
  CHECK_EQ(fk_allowed_ptr(RW, TICK_DRIVER_RNG, 0), 0);
}

TEST(async_rng_cancel_then_a_new_request_gets_its_own_bytes) {
  static tick_op_t op, op2;
  static uint8_t old[4], fresh[4];
  CHECK_EQ(tick_rng_async(&op, old, 4, note, NULL), TICK_OK);
  CHECK_EQ(tick_op_cancel(&op), TICK_OK);
  CHECK_EQ(fk_allowed_ptr(RW, TICK_DRIVER_RNG, 0), 0);
  CHECK_EQ(tick_rng_async(&op2, fresh, 4, note, NULL), TICK_OK);
  /* It must not start before the stale request reported: the RNG would replace it and
   * report once, and the stale report would be taken for the new one. */
  CHECK_EQ(fk_count(TICK_CLASS_COMMAND, TICK_DRIVER_RNG, 1), 1);
  CHECK_EQ(tick_run(), TICK_OK);
  CHECK_EQ(nseen, 1);
  CHECK(seen[0].op == &op2);
  CHECK_EQ(seen[0].result, 4);
  CHECK_EQ(fk_count(TICK_CLASS_COMMAND, TICK_DRIVER_RNG, 1), 2);
  CHECK(old[0] == 0 && fresh[0] != 0);
}

TEST(async_rng_without_device_fails_at_start) {
  static tick_op_t op;
  static uint8_t buf[4];
  fk.rng_absent = true;
  CHECK_EQ(tick_rng_async(&op, buf, 4, note, NULL), TICK_ENODEVICE);
  CHECK_EQ(fk_allowed_ptr(RW, TICK_DRIVER_RNG, 0), 0);
  CHECK_EQ(tick_run_once(), 0);
}

/* ---- buttons and GPIO -------------------------------------------------------------------- */

TEST(async_button_press_completes_and_disables_the_interrupt) {
  static tick_op_t op;
  CHECK_EQ(tick_button_async(&op, 2, note, NULL), TICK_OK);
  CHECK_EQ(fk.buttons_enabled, 1u << 2);
  fk_button_at(fk.now + fk_ms(4), 1, 1); /* another button: not enabled, no event */
  fk_button_at(fk.now + fk_ms(5), 2, 1);
  CHECK_EQ(tick_run(), TICK_OK);
  CHECK_EQ(nseen, 1);
  CHECK_EQ(seen[0].result, 1);
  CHECK_EQ(fk.buttons_enabled, 0);
}

TEST(async_buttons_ops_on_two_buttons_are_matched_by_number) {
  static tick_op_t a, b;
  tick_button_async(&a, 0, note, NULL);
  tick_button_async(&b, 3, note, NULL);
  fk_button_at(fk.now + fk_ms(1), 3, 1);
  fk_button_at(fk.now + fk_ms(2), 0, 1);
  CHECK_EQ(tick_run(), TICK_OK);
  CHECK_EQ(nseen, 2);
  CHECK(seen[0].op == &b && seen[1].op == &a);
}

TEST(async_button_cancel_disables_and_stale_edges_never_complete_a_new_op) {
  static tick_op_t a, other, again;
  tick_button_async(&a, 1, note, NULL);
  tick_button_async(&other, 2, note, NULL); /* keeps the source listening */
  fk_button_at(fk.now + fk_ms(1), 1, 1);
  fk_advance(fk.now + fk_ms(2)); /* the press is queued for a */
  CHECK_EQ(tick_op_cancel(&a), TICK_OK);
  CHECK_EQ(fk.buttons_enabled, 1u << 2);
  /* A new op on button 1 waits for an edge after its start, not the queued press. */
  CHECK_EQ(tick_button_async(&again, 1, note, NULL), TICK_OK);
  fk_button_at(fk.now + fk_ms(5), 1, 0);
  fk_button_at(fk.now + fk_ms(6), 2, 1);
  CHECK_EQ(tick_run(), TICK_OK);
  CHECK_EQ(nseen, 2);
  CHECK(seen[0].op == &again);
  CHECK_EQ(seen[0].result, 0); /* the release, not the stale press */
  CHECK(seen[1].op == &other);
  CHECK_EQ(fk_queued(3, 0), 0);
}

TEST(async_button_edge_queued_at_start_goes_to_the_op_that_waited_for_it) {
  static tick_op_t a, b;
  tick_button_async(&a, 0, note, NULL);
  fk_button_at(fk.now + fk_ms(1), 0, 1);
  fk_advance(fk.now + fk_ms(2)); /* queued for a, not dispatched yet */
  tick_button_async(&b, 1, note, NULL);
  CHECK_EQ(nseen, 0); /* delivered at the next turn, not inside the start call */
  CHECK_EQ(tick_run_once(), 1);
  CHECK_EQ(nseen, 1);
  CHECK(seen[0].op == &a);
  CHECK_EQ(seen[0].result, 1);
  CHECK_EQ(tick_op_cancel(&b), TICK_OK);
  CHECK_EQ(fk.buttons_enabled, 0);
}

/* ---- IPC notification bits ------------------------------------------------------------ */

#define IPC TICK_DRIVER_IPC

TEST(async_ipc_notified_completes_with_the_bits_coalesced) {
  static tick_op_t n;
  CHECK_EQ(tick_ipc_notified_async(&n, note, NULL), TICK_OK);
  fk_ipc_bits_at(fk.now + fk_ms(1), 0x1);
  fk_ipc_bits_at(fk.now + fk_ms(2), 0x4); /* before the loop looks: one batch */
  fk_advance(fk.now + fk_ms(3));
  CHECK_EQ(nseen, 0);
  CHECK_EQ(tick_run(), TICK_OK);
  CHECK_EQ(nseen, 1);
  CHECK(seen[0].op == &n);
  CHECK_EQ(seen[0].result, TICK_OK);
  CHECK_EQ(tick_ipc_op_bits(&n), 0x5u);
  CHECK_EQ(fk.ipc_bits, 0u); /* taken */
  CHECK_EQ(fk_queued(IPC, 1), 0);
}

TEST(async_ipc_notified_with_bits_pending_completes_at_the_next_turn) {
  static tick_op_t n;
  fk.ipc_bits = 0x8; /* its event went to an op since cancelled, or nobody */
  CHECK_EQ(tick_ipc_notified_async(&n, note, NULL), TICK_OK);
  CHECK_EQ(nseen, 0); /* not inside the start call */
  CHECK_EQ(tick_ipc_notified_async(&n, note, NULL), TICK_EBUSY);
  CHECK_EQ(tick_run_once(), 1);
  CHECK_EQ(nseen, 1);
  CHECK_EQ(tick_ipc_op_bits(&n), 0x8u);
  CHECK_EQ(fk.ipc_bits, 0u);
}

TEST(async_ipc_notified_cancel_forgets_the_op_and_keeps_later_bits) {
  static tick_op_t n, again;
  CHECK_EQ(tick_ipc_notified_async(&n, note, NULL), TICK_OK);
  CHECK_EQ(tick_op_cancel(&n), TICK_OK);
  CHECK_EQ(tick_run(), TICK_OK); /* returns at once: no late completion to wait for */
  fk_ipc_bits_at(fk.now + fk_ms(1), 0x2);
  fk_advance(fk.now + fk_ms(2));
  CHECK_EQ(tick_run(), TICK_OK); /* nothing pending: no wait for a late completion */
  CHECK_EQ(nseen, 0);
  CHECK_EQ(fk.ipc_bits, 0x2u); /* still pending, for the next op */
  CHECK_EQ(tick_ipc_notified_async(&again, note, NULL), TICK_OK);
  CHECK_EQ(tick_run(), TICK_OK);
  CHECK_EQ(nseen, 1);
  CHECK(seen[0].op == &again);
  CHECK_EQ(tick_ipc_op_bits(&again), 0x2u);
}

TEST(async_ipc_notified_keeps_waiting_when_the_bits_were_taken_already) {
  static tick_op_t n, t;
  CHECK_EQ(tick_ipc_notified_async(&n, note, NULL), TICK_OK);
  fk_ipc_bits_at(fk.now + fk_ms(1), 0x1);
  fk_advance(fk.now + fk_ms(2));
  fk.ipc_bits = 0; /* someone took them (tick_ipc_take_bits) before the loop looked */
  tick_timer_in_ms(&t, 5, note, NULL);
  fk_ipc_bits_at(fk.now + fk_ms(10), 0x10);
  CHECK_EQ(tick_run(), TICK_OK);
  CHECK_EQ(nseen, 2);
  CHECK(seen[0].op == &t); /* the empty event completed nothing */
  CHECK(seen[1].op == &n);
  CHECK_EQ(tick_ipc_op_bits(&n), 0x10u);
}

TEST(async_gpio_rising_edge) {
  static tick_op_t op;
  CHECK_EQ(tick_gpio_edge_async(&op, 5, TICK_GPIO_RISING, note, NULL), TICK_OK);
  CHECK_EQ(fk_count(TICK_CLASS_COMMAND, 4, 7), 1);
  fk_gpio_at(fk.now + fk_ms(1), 5, 1);
  CHECK_EQ(tick_run(), TICK_OK);
  CHECK_EQ(nseen, 1);
  CHECK_EQ(seen[0].result, 1);
  CHECK_EQ(fk.gpio_irq, 0); /* command 8: interrupt off */
}

TEST(async_gpio_cancel_turns_the_interrupt_off) {
  static tick_op_t op;
  tick_gpio_edge_async(&op, 2, TICK_GPIO_EITHER, note, NULL);
  CHECK_EQ(tick_op_cancel(&op), TICK_OK);
  CHECK_EQ(fk.gpio_irq, 0);
  CHECK_EQ(tick_run_once(), 0);
}

/* ---- commands ------------------------------------------------------------------------------ */

TEST(async_led_command_completes_at_the_next_turn) {
  static tick_op_t op, rd;
  CHECK_EQ(tick_led_async(&op, 1, TICK_LED_TOGGLE, note, NULL), TICK_OK);
  CHECK_EQ(fk.leds, 1u << 1); /* issued now */
  CHECK_EQ(nseen, 0);         /* completed later */
  CHECK_EQ(tick_led_async(&rd, 1, TICK_LED_READ, note, NULL), TICK_OK);
  CHECK_EQ(tick_run(), TICK_OK);
  CHECK_EQ(nseen, 2);
  CHECK_EQ(seen[0].result, 0);
  CHECK_EQ(seen[1].result, 1);
}

TEST(async_command_failure_completes_with_the_error) {
  static tick_op_t op;
  CHECK_EQ(tick_led_async(&op, 9, TICK_LED_ON, note, NULL), TICK_OK);
  CHECK_EQ(tick_run(), TICK_OK);
  CHECK_EQ(seen[0].result, TICK_EINVAL);
  static tick_op_t gp;
  tick_gpio_async(&gp, 3, TICK_GPIO_READ, note, NULL);
  tick_button_read_async(&op, 0, note, NULL);
  CHECK_EQ(tick_run(), TICK_OK);
  CHECK_EQ(nseen, 3);
}

/* ---- callbacks ---------------------------------------------------------------------------- */

static int refused[6];
static void blocking_inside(tick_op_t *op, int result, void *data) {
  (void)op, (void)result, (void)data;
  char c;
  refused[0] = tick_console_write("x", 1);
  refused[1] = tick_console_read_timeout(&c, 1, 5);
  refused[2] = tick_sleep_ms(1);
  refused[3] = tick_run();
  refused[4] = tick_run_once();
  refused[5] = tick_yield();
}

TEST(async_blocking_calls_inside_a_callback_are_refused) {
  static tick_op_t t;
  tick_timer_in_ms(&t, 1, blocking_inside, NULL);
  CHECK_EQ(tick_run(), TICK_OK);
  for (int i = 0; i < 6; i++) CHECK_EQ(refused[i], TICK_EINUPCALL);
  CHECK_EQ(fk.out_len, 0);
  CHECK_EQ(tick_in_upcall(), 0);
}

static tick_op_t chain_op;
static char chain_buf;
static int chain_n;
static void chain(tick_op_t *op, int result, void *data) {
  (void)data;
  CHECK(op == &chain_op);
  CHECK_EQ(result, 1);
  if (++chain_n < 3) CHECK_EQ(tick_console_read_async(op, &chain_buf, 1, chain, NULL), TICK_OK);
}

TEST(async_a_callback_restarts_its_own_op) {
  fk_input_at(fk.now + fk_ms(1), "123");
  CHECK_EQ(tick_console_read_async(&chain_op, &chain_buf, 1, chain, NULL), TICK_OK);
  CHECK_EQ(tick_run(), TICK_OK);
  CHECK_EQ(chain_n, 3);
  CHECK_EQ(chain_buf, '3');
}

/* with_timeout in callback style: each callback cancels the other op. */
static tick_op_t race_read, race_timer;
static char race_c;
static int race_outcome; /* 1 read, 2 timeout */
static void race_read_done(tick_op_t *op, int result, void *data) {
  (void)op, (void)data;
  CHECK_EQ(race_outcome, 0);
  race_outcome = result == 1 ? 1 : -1;
  tick_op_cancel(&race_timer);
}
static void race_timeout(tick_op_t *op, int result, void *data) {
  (void)op, (void)result, (void)data;
  CHECK_EQ(race_outcome, 0);
  race_outcome = 2;
  tick_op_cancel(&race_read);
}

TEST(async_completion_in_the_same_turn_as_the_timeout_runs_exactly_one_callback) {
  uint64_t t0 = fk.now;
  tick_console_read_async(&race_read, &race_c, 1, race_read_done, NULL);
  tick_timer_in_ms(&race_timer, 10, race_timeout, NULL);
  fk_input_at(t0 + fk_ms(10), "r"); /* exactly at the deadline */
  CHECK_EQ(tick_run(), TICK_OK);
  CHECK_EQ(race_outcome, 1); /* the queued event wins over the passed deadline */
  CHECK(!tick_op_pending(&race_timer));
  CHECK_EQ(race_c, 'r');
}

TEST(async_timeout_then_late_completion_is_drained) {
  uint64_t t0 = fk.now;
  fk.cancel_delay = fk_ms(4);
  tick_console_read_async(&race_read, &race_c, 1, race_read_done, NULL);
  tick_timer_in_ms(&race_timer, 10, race_timeout, NULL);
  CHECK_EQ(tick_run(), TICK_OK);
  CHECK_EQ(race_outcome, 2);
  CHECK(fk.now >= t0 + fk_ms(14)); /* tick_run waited for the CANCEL completion */
  CHECK_EQ(fk_queued(1, 2), 0);
  CHECK_EQ(fk_allowed_ptr(RW, 1, 1), 0);
}

/* ---- select ---------------------------------------------------------------------------------- */

TEST(async_select_returns_the_first_done_and_cancels_the_rest) {
  static tick_op_t rd, bt, tm;
  static char c;
  tick_console_read_async(&rd, &c, 1, NULL, NULL);
  tick_button_async(&bt, 0, NULL, NULL);
  tick_timer_in_ms(&tm, 50, NULL, NULL);
  tick_op_t *const ops[] = {&rd, &bt, &tm, NULL};
  CHECK_EQ(tick_op_select(ops), -1);
  fk_button_at(fk.now + fk_ms(3), 0, 1);
  while (tick_op_select(ops) < 0) CHECK_EQ(tick_run_once(), 1);
  CHECK(tick_op_done(&bt));
  CHECK(!tick_op_pending(&rd) && !tick_op_pending(&tm));
  CHECK_EQ(fk_count(TICK_CLASS_COMMAND, 1, 3), 1); /* the read was aborted */
  CHECK_EQ(tick_run(), TICK_OK);                   /* drains the abort's completion */
  CHECK(fk.now < 1000 + fk_ms(50));                /* the timer was cancelled */
}
