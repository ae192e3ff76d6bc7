/* coroutines16: 16 coroutines at once from a static arena: sleeps of different periods, a button
 * wait with a timeout each (64 timers and 16 button waits pending together), joined in order. */
#include <stdio.h>
#include <tick.h>
#include <tick/co.h>

#define WORKERS 16
#define ROUNDS 5

struct worker {
  tick_co_t co;
  tick_op_t timer, button;
  unsigned id, round;
  uint32_t woke; /* ticks of the last wake-up */
};
TICK_ARENA(workers, struct worker, WORKERS);

static unsigned running, max_running, order[WORKERS], finished;

/* Sleeps ROUNDS times (period 10 + 3 * id ms), then waits 50 ms for a press of button
 * id % 4 that never comes; returns its id if everything happened as expected. */
static void work(tick_co_t *co) {
  struct worker *w = (struct worker *)co;
  TICK_CO_BEGIN(co);
  if (++running > max_running) max_running = running;
  for (w->round = 0; w->round < ROUNDS; w->round++) {
    TICK_SLEEP_MS(co, &w->timer, 10 + 3 * w->id);
    if (co->rc != TICK_OK) TICK_CO_RETURN(co, -1);
  }
  TICK_AWAIT_TIMEOUT(co, &w->timer, 50, &w->button,
                     tick_button_async(&w->button, w->id % 4, TICK_CO_WAKE(co)));
  running--;
  order[finished++] = w->id;
  TICK_CO_RETURN(co, co->rc == TICK_ETIMEOUT ? (int)w->id : -1);
  TICK_CO_END(co);
}

static struct boss {
  tick_co_t co;
  struct worker *w[WORKERS];
  unsigned i;
  int sum;
  uint32_t t0;
} boss;

static void supervise(tick_co_t *co) {
  struct boss *b = (struct boss *)co;
  TICK_CO_BEGIN(co);
  b->t0 = tick_time_now();
  for (b->i = 0; b->i < WORKERS; b->i++) {
    b->w[b->i] = tick_arena_alloc(&workers);
    b->w[b->i]->id = b->i;
    tick_co_start(&b->w[b->i]->co, work);
  }
  printf("coroutines16: %u coroutines started, arena full: %s\n", WORKERS,
         tick_arena_alloc(&workers) == NULL ? "yes" : "no");
  for (b->i = 0; b->i < WORKERS; b->i++) {
    TICK_JOIN(co, &b->w[b->i]->co);
    b->sum += co->rc;
    tick_arena_free(&workers, b->w[b->i]);
  }
  /* printf output of a coroutine goes out at the end of the turn, at most 80 bytes a turn
   * (stdout's line buffer): one line per turn. */
  printf("coroutines16: joined %u, sum of ids %d (expected %d)\n", finished, b->sum,
         WORKERS * (WORKERS - 1) / 2);
  TICK_CO_YIELD(co);
  /* Shorter periods finish first: the order of completion is the order of ids. */
  b->sum = 1;
  for (b->i = 0; b->i < WORKERS; b->i++) b->sum &= order[b->i] == b->i;
  printf("coroutines16: %u ran at once, %s, %lu ms\n", max_running,
         b->sum ? "finished in order" : "OUT OF ORDER",
         (unsigned long)tick_ticks_to_ms(tick_time_now() - b->t0));
  TICK_CO_YIELD(co);
  printf("coroutines16: arena reusable: %s\n", tick_co_spawn(&workers, work) ? "yes" : "no");
  TICK_CO_END(co);
}

int main(void) {
  tick_co_start(&boss.co, supervise);
  int rc = tick_run();
  printf("coroutines16: done (%d)\n", rc);
  return 0;
}
