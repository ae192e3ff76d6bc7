/* Host tests: layer 3 coroutines: await, yield and fairness, join, select, with_timeout and
 * its cancellation contract (including the races), coroutine cancel, the arena. */
#include <string.h>
#include <tick.h>
#include <tick/co.h>

#include "co_trace.h"
#include "harness.h"

#define RW TICK_CLASS_ALLOW_RW

/* ---- await and sleep --------------------------------------------------------------------- */

struct sleeper {
  tick_co_t co;
  tick_op_t timer;
  int i;
  uint64_t woke[4];
};

static void sleeper(tick_co_t *co) {
  struct sleeper *s = (struct sleeper *)co;
  TICK_CO_BEGIN(co);
  for (s->i = 0; s->i < 4; s->i++) {
    TICK_SLEEP_MS(co, &s->timer, 10);
    s->woke[s->i] = fk.now;
  }
  TICK_CO_RETURN(co, 42);
  TICK_CO_END(co);
}

TEST(co_await_sleeps_and_keeps_its_state_in_the_struct) {
  static struct sleeper s;
  uint64_t t0 = fk.now;
  CHECK_EQ(tick_co_start(&s.co, sleeper), TICK_OK);
  CHECK_EQ(tick_co_start(&s.co, sleeper), TICK_EBUSY);
  CHECK_EQ(s.i, 0); /* not run inside start */
  CHECK_EQ(tick_run(), TICK_OK);
  CHECK(tick_co_done(&s.co));
  CHECK_EQ(s.co.result, 42);
  for (int i = 0; i < 4; i++) CHECK_EQ(s.woke[i] - t0, fk_ms(10) * (uint64_t)(i + 1));
  /* A done coroutine can be started again. */
  CHECK_EQ(tick_co_start(&s.co, sleeper), TICK_OK);
  CHECK_EQ(tick_run(), TICK_OK);
  CHECK_EQ(s.woke[3] - t0, fk_ms(80));
}

/* ---- fairness ---------------------------------------------------------------------------- */

struct yielder {
  tick_co_t co;
  char name;
  int i;
};

static void yielder(tick_co_t *co) {
  struct yielder *y = (struct yielder *)co;
  TICK_CO_BEGIN(co);
  for (y->i = 0; y->i < 3; y->i++) {
    mark(y->name);
    TICK_CO_YIELD(co);
  }
  TICK_CO_END(co);
}

TEST(co_ready_coroutines_take_turns_in_order) {
  static struct yielder a = {.name = 'a'}, b = {.name = 'b'}, c = {.name = 'c'};
  tick_co_start(&a.co, yielder);
  tick_co_start(&b.co, yielder);
  tick_co_start(&c.co, yielder);
  CHECK_EQ(tick_run(), TICK_OK);
  CHECK(strcmp(trace, "abcabcabc") == 0);
}

struct spinner {
  tick_co_t co;
  int turns;
};
static void spinner(tick_co_t *co) {
  struct spinner *s = (struct spinner *)co;
  TICK_CO_BEGIN(co);
  while (s->turns < 1000) {
    s->turns++;
    TICK_CO_YIELD(co);
  }
  TICK_CO_END(co);
}

TEST(co_a_yielding_coroutine_does_not_starve_kernel_events) {
  static struct spinner sp;
  static struct sleeper s;
  static tick_op_t rd;
  static char c;
  tick_co_start(&sp.co, spinner);
  tick_co_start(&s.co, sleeper);
  /* Typed already (the fake's time only moves while the loop blocks, which it never does
   * while a coroutine is ready). */
  fk_input_at(fk.now, "k");
  CHECK_EQ(tick_console_read_async(&rd, &c, 1, NULL, NULL), TICK_OK);
  /* Each turn a ready coroutine exists, the loop still polls the kernel once. */
  for (int i = 0; i < 50 && !tick_op_done(&rd); i++) tick_run_once();
  CHECK(tick_op_done(&rd));
  CHECK(sp.turns < 50);
  tick_co_cancel(&sp.co);
  CHECK_EQ(tick_run(), TICK_OK);
  CHECK(tick_co_done(&s.co));
}

/* ---- join ---------------------------------------------------------------------------------- */

struct parent {
  tick_co_t co;
  struct sleeper kid;
  int got;
};

static void parent(tick_co_t *co) {
  struct parent *p = (struct parent *)co;
  TICK_CO_BEGIN(co);
  tick_co_start(&p->kid.co, sleeper);
  TICK_JOIN(co, &p->kid.co);
  p->got = co->rc;
  mark('p');
  TICK_CO_END(co);
}

TEST(co_join_waits_for_the_child_and_gets_its_result) {
  static struct parent p;
  tick_co_start(&p.co, parent);
  CHECK_EQ(tick_run(), TICK_OK);
  CHECK_EQ(p.got, 42);
  CHECK(tick_co_done(&p.co));
  CHECK(strcmp(trace, "p") == 0);
}

/* ---- select and with_timeout ------------------------------------------------------------- */

struct waiter {
  tick_co_t co;
  tick_op_t read, button, timer;
  char c[4];
  int rc[4];
  int n;
};

static void select_input(tick_co_t *co) {
  struct waiter *w = (struct waiter *)co;
  TICK_CO_BEGIN(co);
  for (w->n = 0; w->n < 3; w->n++) {
    tick_console_read_async(&w->read, &w->c[w->n], 1, TICK_CO_WAKE(co));
    tick_button_async(&w->button, 0, TICK_CO_WAKE(co));
    TICK_SELECT_TIMEOUT(co, &w->timer, 100, &w->read, &w->button);
    w->rc[w->n] = co->rc;
  }
  TICK_CO_END(co);
}

TEST(co_select_over_read_button_and_timeout) {
  static struct waiter w;
  uint64_t t0 = fk.now;
  fk_input_at(t0 + fk_ms(10), "q");
  fk_button_at(t0 + fk_ms(20), 0, 1);
  tick_co_start(&w.co, select_input);
  CHECK_EQ(tick_run(), TICK_OK);
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

/* with_timeout on a console read, three times in a row on the same state. */
static void read_with_timeout(tick_co_t *co) {
  struct waiter *w = (struct waiter *)co;
  TICK_CO_BEGIN(co);
  for (w->n = 0; w->n < 3; w->n++) {
    TICK_AWAIT_TIMEOUT(co, &w->timer, 20, &w->read,
                       tick_console_read_async(&w->read, &w->c[w->n], 1, TICK_CO_WAKE(co)));
    w->rc[w->n] = co->rc;
  }
  TICK_CO_END(co);
}

TEST(co_with_timeout_cancels_unallows_and_drains_so_no_late_completion_lands) {
  static struct waiter w;
  uint64_t t0 = fk.now;
  fk.cancel_delay = fk_ms(7); /* the abort reports long after the coroutine moved on */
  fk_input_at(t0 + fk_ms(25), "a"); /* after the first timeout, before the abort reports */
  fk_input_at(t0 + fk_ms(40), "b");
  tick_co_start(&w.co, read_with_timeout);
  CHECK_EQ(tick_run(), TICK_OK);
  CHECK_EQ(w.rc[0], TICK_ETIMEOUT);
  CHECK_EQ(w.c[0], 0); /* the cancelled read's buffer was never written */
  CHECK_EQ(w.rc[1], 1);
  CHECK_EQ(w.c[1], 'a');
  CHECK_EQ(w.rc[2], 1);
  CHECK_EQ(w.c[2], 'b');
  CHECK_EQ(fk_count(TICK_CLASS_COMMAND, 1, 3), 1);
  CHECK_EQ(fk_queued(1, 2), 0);
}

TEST(co_completion_in_the_same_turn_as_the_timeout_wins) {
  static struct waiter w;
  uint64_t t0 = fk.now;
  fk_input_at(t0 + fk_ms(20), "x"); /* exactly at the first deadline */
  fk_input_at(t0 + fk_ms(30), "yz");
  tick_co_start(&w.co, read_with_timeout);
  CHECK_EQ(tick_run(), TICK_OK);
  CHECK_EQ(w.rc[0], 1);
  CHECK_EQ(w.c[0], 'x');
  CHECK_EQ(w.rc[1], 1);
  CHECK_EQ(w.c[1], 'y');
  CHECK_EQ(w.rc[2], 1);
  CHECK_EQ(w.c[2], 'z');
  CHECK_EQ(fk_count(TICK_CLASS_COMMAND, 1, 3), 0); /* nothing had to be aborted */
}

/* The timer is listed first: when both complete in one turn the timeout is reported, and the
 * read's completion (already consumed) leaves nothing behind. */
static void timer_first(tick_co_t *co) {
  struct waiter *w = (struct waiter *)co;
  TICK_CO_BEGIN(co);
  tick_timer_in_ms(&w->timer, 20, TICK_CO_WAKE(co));
  tick_console_read_async(&w->read, &w->c[0], 1, TICK_CO_WAKE(co));
  TICK_SELECT(co, &w->timer, &w->read);
  w->rc[0] = co->rc;
  TICK_AWAIT(co, &w->read, tick_console_read_async(&w->read, &w->c[1], 1, TICK_CO_WAKE(co)));
  w->rc[1] = co->rc;
  TICK_CO_END(co);
}

TEST(co_select_tie_goes_to_list_order_and_leaves_no_stale_completion) {
  static struct waiter w;
  uint64_t t0 = fk.now;
  fk_input_at(t0 + fk_ms(20), "t");
  fk_input_at(t0 + fk_ms(40), "u");
  tick_co_start(&w.co, timer_first);
  CHECK_EQ(tick_run(), TICK_OK);
  CHECK_EQ(w.rc[0], 0);
  CHECK(tick_op_done(&w.read) && w.c[0] == 't');
  CHECK_EQ(w.rc[1], 1);
  CHECK_EQ(w.c[1], 'u');
}

TEST(co_completion_arriving_during_the_cancel_is_drained) {
  /* The timeout fired; while the library aborts the read, the byte arrives and completes the
   * read in the kernel (the abort then finds nothing to abort). That completion is stale. */
  static struct waiter w;
  uint64_t t0 = fk.now;
  fk.input_on_abort = "L";
  fk_input_at(t0 + fk_ms(30), "M");
  tick_co_start(&w.co, read_with_timeout);
  CHECK_EQ(tick_run(), TICK_OK);
  CHECK_EQ(w.rc[0], TICK_ETIMEOUT);
  CHECK_EQ(w.rc[1], 1);
  CHECK_EQ(w.c[1], 'M'); /* not 'L': that byte went to the cancelled read */
  CHECK_EQ(w.rc[2], TICK_ETIMEOUT);
  CHECK_EQ(fk_queued(1, 2), 0);
}

/* ---- cancelling a coroutine ------------------------------------------------------------------ */

struct canceller {
  tick_co_t co;
  struct waiter victim;
  tick_op_t timer;
};

static void forever(tick_co_t *co) {
  struct waiter *w = (struct waiter *)co;
  TICK_CO_BEGIN(co);
  tick_console_read_async(&w->read, w->c, 4, TICK_CO_WAKE(co));
  tick_timer_in_ms(&w->timer, 100000, TICK_CO_WAKE(co));
  TICK_SELECT(co, &w->read, &w->timer);
  mark('!'); /* never reached */
  TICK_CO_END(co);
}

static void canceller(tick_co_t *co) {
  struct canceller *c = (struct canceller *)co;
  TICK_CO_BEGIN(co);
  tick_co_start(&c->victim.co, forever);
  TICK_SLEEP_MS(co, &c->timer, 5);
  CHECK_EQ(tick_co_cancel(&c->victim.co), TICK_OK);
  CHECK_EQ(tick_co_cancel(&c->victim.co), TICK_EALREADY);
  TICK_JOIN(co, &c->victim.co);
  CHECK_EQ(co->rc, TICK_ECANCEL);
  mark('j');
  TICK_CO_END(co);
}

TEST(co_cancel_cancels_every_op_the_coroutine_waits_on) {
  static struct canceller c;
  fk.cancel_delay = fk_ms(2);
  tick_co_start(&c.co, canceller);
  CHECK_EQ(tick_run(), TICK_OK);
  CHECK(strcmp(trace, "j") == 0);
  CHECK(!tick_op_pending(&c.victim.read) && !tick_op_pending(&c.victim.timer));
  CHECK_EQ(fk_count(TICK_CLASS_COMMAND, 1, 3), 1);
  CHECK_EQ(fk_allowed_ptr(RW, 1, 1), 0);
  CHECK(fk.now < 1000 + fk_ms(100)); /* the long timer did not hold the loop */
}

TEST(co_cancel_of_a_ready_coroutine_removes_it_from_the_queue) {
  static struct yielder a = {.name = 'a'}, b = {.name = 'b'};
  tick_co_start(&a.co, yielder);
  tick_co_start(&b.co, yielder);
  CHECK_EQ(tick_co_cancel(&a.co), TICK_OK);
  CHECK_EQ(a.co.result, TICK_ECANCEL);
  CHECK_EQ(tick_run(), TICK_OK);
  CHECK(strcmp(trace, "bbb") == 0);
}

/* ---- blocking calls are refused in a coroutine ------------------------------------------ */

struct blocker {
  tick_co_t co;
  int rc[3];
};
static void blocker(tick_co_t *co) {
  struct blocker *b = (struct blocker *)co;
  TICK_CO_BEGIN(co);
  b->rc[0] = tick_sleep_ms(5);
  b->rc[1] = tick_console_write("z", 1);
  b->rc[2] = tick_run();
  TICK_CO_END(co);
}

TEST(co_blocking_calls_inside_a_coroutine_are_refused) {
  static struct blocker b;
  tick_co_start(&b.co, blocker);
  CHECK_EQ(tick_run(), TICK_OK);
  for (int i = 0; i < 3; i++) CHECK_EQ(b.rc[i], TICK_EINUPCALL);
}

/* ---- many coroutines from a static arena ------------------------------------------------- */

struct worker {
  tick_co_t co;
  tick_op_t timer;
  int id, i;
};
TICK_ARENA(workers, struct worker, 16);
static int done_count;

static void worker(tick_co_t *co) {
  struct worker *w = (struct worker *)co;
  TICK_CO_BEGIN(co);
  for (w->i = 0; w->i < 3; w->i++) TICK_SLEEP_MS(co, &w->timer, 1 + (uint32_t)w->id % 5);
  done_count++;
  TICK_CO_RETURN(co, w->id);
  TICK_CO_END(co);
}

struct boss {
  tick_co_t co;
  struct worker *w[16];
  int i, sum;
};
static void boss(tick_co_t *co) {
  struct boss *b = (struct boss *)co;
  TICK_CO_BEGIN(co);
  for (b->i = 0; b->i < 16; b->i++) {
    b->w[b->i] = tick_arena_alloc(&workers);
    b->w[b->i]->id = b->i;
    tick_co_start(&b->w[b->i]->co, worker);
  }
  for (b->i = 0; b->i < 16; b->i++) {
    TICK_JOIN(co, &b->w[b->i]->co);
    b->sum += co->rc;
    tick_arena_free(&workers, b->w[b->i]);
  }
  TICK_CO_END(co);
}

TEST(co_sixteen_coroutines_from_a_static_arena) {
  static struct boss b;
  tick_co_start(&b.co, boss);
  CHECK_EQ(tick_run(), TICK_OK);
  CHECK_EQ(done_count, 16);
  CHECK_EQ(b.sum, 120);
  CHECK_EQ(workers.used, 0);
  for (int i = 0; i < 16; i++) CHECK(tick_arena_alloc(&workers) != NULL);
  CHECK(tick_arena_alloc(&workers) == NULL); /* full */
  tick_co_t *co = tick_co_spawn(&workers, worker);
  CHECK(co == NULL);
  tick_arena_free(&workers, &workers_blocks[3]);
  co = tick_co_spawn(&workers, worker);
  CHECK(co == &workers_blocks[3].co);
}
