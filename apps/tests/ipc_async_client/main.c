/* ipc_async_client: coroutines on one event loop: a caller making checked IPC calls with timeouts (TICK_IPC_CALL_TIMEOUT), a ticker timer and console writes beside it; then a timed-out call whose late reply must land nowhere, and the service dying mid-call (PEER_DIED by event), a stale handle and the restarted service. */
#include <stdio.h>
#include <string.h>
#include <tick.h>
#include <tick/co.h>

#define SERVICE "test.async"
#define CALLS 500

static tick_ipc_handle_t h;
static unsigned failures, ticks, writes;
static bool finished;

static void check(bool ok, const char *what, int rc) {
  if (!ok) {
    failures++;
    printf("ipc_async_client: FAIL %s (rc %d)\n", what, rc);
  }
}

static struct caller {
  tick_co_t co;
  tick_op_t call, timer;
  char req[16], resp[16];
  unsigned i, tries;
  uint32_t t0;
} caller;

static void call_all(tick_co_t *co) {
  struct caller *c = (struct caller *)co;
  TICK_CO_BEGIN(co);
  c->t0 = tick_time_now();
  for (c->i = 0; c->i < CALLS; c->i++) {
    snprintf(c->req, sizeof c->req, "call %u", c->i);
    TICK_IPC_CALL_TIMEOUT(co, &c->timer, 1000, &c->call, h, c->req, strlen(c->req), c->resp, sizeof c->resp);
    char want[16];
    snprintf(want, sizeof want, "CALL %u", c->i);
    check(co->rc == (int)strlen(want) && memcmp(c->resp, want, strlen(want)) == 0 &&
              tick_ipc_op_code(&c->call) == strlen(want), "a checked call", co->rc);
  }
  printf("ipc_async_client: %u calls checked in %lu ms, %u ticks meanwhile\n", CALLS,
         (unsigned long)tick_ticks_to_ms(tick_time_now() - c->t0), ticks);
  /* Timed out: the call is withdrawn; the reply the server sends at 300 ms is dropped. */
  memset(c->resp, '.', sizeof c->resp);
  TICK_IPC_CALL_TIMEOUT(co, &c->timer, 50, &c->call, h, "slow", 4, c->resp, sizeof c->resp);
  check(co->rc == TICK_ETIMEOUT, "a call times out", co->rc);
  TICK_SLEEP_MS(co, &c->timer, 400);
  check(c->resp[0] == '.', "no late reply landed", c->resp[0]);
  TICK_IPC_CALL_TIMEOUT(co, &c->timer, 1000, &c->call, h, "after", 5, c->resp, sizeof c->resp);
  check(co->rc == 5 && memcmp(c->resp, "AFTER", 5) == 0, "the next call gets its own reply", co->rc);
  printf("ipc_async_client: timeout ok, late reply dropped\n");
  /* The service dies holding the call. */
  TICK_IPC_CALL_TIMEOUT(co, &c->timer, 2000, &c->call, h, "crash", 5, c->resp, sizeof c->resp);
  check(co->rc == TICK_EPEERDIED, "the service dies mid-call", co->rc);
  printf("ipc_async_client: service died mid-call: %d\n", co->rc);
  TICK_IPC_CALL(co, &c->call, h, "stale", 5, c->resp, sizeof c->resp);
  check(co->rc == TICK_ESTALE, "a stale handle", co->rc);
  for (c->tries = 0; c->tries < 200 && tick_ipc_find(SERVICE, &h) != TICK_OK; c->tries++)
    TICK_SLEEP_MS(co, &c->timer, 10);
  TICK_IPC_CALL_TIMEOUT(co, &c->timer, 1000, &c->call, h, "back", 4, c->resp, sizeof c->resp);
  check(co->rc == 4 && memcmp(c->resp, "BACK", 4) == 0, "a call to the restarted service", co->rc);
  finished = true;
  TICK_CO_END(co);
}

/* A timer beside the calls: it must keep running while they are in flight. */
static struct ticker {
  tick_co_t co;
  tick_op_t timer;
} ticker;

static void tick_along(tick_co_t *co) {
  struct ticker *t = (struct ticker *)co;
  TICK_CO_BEGIN(co);
  while (!finished) {
    TICK_SLEEP_MS(co, &t->timer, 5);
    ticks++;
  }
  TICK_CO_END(co);
}

/* Console writes beside the calls. */
static struct writer {
  tick_co_t co;
  tick_op_t write, timer;
  char line[48];
} writer;

static void write_along(tick_co_t *co) {
  struct writer *w = (struct writer *)co;
  TICK_CO_BEGIN(co);
  for (writes = 1; writes <= 3; writes++) {
    snprintf(w->line, sizeof w->line, "ipc_async_client: console write %u of 3\n", writes);
    TICK_AWAIT(co, &w->write, tick_console_write_async(&w->write, w->line, strlen(w->line), TICK_CO_WAKE(co)));
    TICK_SLEEP_MS(co, &w->timer, 20);
  }
  TICK_CO_END(co);
}

int main(void) {
  int rc = tick_ipc_find_timeout(SERVICE, 2000, &h);
  printf("ipc_async_client: found %s (%d)\n", SERVICE, rc);
  if (rc < 0) return 1;
  tick_co_start(&caller.co, call_all);
  tick_co_start(&ticker.co, tick_along);
  tick_co_start(&writer.co, write_along);
  tick_run();
  check(ticks > 0, "the timer ran beside the calls", (int)ticks);
  printf("ipc_async_client: done, %u failures\n", failures);
  return 0;
}
