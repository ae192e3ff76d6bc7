/* ipc_conf_peer: the scripted peer of ipc_conformance: echoes, sleeps, calls back with leases, answers notifications, crashes on request. */
#include <stdio.h>
#include <string.h>
#include <tick.h>

static char req[64], resp[64];
static uint32_t client;          /* the latest caller (notifications go back to it) */
static int callback_result = -1; /* what the call with leases ended with */
static char lease0[16] = "0123456789abcdef", lease1[8], lease2[8] = "RO-LEASE";

/* Calls conf.self with three leases: read-write, write-only, read-only. */
static void call_back(void) {
  tick_ipc_handle_t h;
  char out[8];
  int rc = tick_ipc_find_timeout("conf.self", 1000, &h);
  const tick_ipc_lease_t leases[TICK_IPC_LEASES] = {
      {lease0, sizeof lease0, false}, {lease1, sizeof lease1, true}, {lease2, sizeof lease2, false}, {0}};
  if (rc == TICK_OK) rc = tick_ipc_call_leases(h, "leases", 6, out, sizeof out, NULL, leases, 3000);
  callback_result = rc;
}

static size_t handle(const tick_ipc_msg_t *msg, const void *in, void *out, size_t cap,
                     uint32_t *code, void *ud) {
  (void)ud;
  size_t n = msg->len < sizeof req ? msg->len : sizeof req;
  client = msg->client;
  *code = 7;
  if (n == 5 && memcmp(in, "crash", 5) == 0) *(volatile uint32_t *)0 = 1;
  if (n == 5 && memcmp(in, "sleep", 5) == 0) tick_sleep_ms(300);
  if (n == 6 && memcmp(in, "callme", 6) == 0) {
    *code = 1;   /* replied first (below), then it calls back: see main */
    return 0;
  }
  if (n == 5 && memcmp(in, "check", 5) == 0) {
    /* The call back's result, and whether the server wrote the write-only lease. */
    *code = (uint32_t)(callback_result == 0) | (uint32_t)(memcmp(lease1, "WRITTEN!", 8) == 0) << 1;
    return 0;
  }
  memcpy(out, in, n < cap ? n : cap);
  return n < cap ? n : cap;
}

static const tick_upcall_id_t events[1] = {{TICK_DRIVER_IPC, TICK_IPC_SUB_NOTIFIED}};

int main(void) {
  const char *extra[] = {"conf.p1", "conf.p2", "conf.p3", "conf.p4"};
  for (unsigned i = 0; i < 4; i++) tick_ipc_register(extra[i]);   /* before conf.peer: the tester waits for it */
  if (tick_ipc_register("conf.peer") < 0) return 1;
  tick_ipc_msg_t msg;
  tick_waitany_result_t ev;
  int rc = tick_ipc_recv_or_event(req, sizeof req, events, 1, 0, &msg, &ev);
  for (;;) {
    if (rc < 0) {
      printf("ipc_conf_peer: FAIL recv %d\n", rc);
      return 1;
    }
    if (rc == 1) {   /* notified: the bits go back to the client, shifted */
      tick_ipc_notify_client_bits(client, tick_ipc_take_bits() << 4);
      rc = tick_ipc_recv_or_event(req, sizeof req, events, 1, 0, &msg, &ev);
      continue;
    }
    uint32_t code;
    size_t len = handle(&msg, req, resp, sizeof resp, &code, NULL);
    if (code == 1 && len == 0 && msg.len == 6) {
      tick_ipc_reply(msg.token, resp, 0, code);
      call_back();
      rc = tick_ipc_recv_or_event(req, sizeof req, events, 1, 0, &msg, &ev);
      continue;
    }
    tick_ipc_reply(msg.token, resp, len, code);
    rc = tick_ipc_recv_or_event(req, sizeof req, events, 1, 0, &msg, &ev);
  }
}
