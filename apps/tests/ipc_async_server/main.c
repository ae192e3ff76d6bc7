/* ipc_async_server: the service test.async on layers 2-3: a coroutine takes calls (TICK_IPC_RECV) and upper-cases them; "slow" is answered 300 ms later by a timer callback while it keeps serving; "crash" holds the call and faults 50 ms later (the kernel restarts it). */
#include <stdio.h>
#include <string.h>
#include <tick.h>
#include <tick/co.h>

#define SERVICE "test.async"

static struct server {
  tick_co_t co;
  tick_op_t recv;
  tick_ipc_msg_t msg;
  char req[64], resp[64];
} srv;

static tick_op_t later;
static uint32_t held;

/* A slow answer, given while the coroutine serves other calls; the kernel drops it if the
 * client gave up meanwhile. */
static void answer_slow(tick_op_t *op, int result, void *data) {
  (void)op, (void)result, (void)data;
  tick_ipc_reply(held, "SLOW", 4, 4);
}

/* Dies holding a call: the client's call fails with PEER_DIED. */
static void crash(tick_op_t *op, int result, void *data) {
  (void)op, (void)result, (void)data;
  *(volatile uint32_t *)0 = 1;
}

static void serve(tick_co_t *co) {
  struct server *s = (struct server *)co;
  TICK_CO_BEGIN(co);
  for (;;) {
    TICK_IPC_RECV(co, &s->recv, s->req, sizeof s->req, &s->msg);
    if (co->rc < 0) break;
    size_t n = s->msg.len < sizeof s->req ? s->msg.len : sizeof s->req;
    if ((n == 4 && memcmp(s->req, "slow", 4) == 0) || (n == 5 && memcmp(s->req, "crash", 5) == 0)) {
      held = s->msg.token;
      tick_timer_in_ms(&later, n == 4 ? 300 : 50, n == 4 ? answer_slow : crash, NULL);
      continue;
    }
    for (size_t i = 0; i < n; i++)
      s->resp[i] = (s->req[i] >= 'a' && s->req[i] <= 'z') ? (char)(s->req[i] - 'a' + 'A') : s->req[i];
    tick_ipc_reply(s->msg.token, s->resp, n, (uint32_t)n);
  }
  printf("ipc_async_server: receive failed (%d)\n", co->rc);
  TICK_CO_END(co);
}

int main(void) {
  int rc = tick_ipc_register(SERVICE);
  printf("ipc_async_server: serving %s (%d)\n", SERVICE, rc);
  tick_co_start(&srv.co, serve);
  tick_run();
  return 1;
}
