/* Host tests: IPC calls and receives without waiting (layer 2) and their awaits (layer 3), on the fake kernel's IPC model. */
#include <string.h>
#include <tick.h>
#include <tick/async.h>
#include <tick/co.h>

#include "fake_ipc.h"
#include "harness.h"

#define IPC TICK_DRIVER_IPC
#define H FK_IPC_HANDLE

struct got {
  tick_op_t *op;
  int result;
  uint64_t at;
};
static struct got got[8];
static int ngot;

static void done(tick_op_t *op, int result, void *data) {
  (void)data;
  if (ngot < 8) got[ngot] = (struct got){op, result, fk.now};
  ngot++;
}

TEST(ipc_call_async_completes_with_the_reply_and_its_code) {
  static tick_op_t c;
  static char resp[8];
  CHECK_EQ(tick_ipc_call_async(&c, H, "ping", 4, resp, sizeof resp, done, NULL), TICK_OK);
  CHECK_EQ(fk_ipc.calls, 1);
  CHECK_EQ(fk_ipc.request_len, 4u);
  CHECK(memcmp(fk_ipc.request, "ping", 4) == 0);
  fk_ipc_reply_at(fk.now + fk_ms(5), "PONG!", 7);
  CHECK_EQ(ngot, 0);
  CHECK_EQ(tick_run(), TICK_OK);
  CHECK_EQ(ngot, 1);
  CHECK_EQ(got[0].result, 5);
  CHECK_EQ(tick_ipc_op_code(&c), 7u);
  CHECK(memcmp(resp, "PONG!", 5) == 0);
  /* Layer 2 never subscribes; the call has its own buffers (RO 5, RW 4), not layer 1's. */
  CHECK_EQ(fk_count(TICK_CLASS_SUBSCRIBE, (uintptr_t)~0, (uintptr_t)~0), 0);
  CHECK(fk_allowed_ptr(TICK_CLASS_ALLOW_RW, IPC, 4) == (uintptr_t)resp);
  CHECK(fk_allowed_ptr(TICK_CLASS_ALLOW_RW, IPC, 0) == 0);
}

TEST(ipc_call_async_refuses_at_the_start) {
  static tick_op_t c, d;
  static char resp[4], resp2[4], big[300];
  CHECK_EQ(tick_ipc_call_async(&c, 9, "x", 1, resp, 4, done, NULL), TICK_EINVAL);
  CHECK_EQ(tick_ipc_call_async(&c, H, big, sizeof big, resp, 4, done, NULL), TICK_ESIZE);
  CHECK(!tick_op_pending(&c));
  CHECK_EQ(tick_ipc_call_async(&c, H, "x", 1, resp, 4, done, NULL), TICK_OK);
  CHECK_EQ(tick_ipc_call_async(&c, H, "x", 1, resp, 4, done, NULL), TICK_EBUSY);
  /* One call at a time, and a refused one does not take the live call's buffers. */
  CHECK_EQ(tick_ipc_call_async(&d, H, "y", 1, resp2, 4, done, NULL), TICK_EBUSY);
  CHECK(fk_allowed_ptr(TICK_CLASS_ALLOW_RW, IPC, 4) == (uintptr_t)resp);
  fk_ipc_reply_at(fk.now + fk_ms(1), "ok", 0);
  CHECK_EQ(tick_run(), TICK_OK);
  CHECK_EQ(ngot, 1);
  CHECK(memcmp(resp2, "\0\0", 2) == 0);
}

TEST(ipc_call_async_fails_when_the_service_dies) {
  static tick_op_t c;
  static char resp[4];
  CHECK_EQ(tick_ipc_call_async(&c, H, NULL, 0, resp, 4, done, NULL), TICK_OK);
  fk_ipc_die_at(fk.now + fk_ms(3));
  CHECK_EQ(tick_run(), TICK_OK);
  CHECK_EQ(ngot, 1);
  CHECK_EQ(got[0].result, TICK_EPEERDIED);
  CHECK_EQ(tick_ipc_call_async(&c, H, NULL, 0, resp, 4, done, NULL), TICK_ESTALE);
}

/* Cancelled before the reply: the kernel withdraws the call and reports CANCEL, which the loop
 * drains; the late reply is dropped; a new call waits for the drain, then gets its own reply. */
TEST(ipc_call_async_cancel_leaves_no_late_reply) {
  static tick_op_t c, d;
  static char resp[8], resp2[8];
  CHECK_EQ(tick_ipc_call_async(&c, H, "a", 1, resp, sizeof resp, done, NULL), TICK_OK);
  CHECK_EQ(tick_op_cancel(&c), TICK_OK);
  CHECK_EQ(fk_ipc.cancels, 1);
  fk_ipc_reply_to_at(fk.now + fk_ms(1), 1, "LATE", 1); /* its token names the first call */
  CHECK_EQ(tick_ipc_call_async(&d, H, "b", 1, resp2, sizeof resp2, done, NULL), TICK_OK);
  CHECK_EQ(fk_ipc.calls, 1); /* queued behind the drain */
  CHECK_EQ(d.state, TICK_OP_WAITING);
  CHECK_EQ(tick_run_once(), 1); /* drains CANCEL, starts d */
  CHECK_EQ(fk_ipc.calls, 2);
  fk_ipc_reply_to_at(fk.now + fk_ms(2), 2, "NEW", 2);
  CHECK_EQ(tick_run(), TICK_OK);
  CHECK_EQ(ngot, 1);
  CHECK(got[0].op == &d);
  CHECK_EQ(got[0].result, 3);
  CHECK_EQ(tick_ipc_op_code(&d), 2u);
  CHECK(memcmp(resp2, "NEW", 3) == 0);
  CHECK(memcmp(resp, "\0\0\0\0", 4) == 0); /* the late reply landed nowhere */
  CHECK_EQ(fk_ipc.dropped, 1);
}

/* The race: the reply is queued when another completion of the same turn cancels the call.
 * The kernel says ALREADY; the queued reply is drained, never completing anything; the call
 * started in its place is not answered by it. */
static tick_op_t race_call, race_read, race_next;
static char race_resp[8], race_resp2[8], race_byte;
static void cancel_call(tick_op_t *op, int result, void *data) {
  done(op, result, data);
  CHECK_EQ(tick_op_cancel(&race_call), TICK_OK);
  CHECK_EQ(tick_ipc_call_async(&race_next, H, "n", 1, race_resp2, sizeof race_resp2, done, NULL), TICK_OK);
}
TEST(ipc_call_async_cancel_races_a_queued_reply) {
  CHECK_EQ(tick_ipc_call_async(&race_call, H, "r", 1, race_resp, sizeof race_resp, done, NULL), TICK_OK);
  CHECK_EQ(tick_console_read_async(&race_read, &race_byte, 1, cancel_call, NULL), TICK_OK);
  uint64_t t = fk.now + fk_ms(4);
  fk_input_at(t, "k");           /* queued first */
  fk_ipc_reply_at(t, "OLD", 1);  /* queued in the same instant */
  fk_ipc_reply_at(t + fk_ms(5), "NEXT", 2);
  CHECK_EQ(tick_run(), TICK_OK);
  CHECK_EQ(ngot, 2);
  CHECK(got[0].op == &race_read);
  CHECK(got[1].op == &race_next); /* race_call's completion never ran */
  CHECK_EQ(got[1].result, 4);
  CHECK(memcmp(race_resp2, "NEXT", 4) == 0);
  CHECK_EQ(fk_ipc.cancels, 0); /* the call had ended: nothing to withdraw */
  CHECK_EQ(fk_queued(IPC, 3), 0);
}

/* ---- receives -------------------------------------------------------------------------- */

static tick_ipc_msg_t msg;
static char req[8];
static void serve(tick_op_t *op, int result, void *data) {
  done(op, result, data);
  CHECK_EQ(tick_ipc_reply(msg.token, "ack", 3, 42), TICK_OK); /* never blocks: fine here */
}

TEST(ipc_recv_async_takes_a_call_and_replies_from_the_callback) {
  static tick_op_t r;
  CHECK_EQ(tick_ipc_recv_async(&r, req, sizeof req, &msg, serve, NULL), TICK_OK);
  CHECK(fk_ipc.want); /* the TAKE found none: the kernel will tell */
  CHECK_EQ(tick_ipc_recv_async(&r, req, sizeof req, &msg, serve, NULL), TICK_EBUSY);
  fk_ipc_call_in_at(fk.now + fk_ms(2), "hello", 0x203);
  CHECK_EQ(tick_run(), TICK_OK);
  CHECK_EQ(ngot, 1);
  CHECK_EQ(got[0].result, TICK_OK);
  CHECK_EQ(msg.len, 5u);
  CHECK_EQ(msg.client, 0x203u);
  CHECK(memcmp(req, "hello", 5) == 0);
  CHECK_EQ(fk_ipc.nreplied, 1);
  CHECK_EQ(fk_ipc.replied[0].token, msg.token);
  CHECK_EQ(fk_ipc.replied[0].code, 42u);
  CHECK(memcmp(fk_ipc.replied[0].text, "ack", 3) == 0);
  CHECK(fk_allowed_ptr(TICK_CLASS_ALLOW_RW, IPC, 5) == 0); /* the buffer is back */
}

TEST(ipc_recv_async_with_a_call_waiting_completes_at_the_next_turn) {
  static tick_op_t r;
  fk_ipc_call_in_at(fk.now, "early", 7);
  fk_advance(fk.now + 1);
  CHECK_EQ(tick_ipc_recv_async(&r, req, 3, &msg, done, NULL), TICK_OK);
  CHECK_EQ(ngot, 0);
  CHECK(memcmp(req, "ear", 3) == 0); /* clipped to the buffer */
  CHECK_EQ(tick_run_once(), 1);
  CHECK_EQ(ngot, 1);
  CHECK_EQ(msg.len, 5u);
  CHECK_EQ(msg.client, 7u);
}

/* Cancel forgets the op; a call that comes later waits for the next receive, and the event it
 * raised for nobody makes that receive take nothing twice. */
TEST(ipc_recv_async_cancel_keeps_the_call_for_the_next_receive) {
  static tick_op_t r, again, t;
  CHECK_EQ(tick_ipc_recv_async(&r, req, sizeof req, &msg, done, NULL), TICK_OK);
  CHECK_EQ(tick_op_cancel(&r), TICK_OK);
  CHECK_EQ(tick_run(), TICK_OK); /* nothing to drain */
  fk_ipc_call_in_at(fk.now + fk_ms(1), "one", 1);
  fk_advance(fk.now + fk_ms(2));
  CHECK_EQ(fk_queued(IPC, 4), 1); /* raised for the cancelled op */
  CHECK_EQ(tick_ipc_recv_async(&again, req, sizeof req, &msg, done, NULL), TICK_OK);
  CHECK_EQ(tick_run(), TICK_OK);
  CHECK_EQ(ngot, 1);
  CHECK_EQ(msg.client, 1u);
  /* The stale event is still queued: the next receive looks, finds nothing, keeps waiting. */
  CHECK_EQ(tick_ipc_recv_async(&again, req, sizeof req, &msg, done, NULL), TICK_OK);
  tick_timer_in_ms(&t, 3, done, NULL);
  fk_ipc_call_in_at(fk.now + fk_ms(6), "two", 2);
  CHECK_EQ(tick_run(), TICK_OK);
  CHECK_EQ(ngot, 3);
  CHECK(got[1].op == &t);
  CHECK(got[2].op == &again);
  CHECK_EQ(msg.client, 2u);
  CHECK(memcmp(req, "two", 3) == 0);
}

/* ---- layer 3 ---------------------------------------------------------------------------- */

struct caller {
  tick_co_t co;
  tick_op_t call, timer;
  char resp[8];
  int rc[3];
};

static void caller(tick_co_t *co) {
  struct caller *c = (struct caller *)co;
  TICK_CO_BEGIN(co);
  TICK_IPC_CALL(co, &c->call, H, "q1", 2, c->resp, sizeof c->resp);
  c->rc[0] = co->rc;
  TICK_IPC_CALL_TIMEOUT(co, &c->timer, 10, &c->call, H, "q2", 2, c->resp, sizeof c->resp);
  c->rc[1] = co->rc;
  TICK_IPC_CALL_TIMEOUT(co, &c->timer, 10, &c->call, H, "q3", 2, c->resp, sizeof c->resp);
  c->rc[2] = co->rc;
  TICK_CO_END(co);
}

TEST(ipc_await_with_timeout_withdraws_the_call) {
  static struct caller c;
  uint64_t t0 = fk.now;
  fk_ipc_reply_to_at(t0 + fk_ms(1), 1, "one", 1);
  /* The second and third calls get no reply in time: each is withdrawn at its timeout, and
   * the second's late reply is dropped. */
  fk_ipc_reply_to_at(t0 + fk_ms(15), 2, "LATE", 2);
  CHECK_EQ(tick_co_start(&c.co, caller), TICK_OK);
  CHECK_EQ(tick_run(), TICK_OK);
  CHECK_EQ(c.rc[0], 3);
  CHECK_EQ(c.rc[1], TICK_ETIMEOUT);
  CHECK_EQ(c.rc[2], TICK_ETIMEOUT);
  CHECK_EQ(fk_ipc.calls, 3);
  CHECK_EQ(fk_ipc.cancels, 2);
  CHECK_EQ(fk_ipc.dropped, 1);
  CHECK(memcmp(c.resp, "one", 3) == 0); /* no late reply landed */
  CHECK_EQ(fk_queued(IPC, 3), 0);        /* both CANCELs drained */
}

/* A reply that arrives at the very tick of the timeout, before the loop looks: the queued
 * event wins over the passed deadline, the result is the reply's, nothing is cancelled. */
TEST(ipc_await_timeout_reply_at_the_deadline_wins) {
  static struct caller c;
  c.rc[0] = 99;
  fk_ipc_reply_at(fk.now + fk_ms(1), "one", 1);
  CHECK_EQ(tick_co_start(&c.co, caller), TICK_OK);
  CHECK_EQ(tick_run_once(), 1); /* the first call starts */
  CHECK_EQ(tick_run_once(), 1); /* its reply; the second call starts, with its timer */
  CHECK(tick_op_pending(&c.call));
  fk_ipc_reply_at(tick_timer_deadline(&c.timer), "two", 2);
  CHECK_EQ(tick_run_once(), 1);
  CHECK_EQ(c.rc[1], 3);
  CHECK(memcmp(c.resp, "two", 3) == 0);
  CHECK_EQ(fk_ipc.cancels, 0);
  CHECK_EQ(tick_co_cancel(&c.co), TICK_OK); /* the third call is withdrawn with it */
  CHECK_EQ(fk_ipc.cancels, 1);
  CHECK_EQ(tick_run(), TICK_OK); /* drains the CANCEL, then nothing is left */
}

struct server {
  tick_co_t co;
  tick_op_t recv;
  tick_ipc_msg_t msg;
  char buf[8];
  int n;
};

static void server(tick_co_t *co) {
  struct server *s = (struct server *)co;
  TICK_CO_BEGIN(co);
  for (s->n = 0; s->n < 2; s->n++) {
    TICK_IPC_RECV(co, &s->recv, s->buf, sizeof s->buf, &s->msg);
    tick_ipc_reply(s->msg.token, s->buf, s->msg.len, (uint32_t)s->n);
  }
  TICK_CO_END(co);
}

TEST(ipc_await_recv_serves_calls) {
  static struct server s;
  fk_ipc_call_in_at(fk.now + fk_ms(1), "abc", 1);
  fk_ipc_call_in_at(fk.now + fk_ms(2), "de", 2);
  CHECK_EQ(tick_co_start(&s.co, server), TICK_OK);
  CHECK_EQ(tick_run(), TICK_OK);
  CHECK_EQ(fk_ipc.nreplied, 2);
  CHECK(memcmp(fk_ipc.replied[0].text, "abc", 3) == 0);
  CHECK(memcmp(fk_ipc.replied[1].text, "de", 2) == 0);
  CHECK_EQ(fk_ipc.replied[1].code, 1u);
  CHECK(tick_co_done(&s.co));
}

/* ---- the app loader ----------------------------------------------------------------------- */

#include "fake_loader.h"

TEST(app_loader_async_runs_a_session) {
  static tick_op_t op;
  static const char app[10] = "0123456789";
  CHECK_EQ(tick_app_loader_async(&op, 1, sizeof app, 0, done, NULL), TICK_OK);
  CHECK_EQ(tick_run(), TICK_OK);
  CHECK_EQ(got[0].result, 0);
  CHECK_EQ(tick_app_loader_write_async(&op, 0, app, 6, done, NULL), TICK_OK);
  CHECK_EQ(tick_run(), TICK_OK);
  CHECK_EQ(got[1].result, 6); /* bytes written */
  CHECK_EQ(tick_app_loader_write_async(&op, 6, app + 6, 4, done, NULL), TICK_OK);
  CHECK_EQ(tick_run(), TICK_OK);
  CHECK_EQ(fk_loader.written, 10u);
  fk_loader.fail_command = 3; /* finalize refused: a check failed */
  fk_loader.fail_status = TICK_ERR_FAIL;
  CHECK_EQ(tick_app_loader_async(&op, 3, 0, 0, done, NULL), TICK_OK);
  CHECK_EQ(tick_run(), TICK_OK);
  CHECK_EQ(got[3].result, TICK_EFAIL);
  CHECK_EQ(tick_app_loader_async(&op, 6, 0x51c0, 0, done, NULL), TICK_EINVAL); /* no async uninstall */
  CHECK_EQ(ngot, 4);
}

/* Cancelled: the operation runs to its end in the driver, whose upcall the loop drains
 * (the driver stays busy until then); the cancelled op's function never runs. */
TEST(app_loader_async_cancel_drains_the_upcall) {
  static tick_op_t op, next;
  CHECK_EQ(tick_app_loader_async(&op, 1, 100, 0, done, NULL), TICK_OK);
  CHECK_EQ(tick_op_cancel(&op), TICK_OK);
  CHECK_EQ(tick_app_loader_async(&next, 5, 0, 0, done, NULL), TICK_EBUSY); /* still running */
  CHECK_EQ(tick_app_loader_async(&op, 1, 100, 0, done, NULL), TICK_OK);    /* waits for the drain */
  CHECK_EQ(fk_loader.commands, 1);
  CHECK_EQ(tick_run(), TICK_OK);
  CHECK_EQ(fk_loader.commands, 2);
  CHECK_EQ(ngot, 1); /* the second setup's completion only */
  CHECK(got[0].op == &op);
  CHECK_EQ(fk_queued(TICK_DRIVER_APP_LOADER, 0), 0);
}

/* A blocking call while the async one is live would replace it in the kernel: refused. */
TEST(ipc_blocking_call_is_refused_while_an_async_call_is_live) {
  static tick_op_t c;
  static char resp[4];
  CHECK_EQ(tick_ipc_call_async(&c, H, NULL, 0, resp, 4, done, NULL), TICK_OK);
  CHECK_EQ(tick_ipc_call(H, "x", 1, resp, 4, NULL), TICK_EBUSY);
  CHECK_EQ(tick_op_cancel(&c), TICK_OK);
  CHECK_EQ(tick_run(), TICK_OK);
  CHECK_EQ(fk_count(TICK_CLASS_YIELD, TICK_YIELD_IPC_CALL, (uintptr_t)~0), 0);
}
