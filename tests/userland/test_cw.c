/* Host tests: layer 3's lean form (<tick/cw.h>): sleeps, fairness, join, select, with_timeout
 * and its cancellation contract (the races), coroutine cancel, busy kinds, button edges. */
#include <string.h>
#include <tick.h>
#include <tick/cw.h>

#include "co_trace.h"
#include "harness.h"

#define RO TICK_CLASS_ALLOW_RO
#define RW TICK_CLASS_ALLOW_RW

/* ---- sleeps ------------------------------------------------------------------------------- */

struct sleeper {
  tick_cw_t co;
  int i;
  uint64_t woke[4];
};

static void sleeper(tick_cw_t *co) {
  struct sleeper *s = (struct sleeper *)co;
  TICK_CW_BEGIN(co);
  for (s->i = 0; s->i < 4; s->i++) {
    TICK_CW_SLEEP_MS(co, 10);
    s->woke[s->i] = fk.now;
  }
  TICK_CW_RETURN(co, 42);
  TICK_CW_END(co);
}

TEST(cw_sleeps_keep_their_state_in_the_struct_and_a_done_coroutine_restarts) {
  static struct sleeper s;
  uint64_t t0 = fk.now;
  CHECK_EQ(tick_cw_start(&s.co, sleeper), TICK_OK);
  CHECK_EQ(tick_cw_start(&s.co, sleeper), TICK_EBUSY);
  CHECK_EQ(s.i, 0); /* not run inside start */
  CHECK_EQ(tick_cw_run(), TICK_OK);
  CHECK(tick_cw_done(&s.co));
  CHECK_EQ(s.co.result, 42);
  for (int i = 0; i < 4; i++) CHECK_EQ(s.woke[i] - t0, fk_ms(10) * (uint64_t)(i + 1));
  CHECK_EQ(tick_cw_start(&s.co, sleeper), TICK_OK);
  CHECK_EQ(tick_cw_run(), TICK_OK);
  CHECK_EQ(s.woke[3] - t0, fk_ms(80));
  CHECK_EQ(tick_cw_run_once(), 0); /* nothing left pending */
}

struct periodic {
  tick_cw_t co;
  int i;
  uint32_t at[3];
};

static void periodic(tick_cw_t *co) {
  struct periodic *p = (struct periodic *)co;
  TICK_CW_BEGIN(co);
  co->deadline = (uint32_t)fk.now;
  for (p->i = 0; p->i < 3; p->i++) {
    TICK_CW_SLEEP_UNTIL(co, co->deadline + (uint32_t)fk_ms(10));
    p->at[p->i] = (uint32_t)fk.now;
    fk.now += fk_ms(3); /* work that takes time must not delay the next period */
  }
  TICK_CW_END(co);
}

TEST(cw_sleep_until_the_last_deadline_plus_a_period_does_not_drift) {
  static struct periodic p;
  uint32_t t0 = (uint32_t)fk.now;
  tick_cw_start(&p.co, periodic);
  CHECK_EQ(tick_cw_run(), TICK_OK);
  for (int i = 0; i < 3; i++) CHECK_EQ(p.at[i] - t0, (uint32_t)fk_ms(10) * (uint32_t)(i + 1));
}

/* ---- fairness ---------------------------------------------------------------------------- */

struct yielder {
  tick_cw_t co;
  char name;
  int i;
};

static void yielder(tick_cw_t *co) {
  struct yielder *y = (struct yielder *)co;
  TICK_CW_BEGIN(co);
  for (y->i = 0; y->i < 3; y->i++) {
    mark(y->name);
    TICK_CW_YIELD(co);
  }
  TICK_CW_END(co);
}

TEST(cw_ready_coroutines_take_turns_in_order) {
  static struct yielder a = {.name = 'a'}, b = {.name = 'b'}, c = {.name = 'c'};
  tick_cw_start(&a.co, yielder);
  tick_cw_start(&b.co, yielder);
  tick_cw_start(&c.co, yielder);
  CHECK_EQ(tick_cw_run(), TICK_OK);
  CHECK(strcmp(trace, "abcabcabc") == 0);
}

struct spinner {
  tick_cw_t co;
  int turns;
};
static void spinner(tick_cw_t *co) {
  struct spinner *s = (struct spinner *)co;
  TICK_CW_BEGIN(co);
  while (s->turns < 1000) {
    s->turns++;
    TICK_CW_YIELD(co);
  }
  TICK_CW_END(co);
}

struct reader1 {
  tick_cw_t co;
  tick_cw_op_t read;
  char c[4];
  int got;
};
static void reader1(tick_cw_t *co) {
  struct reader1 *r = (struct reader1 *)co;
  TICK_CW_BEGIN(co);
  TICK_CW_AWAIT(co, &r->read, tick_cw_console_read(&r->read, r->c, 1, co));
  r->got = co->rc;
  TICK_CW_END(co);
}

TEST(cw_a_yielding_coroutine_does_not_starve_kernel_events) {
  static struct spinner sp;
  static struct reader1 r;
  tick_cw_start(&sp.co, spinner);
  tick_cw_start(&r.co, reader1);
  fk_input_at(fk.now, "k"); /* the fake's time moves only while the loop blocks */
  for (int i = 0; i < 50 && !tick_cw_done(&r.co); i++) tick_cw_run_once();
  CHECK(tick_cw_done(&r.co));
  CHECK_EQ(r.got, 1);
  CHECK_EQ(r.c[0], 'k');
  CHECK(sp.turns < 50);
  CHECK_EQ(tick_cw_cancel(&sp.co), TICK_OK);
  CHECK_EQ(tick_cw_run(), TICK_OK);
}

/* ---- join ---------------------------------------------------------------------------------- */

struct parent {
  tick_cw_t co;
  struct sleeper kid;
  int got;
};

static void parent(tick_cw_t *co) {
  struct parent *p = (struct parent *)co;
  TICK_CW_BEGIN(co);
  tick_cw_start(&p->kid.co, sleeper);
  TICK_CW_JOIN(co, &p->kid.co);
  p->got = co->rc;
  mark('p');
  TICK_CW_END(co);
}

TEST(cw_join_waits_for_the_child_and_gets_its_result) {
  static struct parent p;
  tick_cw_start(&p.co, parent);
  CHECK_EQ(tick_cw_run(), TICK_OK);
  CHECK_EQ(p.got, 42);
  CHECK(tick_cw_done(&p.co));
  CHECK(strcmp(trace, "p") == 0);
}

/* ---- select and with_timeout ------------------------------------------------------------- */

struct waiter {
  tick_cw_t co;
  tick_cw_op_t read, button;
  char c[4];
  int rc[4];
  int n;
};

static void select_input(tick_cw_t *co) {
  struct waiter *w = (struct waiter *)co;
  TICK_CW_BEGIN(co);
  for (w->n = 0; w->n < 3; w->n++) {
    tick_cw_console_read(&w->read, &w->c[w->n], 1, co);
    tick_cw_button(&w->button, 0, co);
    TICK_CW_SELECT_TIMEOUT(co, 100, &w->read, &w->button);
    w->rc[w->n] = co->rc;
  }
  TICK_CW_END(co);
}

TEST(cw_select_over_read_button_and_timeout) {
  static struct waiter w;
  uint64_t t0 = fk.now;
  fk_input_at(t0 + fk_ms(10), "q");
  fk_button_at(t0 + fk_ms(20), 0, 1);
  tick_cw_start(&w.co, select_input);
  CHECK_EQ(tick_cw_run(), TICK_OK);
  CHECK_EQ(w.rc[0], 0); /* the read */
  CHECK_EQ(w.c[0], 'q');
  CHECK_EQ(w.rc[1], 1); /* the button */
  CHECK_EQ(w.rc[2], TICK_ETIMEOUT);
  CHECK(fk.now >= t0 + fk_ms(120));
  /* Everything the losers held is given back and nothing is left behind. */
  CHECK_EQ(fk_allowed_ptr(RW, 1, 1), 0);
  CHECK_EQ(fk.buttons_enabled, 0);
  CHECK_EQ(fk_queued(1, 2), 0);
  CHECK_EQ(fk_queued(3, 0), 0);
}

/* Both ops done before the coroutine looks: list order breaks the tie. */
static void select_both(tick_cw_t *co) {
  struct waiter *w = (struct waiter *)co;
  TICK_CW_BEGIN(co);
  tick_cw_button(&w->button, 0, co);
  tick_cw_console_read(&w->read, &w->c[0], 1, co);
  TICK_CW_WAIT_UNTIL(co, tick_cw_op_done(&w->read) && tick_cw_op_done(&w->button));
  TICK_CW_SELECT(co, &w->read, &w->button);
  w->rc[0] = co->rc;
  TICK_CW_END(co);
}

TEST(cw_select_tie_goes_to_list_order) {
  static struct waiter w;
  fk_button_at(fk.now + fk_ms(1), 0, 1);
  fk_input_at(fk.now + fk_ms(2), "r");
  tick_cw_start(&w.co, select_both);
  CHECK_EQ(tick_cw_run(), TICK_OK);
  CHECK_EQ(w.rc[0], 0);
}

/* with_timeout on a console read, three times in a row on the same state. */
static void read_with_timeout(tick_cw_t *co) {
  struct waiter *w = (struct waiter *)co;
  TICK_CW_BEGIN(co);
  for (w->n = 0; w->n < 3; w->n++) {
    TICK_CW_AWAIT_TIMEOUT(co, 20, &w->read, tick_cw_console_read(&w->read, &w->c[w->n], 1, co));
    w->rc[w->n] = co->rc;
  }
  TICK_CW_END(co);
}

TEST(cw_with_timeout_cancels_unallows_and_drains_so_no_late_completion_lands) {
  static struct waiter w;
  uint64_t t0 = fk.now;
  fk.cancel_delay = fk_ms(7); /* the abort reports long after the coroutine moved on */
  fk_input_at(t0 + fk_ms(25), "a"); /* after the first timeout, before the abort reports */
  fk_input_at(t0 + fk_ms(40), "b");
  tick_cw_start(&w.co, read_with_timeout);
  CHECK_EQ(tick_cw_run(), TICK_OK);
  CHECK_EQ(w.rc[0], TICK_ETIMEOUT);
  CHECK_EQ(w.c[0], 0); /* the cancelled read's buffer was never written */
  CHECK_EQ(w.rc[1], 1);
  CHECK_EQ(w.c[1], 'a');
  CHECK_EQ(w.rc[2], 1);
  CHECK_EQ(w.c[2], 'b');
  CHECK_EQ(fk_count(TICK_CLASS_COMMAND, 1, 3), 1);
  CHECK_EQ(fk_queued(1, 2), 0);
  CHECK_EQ(fk_allowed_ptr(RW, 1, 1), 0);
}

TEST(cw_completion_in_the_same_turn_as_the_timeout_wins) {
  static struct waiter w;
  uint64_t t0 = fk.now;
  fk_input_at(t0 + fk_ms(20), "x"); /* exactly at the first deadline */
  fk_input_at(t0 + fk_ms(30), "yz");
  tick_cw_start(&w.co, read_with_timeout);
  CHECK_EQ(tick_cw_run(), TICK_OK);
  CHECK_EQ(w.rc[0], 1);
  CHECK_EQ(w.c[0], 'x');
  CHECK_EQ(w.rc[1], 1);
  CHECK_EQ(w.c[1], 'y');
  CHECK_EQ(w.rc[2], 1);
  CHECK_EQ(w.c[2], 'z');
  CHECK_EQ(fk_count(TICK_CLASS_COMMAND, 1, 3), 0); /* nothing had to be aborted */
}

TEST(cw_completion_arriving_during_the_cancel_is_drained) {
  /* The timeout fired; while the library aborts the read, the byte arrives and completes the
   * read in the kernel (the abort then finds nothing to abort). That completion is stale. */
  static struct waiter w;
  uint64_t t0 = fk.now;
  fk.input_on_abort = "L";
  fk_input_at(t0 + fk_ms(30), "M");
  tick_cw_start(&w.co, read_with_timeout);
  CHECK_EQ(tick_cw_run(), TICK_OK);
  CHECK_EQ(w.rc[0], TICK_ETIMEOUT);
  CHECK_EQ(w.rc[1], 1);
  CHECK_EQ(w.c[1], 'M'); /* not 'L': that byte went to the cancelled read */
  CHECK_EQ(w.rc[2], TICK_ETIMEOUT);
  CHECK_EQ(fk_queued(1, 2), 0);
}

/* ---- cancelling a coroutine ------------------------------------------------------------------ */

struct canceller {
  tick_cw_t co;
  struct waiter victim;
};

static void forever(tick_cw_t *co) {
  struct waiter *w = (struct waiter *)co;
  TICK_CW_BEGIN(co);
  tick_cw_console_read(&w->read, w->c, 4, co);
  tick_cw_button(&w->button, 1, co);
  TICK_CW_SELECT_TIMEOUT(co, 100000, &w->read, &w->button);
  mark('!'); /* never reached */
  TICK_CW_END(co);
}

static void canceller(tick_cw_t *co) {
  struct canceller *c = (struct canceller *)co;
  TICK_CW_BEGIN(co);
  tick_cw_start(&c->victim.co, forever);
  TICK_CW_SLEEP_MS(co, 5);
  CHECK_EQ(tick_cw_cancel(&c->victim.co), TICK_OK);
  CHECK_EQ(tick_cw_cancel(&c->victim.co), TICK_EALREADY);
  TICK_CW_JOIN(co, &c->victim.co);
  CHECK_EQ(co->rc, TICK_ECANCEL);
  mark('j');
  TICK_CW_END(co);
}

TEST(cw_cancel_cancels_every_op_and_the_deadline_of_the_coroutine) {
  static struct canceller c;
  fk.cancel_delay = fk_ms(2);
  tick_cw_start(&c.co, canceller);
  CHECK_EQ(tick_cw_run(), TICK_OK);
  CHECK(strcmp(trace, "j") == 0);
  CHECK(!tick_cw_op_pending(&c.victim.read) && !tick_cw_op_pending(&c.victim.button));
  CHECK_EQ(fk_count(TICK_CLASS_COMMAND, 1, 3), 1);
  CHECK_EQ(fk_allowed_ptr(RW, 1, 1), 0);
  CHECK_EQ(fk.buttons_enabled, 0);
  CHECK_EQ(fk_queued(1, 2), 0);
  CHECK(fk.now < 1000 + fk_ms(100)); /* the long deadline did not hold the loop */
}

TEST(cw_cancel_of_a_ready_coroutine_takes_it_out_of_the_turn) {
  static struct yielder a = {.name = 'a'}, b = {.name = 'b'};
  tick_cw_start(&a.co, yielder);
  tick_cw_start(&b.co, yielder);
  CHECK_EQ(tick_cw_cancel(&a.co), TICK_OK);
  CHECK_EQ(a.co.result, TICK_ECANCEL);
  CHECK_EQ(tick_cw_run(), TICK_OK);
  CHECK(strcmp(trace, "bbb") == 0);
}

/* ---- blocking calls are refused in a coroutine ------------------------------------------ */

struct blocker {
  tick_cw_t co;
  int rc[3];
};
static void blocker(tick_cw_t *co) {
  struct blocker *b = (struct blocker *)co;
  TICK_CW_BEGIN(co);
  b->rc[0] = tick_sleep_ms(5);
  b->rc[1] = tick_console_write("z", 1);
  b->rc[2] = tick_cw_run();
  TICK_CW_END(co);
}

TEST(cw_blocking_calls_inside_a_coroutine_are_refused) {
  static struct blocker b;
  tick_cw_start(&b.co, blocker);
  CHECK_EQ(tick_cw_run(), TICK_OK);
  for (int i = 0; i < 3; i++) CHECK_EQ(b.rc[i], TICK_EINUPCALL);
}

/* ---- driver ops ---------------------------------------------------------------------------- */

/* A coroutine that only waits until it is cancelled: the ops below wake it. */
static tick_cw_t idle;
static void idle_fn(tick_cw_t *co) {
  TICK_CW_BEGIN(co);
  TICK_CW_WAIT_UNTIL(co, false);
  TICK_CW_END(co);
}

TEST(cw_start_errors_and_busy_kinds_are_answered_at_once) {
  static tick_cw_op_t r1, r2;
  static char a, b;
  tick_cw_start(&idle, idle_fn);
  CHECK_EQ(tick_cw_console_read(&r1, &a, 0, &idle), TICK_ERESERVE); /* empty buffer */
  CHECK(!tick_cw_op_pending(&r1));
  CHECK_EQ(fk_allowed_ptr(RW, 1, 1), 0);
  CHECK_EQ(tick_cw_console_read(&r1, &a, 1, &idle), TICK_OK);
  CHECK_EQ(tick_cw_console_read(&r1, &a, 1, &idle), TICK_EBUSY); /* pending */
  CHECK_EQ(tick_cw_console_read(&r2, &b, 1, &idle), TICK_EBUSY); /* as the driver */
  CHECK(!tick_cw_op_pending(&r2));
  CHECK_EQ(fk_count(TICK_CLASS_COMMAND, 1, 2), 2); /* the refused empty read and r1 */
  fk_input_at(fk.now + fk_ms(1), "x");
  for (int i = 0; i < 100 && (!tick_cw_op_done(&r1)); i++) tick_cw_run_once();
  CHECK_EQ(tick_cw_op_result(&r1), 1);
  CHECK_EQ(a, 'x');
  tick_cw_cancel(&idle);
  CHECK_EQ(tick_cw_run_once(), 0);
}

TEST(cw_console_write_and_rng_cancel_then_a_new_request_gets_its_own_completion) {
  static tick_cw_op_t w, op, op2;
  static uint8_t old[4], fresh[4];
  tick_cw_start(&idle, idle_fn);
  CHECK_EQ(tick_cw_console_write(&w, "hi", 2, &idle), TICK_OK);
  CHECK_EQ(tick_cw_rng(&op, old, 4, &idle), TICK_OK);
  CHECK_EQ(tick_cw_op_cancel(&op), TICK_OK);
  CHECK_EQ(tick_cw_op_cancel(&op), TICK_EALREADY);
  CHECK_EQ(fk_allowed_ptr(RW, TICK_DRIVER_RNG, 0), 0);
  CHECK_EQ(tick_cw_rng(&op2, fresh, 4, &idle), TICK_OK);
  /* It starts only after the stale request reported (the RNG would report once for both). */
  CHECK_EQ(fk_count(TICK_CLASS_COMMAND, TICK_DRIVER_RNG, 1), 1);
  for (int i = 0; i < 100 && (!tick_cw_op_done(&op2) || !tick_cw_op_done(&w)); i++) tick_cw_run_once();
  CHECK_EQ(tick_cw_op_result(&op2), 4);
  CHECK_EQ(tick_cw_op_result(&w), 2);
  CHECK(memcmp(fk.out, "hi", 2) == 0);
  CHECK_EQ(fk_count(TICK_CLASS_COMMAND, TICK_DRIVER_RNG, 1), 2);
  CHECK(old[0] == 0 && fresh[0] != 0);
  CHECK(!tick_cw_op_done(&op));
  tick_cw_cancel(&idle);
  CHECK_EQ(tick_cw_run(), TICK_OK);
}

TEST(cw_button_edges_queued_before_a_start_never_complete_the_new_op) {
  static tick_cw_op_t a, other, again;
  tick_cw_start(&idle, idle_fn);
  tick_cw_button(&a, 1, &idle);
  tick_cw_button(&other, 2, &idle); /* keeps the source listening */
  fk_button_at(fk.now + fk_ms(1), 1, 1);
  fk_advance(fk.now + fk_ms(2)); /* the press is queued for a */
  CHECK_EQ(tick_cw_op_cancel(&a), TICK_OK);
  CHECK_EQ(fk.buttons_enabled, 1u << 2);
  /* A new op on button 1 waits for an edge after its start, not the queued press. */
  CHECK_EQ(tick_cw_button(&again, 1, &idle), TICK_OK);
  fk_button_at(fk.now + fk_ms(5), 1, 0);
  fk_button_at(fk.now + fk_ms(6), 2, 1);
  for (int i = 0; i < 100 && (!tick_cw_op_done(&other)); i++) tick_cw_run_once();
  CHECK(tick_cw_op_done(&again));
  CHECK_EQ(tick_cw_op_result(&again), 0); /* the release, not the stale press */
  CHECK_EQ(tick_cw_op_result(&other), 1);
  CHECK_EQ(fk_queued(3, 0), 0);
  CHECK_EQ(fk.buttons_enabled, 0);
  tick_cw_cancel(&idle);
}

TEST(cw_button_edge_queued_at_a_start_goes_to_the_op_that_waited_for_it) {
  static tick_cw_op_t a, b;
  tick_cw_start(&idle, idle_fn);
  tick_cw_button(&a, 0, &idle);
  fk_button_at(fk.now + fk_ms(1), 0, 1);
  fk_advance(fk.now + fk_ms(2)); /* queued for a, not dispatched yet */
  tick_cw_button(&b, 1, &idle);
  CHECK(tick_cw_op_done(&a));
  CHECK_EQ(tick_cw_op_result(&a), 1);
  CHECK_EQ(tick_cw_op_cancel(&b), TICK_OK);
  CHECK_EQ(fk.buttons_enabled, 0);
  tick_cw_cancel(&idle);
}

TEST(cw_gpio_edge_completes_with_the_level_and_cancel_turns_the_interrupt_off) {
  static tick_cw_op_t op, op2;
  tick_cw_start(&idle, idle_fn);
  CHECK_EQ(tick_cw_gpio_edge(&op, 5, 1, &idle), TICK_OK);
  CHECK_EQ(fk_count(TICK_CLASS_COMMAND, 4, 7), 1);
  fk_gpio_at(fk.now + fk_ms(1), 5, 1);
  for (int i = 0; i < 100 && (!tick_cw_op_done(&op)); i++) tick_cw_run_once();
  CHECK_EQ(tick_cw_op_result(&op), 1);
  CHECK_EQ(fk.gpio_irq, 0);
  tick_cw_gpio_edge(&op2, 2, 0, &idle);
  CHECK_EQ(tick_cw_op_cancel(&op2), TICK_OK);
  CHECK_EQ(fk.gpio_irq, 0);
  tick_cw_cancel(&idle);
  CHECK_EQ(tick_cw_run_once(), 0);
}

/* ---- the pass survives coroutines that end, cancel or start others while it runs ---------- */

static tick_cw_t pa, pb, pc, pd;
static void pass_d(tick_cw_t *co) {
  TICK_CW_BEGIN(co);
  mark('d');
  TICK_CW_END(co);
}
static void pass_c(tick_cw_t *co) {
  TICK_CW_BEGIN(co);
  mark('c');
  TICK_CW_END(co);
}
static void pass_b(tick_cw_t *co) {
  TICK_CW_BEGIN(co);
  mark('b'); /* never: cancelled before its turn */
  TICK_CW_END(co);
}
static void pass_a(tick_cw_t *co) {
  TICK_CW_BEGIN(co);
  tick_cw_cancel(&pb);
  tick_cw_start(&pd, pass_d);
  mark('a');
  TICK_CW_YIELD(co);
  mark('A');
  TICK_CW_END(co);
}

TEST(cw_a_coroutine_cancelled_or_started_during_the_pass) {
  tick_cw_start(&pa, pass_a);
  tick_cw_start(&pb, pass_b);
  tick_cw_start(&pc, pass_c);
  CHECK_EQ(tick_cw_run(), TICK_OK);
  /* c ran in the first turn; d, started during it, in the next one after a. */
  CHECK(strcmp(trace, "acAd") == 0);
  CHECK_EQ(pb.result, TICK_ECANCEL);
  CHECK(tick_cw_done(&pa) && tick_cw_done(&pc) && tick_cw_done(&pd));
}

/* ---- a wake reaches a coroutine later in start order in the same turn ------------------- */

static tick_cw_t wa, wb, wa2, wb2;
static tick_cw_t *wtarget;
static int wflag;
static void wake_later(tick_cw_t *co) {
  TICK_CW_BEGIN(co);
  TICK_CW_YIELD(co); /* the next turn */
  wflag = 1;
  tick_cw_wake(wtarget);
  mark('a');
  TICK_CW_END(co);
}
static void woken(tick_cw_t *co) {
  TICK_CW_BEGIN(co);
  TICK_CW_WAIT_UNTIL(co, wflag);
  mark('b');
  TICK_CW_END(co);
}

TEST(cw_a_wake_runs_a_later_coroutine_in_the_same_turn_and_an_earlier_one_in_the_next) {
  /* b after a: woken during a's run, b runs in that same pass (still once per turn). */
  wtarget = &wb;
  tick_cw_start(&wa, wake_later);
  tick_cw_start(&wb, woken);
  CHECK_EQ(tick_cw_run_once(), 1); /* a yields, b waits */
  CHECK_EQ(tick_cw_run_once(), 1);
  CHECK(strcmp(trace, "ab") == 0);
  CHECK_EQ(tick_cw_run_once(), 0);
  /* b before a: the pass has passed it; it runs in the next turn. */
  wflag = 0;
  wtarget = &wb2;
  tick_cw_start(&wb2, woken);
  tick_cw_start(&wa2, wake_later);
  CHECK_EQ(tick_cw_run_once(), 1);
  CHECK_EQ(tick_cw_run_once(), 1);
  CHECK(strcmp(trace, "aba") == 0);
  CHECK_EQ(tick_cw_run_once(), 1);
  CHECK(strcmp(trace, "abab") == 0);
  CHECK_EQ(tick_cw_run_once(), 0);
}

/* ---- coroutines stay listed for good ------------------------------------------------------- */

static tick_cw_t ra, rb;
static void once_a(tick_cw_t *co) {
  TICK_CW_BEGIN(co);
  mark('a');
  TICK_CW_END(co);
}
static void twice_b(tick_cw_t *co) {
  TICK_CW_BEGIN(co);
  mark('b');
  TICK_CW_YIELD(co);
  mark('B');
  TICK_CW_END(co);
}

TEST(cw_a_restarted_coroutine_keeps_its_first_start_place_in_start_order) {
  tick_cw_start(&ra, once_a);
  tick_cw_start(&rb, twice_b);
  CHECK_EQ(tick_cw_run_once(), 1);
  CHECK(strcmp(trace, "ab") == 0);
  CHECK(tick_cw_done(&ra));
  CHECK_EQ(tick_cw_start(&ra, once_a), TICK_OK); /* done: restarts, still before b */
  CHECK_EQ(tick_cw_run_once(), 1);
  CHECK(strcmp(trace, "abaB") == 0);
  CHECK_EQ(tick_cw_run_once(), 0);
  CHECK(tick_cw_done(&ra) && tick_cw_done(&rb));
}
