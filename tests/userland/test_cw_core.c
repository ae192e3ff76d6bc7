/* Host tests: the core of layer 3's lean form (<tick/cw.h>): waits on upcall ids with and
 * without a deadline, their rules (the first waiter of an id gets its events, events left
 * queued, the kernel's limit on ids), cancel, fairness. */
#include <string.h>
#include <tick.h>
#include <tick/cw.h>

#include "co_trace.h"
#include "harness.h"

#define X 0x90000u /* event sources the fake kernel queues as null-upcall records */
#define Y 0x90001u
#define Z 0x90002u

/* A coroutine that waits once for the first event of its ids (until its deadline, if set). */
struct waiter {
  tick_cw_t co;
  char name;
  const tick_upcall_id_t *ids;
  uint32_t n;
  uint32_t until; /* 0: no deadline */
  int rc;
  uint32_t arg[3];
};

static void waiter(tick_cw_t *co) {
  struct waiter *w = (struct waiter *)co;
  TICK_CW_BEGIN(co);
  if (w->until) TICK_CW_WAIT_EVENT_UNTIL(co, w->ids, w->n, w->until);
  else TICK_CW_WAIT_EVENT(co, w->ids, w->n);
  w->rc = co->rc;
  memcpy(w->arg, co->arg, sizeof w->arg);
  mark(w->name);
  TICK_CW_END(co);
}

static const tick_upcall_id_t idx[] = {{X, 0}};
static const tick_upcall_id_t idyz[] = {{Y, 0}, {Z, 0}};
static const tick_upcall_id_t idyx[] = {{Y, 0}, {X, 0}};

TEST(cw_core_two_coroutines_waiting_on_different_ids_are_resumed_as_their_events_come) {
  static struct waiter a = {.name = 'a', .ids = idx, .n = 1};
  static struct waiter b = {.name = 'b', .ids = idyz, .n = 2};
  fk_event_at(fk.now + fk_ms(1), Z, 0, 7, 8, 9);
  fk_event_at(fk.now + fk_ms(2), X, 0, 1, 2, 3);
  tick_cw_start(&a.co, waiter);
  tick_cw_start(&b.co, waiter);
  CHECK_EQ(tick_cw_run(), TICK_OK);
  CHECK(strcmp(trace, "ba") == 0);
  CHECK_EQ(b.rc, 1); /* the index of Z in b's list */
  CHECK(b.arg[0] == 7 && b.arg[1] == 8 && b.arg[2] == 9);
  CHECK_EQ(a.rc, 0);
  CHECK(a.arg[0] == 1 && a.arg[1] == 2 && a.arg[2] == 3);
  /* One Yield-WaitAny per turn: the start turn and one per event. */
  CHECK_EQ(fk_count(TICK_CLASS_YIELD, TICK_YIELD_WAIT_ANY, (uintptr_t)~0), 3);
}

/* An event at the deadline wins; a timed-out wait leaves a later event queued in the kernel,
 * for the next wait on the id, which returns it at once. */
struct timed {
  tick_cw_t co;
  uint32_t t0;
  int rc[3];
  uint32_t arg;
  uint64_t at;
};

static void timed(tick_cw_t *co) {
  struct timed *t = (struct timed *)co;
  TICK_CW_BEGIN(co);
  TICK_CW_WAIT_EVENT_UNTIL(co, idx, 1, t->t0 + (uint32_t)fk_ms(10));
  t->rc[0] = co->rc;
  TICK_CW_WAIT_EVENT_UNTIL(co, idx, 1, t->t0 + (uint32_t)fk_ms(20));
  t->rc[1] = co->rc;
  TICK_CW_SLEEP_UNTIL(co, t->t0 + (uint32_t)fk_ms(40));
  CHECK_EQ(fk_queued(X, 0), 1); /* the event after the timeout waits in the kernel */
  t->at = fk.now;
  TICK_CW_WAIT_EVENT(co, idx, 1);
  t->rc[2] = co->rc;
  t->arg = co->arg[0];
  CHECK_EQ(fk.now, t->at); /* at once */
  TICK_CW_END(co);
}

TEST(cw_core_an_event_at_the_deadline_wins_and_one_after_a_timeout_stays_queued) {
  static struct timed t;
  t.t0 = (uint32_t)fk.now;
  fk_event_at(fk.now + fk_ms(10), X, 0, 11, 0, 0); /* exactly at the first deadline */
  fk_event_at(fk.now + fk_ms(30), X, 0, 33, 0, 0); /* after the second one */
  tick_cw_start(&t.co, timed);
  CHECK_EQ(tick_cw_run(), TICK_OK);
  CHECK_EQ(t.rc[0], 0);
  CHECK_EQ(t.rc[1], TICK_ETIMEOUT);
  CHECK_EQ(t.rc[2], 0);
  CHECK_EQ(t.arg, 33);
  CHECK_EQ(fk_queued(X, 0), 0);
}

/* The rule's other half: a turn hands out one event. When the kernel returns another
 * coroutine's event in the turn a waiter's deadline passes, the waiter times out and its own
 * event, queued behind, stays in the kernel for its next wait. */
struct late {
  tick_cw_t co;
  uint32_t until;
  int rc[2];
  uint32_t arg;
};

static void late(tick_cw_t *co) {
  struct late *l = (struct late *)co;
  TICK_CW_BEGIN(co);
  TICK_CW_WAIT_EVENT_UNTIL(co, idx, 1, l->until);
  l->rc[0] = co->rc;
  TICK_CW_WAIT_EVENT(co, idx, 1);
  l->rc[1] = co->rc;
  l->arg = co->arg[0];
  TICK_CW_END(co);
}

TEST(cw_core_a_deadline_passing_while_another_event_is_handed_out_times_out_and_keeps_its_event) {
  static struct late l;
  static struct waiter b = {.name = 'b', .ids = idyz, .n = 2};
  uint64_t t = fk.now + fk_ms(10);
  l.until = (uint32_t)t;
  fk_event_at(t, Y, 0, 0, 0, 0); /* queued first: the kernel returns it */
  fk_event_at(t, X, 0, 66, 0, 0);
  tick_cw_start(&l.co, late);
  tick_cw_start(&b.co, waiter);
  CHECK_EQ(tick_cw_run_once(), 1); /* both wait */
  CHECK_EQ(tick_cw_run_once(), 1); /* Y's event; l's deadline has passed */
  CHECK_EQ(b.rc, 0);
  CHECK_EQ(l.rc[0], TICK_ETIMEOUT);
  CHECK_EQ(fk_queued(X, 0), 1);
  CHECK_EQ(tick_cw_run(), TICK_OK);
  CHECK_EQ(l.rc[1], 0);
  CHECK_EQ(l.arg, 66);
}

/* ---- one waiter per id (a rule the debug library checks; test_debug.c) ------------------- */

struct second {
  tick_cw_t co;
  int rc[4];
  uint32_t arg;
  tick_cw_op_t read;
  char c;
};

static const tick_upcall_id_t console_read_id[] = {{TICK_DRIVER_CONSOLE, 2}};
static const tick_upcall_id_t nine[9] = {{1, 0}, {2, 0}, {3, 0}, {4, 0}, {5, 0},
                                         {6, 0}, {7, 0}, {8, 0}, {9, 0}};

static void second(tick_cw_t *co) {
  struct second *s = (struct second *)co;
  TICK_CW_BEGIN(co);
  TICK_CW_WAIT_EVENT(co, nine, 0); /* no ids: ends at once */
  s->rc[0] = co->rc;
  TICK_CW_WAIT_EVENT(co, console_read_id, 1);
  s->rc[1] = co->rc; /* got the console byte */
  TICK_CW_WAIT_EVENT(co, idyx, 2); /* X is a's too: a, started first, gets X's first event */
  s->rc[2] = co->rc;
  s->arg = co->arg[0];
  TICK_CW_END(co);
}

TEST(cw_core_an_id_waited_on_by_two_coroutines_goes_to_the_first_started_and_an_op_is_refused) {
  static struct waiter a = {.name = 'a', .ids = idx, .n = 1};
  static struct second s;
  static char c;
  tick_cw_start(&a.co, waiter);
  tick_cw_start(&s.co, second);
  CHECK_EQ(tick_cw_run_once(), 1);
  CHECK_EQ(s.rc[0], TICK_ETIMEOUT);
  /* s waits for the console's read event itself: a read op would take it, so it is refused. */
  CHECK_EQ(tick_cw_console_read(&s.read, &s.c, 1, &s.co), TICK_EBUSY);
  CHECK(!tick_cw_op_pending(&s.read));
  tick_allow_rw(TICK_DRIVER_CONSOLE, 1, &c, 1);
  tick_command(TICK_DRIVER_CONSOLE, 2, 1, 0);
  fk_input_at(fk.now + fk_ms(1), "q");
  fk_event_at(fk.now + fk_ms(2), X, 0, 5, 0, 0);
  fk_event_at(fk.now + fk_ms(3), X, 0, 6, 0, 0);
  CHECK_EQ(tick_cw_run(), TICK_OK);
  CHECK_EQ(s.rc[1], 0);
  CHECK_EQ(c, 'q');
  CHECK_EQ(a.rc, 0); /* a took X's first event */
  CHECK_EQ(a.arg[0], 5);
  CHECK_EQ(s.rc[2], 1); /* and s, once a's wait ended, the next one */
  CHECK_EQ(s.arg, 6);
  CHECK(strcmp(trace, "a") == 0);
}

/* More ids than Yield-WaitAny takes: the kernel refuses the list and the loop says so. */
static void too_many(tick_cw_t *co) {
  TICK_CW_BEGIN(co);
  TICK_CW_WAIT_EVENT(co, nine, 9);
  TICK_CW_END(co);
}

TEST(cw_core_a_turn_listing_more_ids_than_the_kernel_takes_fails_with_ebadrval) {
  static tick_cw_t co;
  tick_cw_start(&co, too_many);
  CHECK_EQ(tick_cw_run_once(), 1); /* it starts waiting */
  CHECK_EQ(tick_cw_run(), TICK_EBADRVAL);
  CHECK(!tick_cw_done(&co));
  tick_cw_cancel(&co);
}

/* A timed wait on no ids is a sleep until its deadline. */
static void nap(tick_cw_t *co) {
  struct timed *t = (struct timed *)co;
  TICK_CW_BEGIN(co);
  TICK_CW_WAIT_EVENT_UNTIL(co, nine, 0, t->t0 + (uint32_t)fk_ms(10));
  t->rc[0] = co->rc;
  t->at = fk.now;
  TICK_CW_END(co);
}

TEST(cw_core_a_timed_wait_on_no_ids_sleeps_until_its_deadline) {
  static struct timed t;
  t.t0 = (uint32_t)fk.now;
  tick_cw_start(&t.co, nap);
  CHECK_EQ(tick_cw_run(), TICK_OK);
  CHECK_EQ(t.rc[0], TICK_ETIMEOUT);
  CHECK(t.at >= t.t0 + fk_ms(10));
}

/* ---- cancel -------------------------------------------------------------------------------- */

TEST(cw_core_cancel_of_a_waiting_coroutine_unlists_its_ids) {
  static struct waiter a = {.name = 'a', .ids = idx, .n = 1};
  static struct waiter b = {.name = 'b', .ids = idx, .n = 1};
  tick_cw_start(&a.co, waiter);
  CHECK_EQ(tick_cw_run_once(), 1); /* a waits for X */
  CHECK_EQ(tick_cw_cancel(&a.co), TICK_OK);
  CHECK_EQ(a.co.result, TICK_ECANCEL);
  CHECK_EQ(tick_cw_run_once(), 0); /* nothing is listed any more: the loop has nothing to wait for */
  fk_event_at(fk.now + fk_ms(1), X, 0, 4, 0, 0);
  fk_advance(fk.now + fk_ms(2));
  CHECK_EQ(fk_queued(X, 0), 1); /* not taken for the cancelled coroutine */
  tick_cw_start(&b.co, waiter); /* the id is free again */
  CHECK_EQ(tick_cw_run(), TICK_OK);
  CHECK_EQ(b.rc, 0);
  CHECK_EQ(b.arg[0], 4);
  CHECK(strcmp(trace, "b") == 0);
}

/* ---- coroutine bodies count as upcalls ------------------------------------------------------ */

struct blocker {
  tick_cw_t co;
  int rc[3];
};

static void blocker(tick_cw_t *co) {
  struct blocker *b = (struct blocker *)co;
  TICK_CW_BEGIN(co);
  TICK_CW_WAIT_EVENT_UNTIL(co, idx, 1, (uint32_t)fk.now + (uint32_t)fk_ms(1));
  b->rc[0] = tick_sleep_ms(5);
  b->rc[1] = tick_console_write("z", 1);
  b->rc[2] = tick_cw_run(); /* a loop inside the loop */
  TICK_CW_END(co);
}

TEST(cw_core_blocking_layer1_calls_in_a_coroutine_body_are_refused) {
  static struct blocker b;
  tick_cw_start(&b.co, blocker);
  CHECK_EQ(tick_cw_run(), TICK_OK);
  for (int i = 0; i < 3; i++) CHECK_EQ(b.rc[i], TICK_EINUPCALL);
  CHECK_EQ(fk.out_len, 0);
}

/* ---- fairness ---------------------------------------------------------------------------------- */

struct sleeper {
  tick_cw_t co;
  char name;
  uint32_t at;
};

static void sleeper(tick_cw_t *co) {
  struct sleeper *s = (struct sleeper *)co;
  TICK_CW_BEGIN(co);
  TICK_CW_SLEEP_UNTIL(co, s->at);
  mark(s->name);
  TICK_CW_END(co);
}

TEST(cw_core_coroutines_ready_in_one_turn_resume_in_start_order) {
  /* c's and a's deadlines and b's event fall in one turn (the kernel returns the event): the
   * three run in start order, whatever woke them, and each once. */
  uint32_t t = (uint32_t)fk.now + (uint32_t)fk_ms(5);
  static struct sleeper c = {.name = 'c'}, a = {.name = 'a'};
  static struct waiter b = {.name = 'b', .ids = idx, .n = 1};
  c.at = a.at = t;
  fk_event_at(fk.now + fk_ms(5), X, 0, 0, 0, 0);
  tick_cw_start(&c.co, sleeper);
  tick_cw_start(&b.co, waiter);
  tick_cw_start(&a.co, sleeper);
  CHECK_EQ(tick_cw_run_once(), 1); /* the start turn: all three begin to wait */
  CHECK_EQ(tick_cw_run_once(), 1);
  CHECK(strcmp(trace, "cba") == 0);
  CHECK_EQ(b.rc, 0);
  CHECK_EQ(tick_cw_run_once(), 0);
}

/* ---- the core's own loop ---------------------------------------------------------------------- */

/* A program without ops runs the core's loop (cw.c). This binary links cw_ops.c, whose loop
 * replaces it as tick_cw_run_once (the tests above run that one, with waits on ids), so this
 * test calls the core's by its own name. */
int tick__cw_core_run_once(void);

TEST(cw_core_the_core_loop_hands_out_events_and_deadlines_in_one_wait_per_turn) {
  static struct waiter a = {.name = 'a', .ids = idx, .n = 1};
  static struct waiter b = {.name = 'b', .ids = idyz, .n = 2};
  static struct sleeper c = {.name = 'c'};
  c.at = (uint32_t)(fk.now + fk_ms(1));
  b.until = (uint32_t)(fk.now + fk_ms(3)); /* no event for Y or Z: b times out */
  fk_event_at(fk.now + fk_ms(2), X, 0, 5, 6, 7);
  tick_cw_start(&a.co, waiter);
  tick_cw_start(&b.co, waiter);
  tick_cw_start(&c.co, sleeper);
  int rc, turns = 0;
  while ((rc = tick__cw_core_run_once()) > 0) turns++;
  CHECK_EQ(rc, 0);
  CHECK(strcmp(trace, "cab") == 0);
  CHECK_EQ(a.rc, 0);
  CHECK(a.arg[0] == 5 && a.arg[1] == 6 && a.arg[2] == 7);
  CHECK_EQ(b.rc, TICK_ETIMEOUT);
  /* The start turn, c's deadline, X's event, b's deadline: one Yield-WaitAny each. */
  CHECK_EQ(turns, 4);
  CHECK_EQ(fk_count(TICK_CLASS_YIELD, TICK_YIELD_WAIT_ANY, (uintptr_t)~0), 4);
}

/* ---- the loop ends waits itself ------------------------------------------------------------ */

/* A wait on ids ends only by its event or its deadline (the loop sets rc either way): a wake
 * meanwhile (another coroutine's tick_cw_wake, a stale joiner) resumes nothing. */
TEST(cw_core_a_wake_during_a_timed_wait_on_ids_does_not_end_it) {
  static struct waiter a = {.name = 'a', .ids = idx, .n = 1};
  a.until = (uint32_t)(fk.now + fk_ms(10));
  fk_event_at(fk.now + fk_ms(5), X, 0, 9, 0, 0);
  tick_cw_start(&a.co, waiter);
  CHECK_EQ(tick_cw_run_once(), 1); /* a waits */
  tick_cw_wake(&a.co);
  CHECK_EQ(tick_cw_run_once(), 1); /* a polls, stays waiting */
  CHECK_EQ(ntrace, 0);
  CHECK_EQ(tick_cw_run(), TICK_OK);
  CHECK_EQ(a.rc, 0);
  CHECK_EQ(a.arg[0], 9);
}

/* A new wait replaces the coroutine's own (its own ids are no conflict), and an event for a
 * coroutine's id is handed to it while an op's kind is listed before it (the coroutines'
 * entries follow the ops'). */
TEST(cw_core_a_wait_replaces_its_own_and_events_reach_it_behind_the_ops_entries) {
  static struct waiter a = {.name = 'a', .ids = idx, .n = 1};
  static tick_cw_op_t press;
  tick_cw_start(&a.co, waiter);
  CHECK_EQ(tick_cw_run_once(), 1);                      /* a waits for X */
  tick__cw_wait_on(&a.co, idyx, 2);                     /* now for Y or X */
  CHECK_EQ(tick_cw_button(&press, 0, &a.co), TICK_OK);  /* the buttons' id is listed first */
  fk_event_at(fk.now + fk_ms(1), X, 0, 8, 0, 0);
  for (int i = 0; i < 10 && !tick_cw_done(&a.co); i++) tick_cw_run_once();
  CHECK(tick_cw_done(&a.co));
  CHECK_EQ(a.rc, 1); /* X's index in a's new list */
  CHECK_EQ(a.arg[0], 8);
  CHECK(tick_cw_op_pending(&press));
  CHECK_EQ(tick_cw_op_cancel(&press), TICK_OK);
}

/* Waits within the kernel's 8 ids, then op starts that push the turn's list past them: the
 * kernel refuses the list and the loop says so (op starts do not check the limit); with the
 * ops cancelled the same wait is served again. */
static const tick_upcall_id_t seven[7] = {{X, 0}, {X, 1}, {X, 2}, {X, 3}, {X, 4}, {X, 5}, {X, 6}};

TEST(cw_core_ops_started_after_waits_that_pass_the_kernels_ids_fail_with_ebadrval) {
  static struct waiter a = {.name = 'a', .ids = seven, .n = 7};
  static tick_cw_op_t press, edge;
  tick_cw_start(&a.co, waiter);
  CHECK_EQ(tick_cw_run_once(), 1); /* a waits for 7 ids */
  CHECK_EQ(tick_cw_button(&press, 0, &a.co), TICK_OK);
  CHECK_EQ(tick_cw_gpio_edge(&edge, 0, 0, &a.co), TICK_OK);
  CHECK_EQ(tick_cw_run_once(), TICK_EBADRVAL); /* 9 ids: refused */
  CHECK(!tick_cw_done(&a.co));
  CHECK_EQ(tick_cw_op_cancel(&edge), TICK_OK);
  fk_event_at(fk.now + fk_ms(1), X, 2, 4, 0, 0);
  CHECK_EQ(tick_cw_run_once(), 1); /* 8 ids: taken, and a's event served */
  CHECK(tick_cw_done(&a.co));
  CHECK(tick_cw_op_pending(&press));
  CHECK_EQ(tick_cw_op_cancel(&press), TICK_OK);
  CHECK_EQ(a.rc, 2); /* (X, 2)'s index in a's list */
  CHECK_EQ(a.arg[0], 4);
}
