/* ipc_server: the service test.upper: upper-cases each request; "sleep" answers after 200 ms, "crash" faults; reports each new caller's identity and the notification bits it gets. */
#include <stdio.h>
#include <string.h>
#include <tick.h>

#define SERVICE "test.upper"

static char req[64], resp[64];
static uint32_t last_client = 0xffffffffu;

static size_t handle(const tick_ipc_msg_t *msg, const void *in, void *out, size_t cap,
                     uint32_t *code, void *ud) {
  (void)ud;
  const char *r = in;
  size_t n = msg->len < sizeof req ? msg->len : sizeof req;
  if (msg->client != last_client) {
    char name[32];
    uint32_t short_id;
    int len = tick_ipc_identify(msg->client, name, sizeof name, &short_id);
    printf("ipc_server: caller '%s' (name length %d, ShortId 0x%lx, slot %lu, generation %lu)\n",
           len >= 0 ? name : "?", len, (unsigned long)short_id,
           (unsigned long)(msg->client & 0xffu), (unsigned long)(msg->client >> 8));
    last_client = msg->client;
  }
  if (n == 5 && memcmp(r, "crash", 5) == 0) {
    printf("ipc_server: crashing on request\n");
    fflush(stdout);
    *(volatile uint32_t *)0 = 1;   /* faults: the kernel restarts us */
  }
  if (n == 5 && memcmp(r, "sleep", 5) == 0) tick_sleep_ms(200);   /* a slow answer */
  char *o = out;
  for (size_t i = 0; i < n && i < cap; i++)
    o[i] = (r[i] >= 'a' && r[i] <= 'z') ? (char)(r[i] - 'a' + 'A') : r[i];
  *code = (uint32_t)n;
  return n < cap ? n : cap;
}

/* Calls and notifications, each ending the same wait. */
static const tick_upcall_id_t events[1] = {{TICK_DRIVER_IPC, TICK_IPC_SUB_NOTIFIED}};

int main(void) {
  int rc = tick_ipc_register(SERVICE);
  printf("ipc_server: serving %s\n", SERVICE);
  for (;;) {
    tick_ipc_msg_t msg;
    tick_waitany_result_t ev;
    if (rc >= 0) rc = tick_ipc_recv_or_event(req, sizeof req, events, 1, 0, &msg, &ev);
    if (rc < 0) break;
    if (rc == 1) {
      printf("ipc_server: notified, bits 0x%lx\n", (unsigned long)tick_ipc_take_bits());
      continue;
    }
    uint32_t code = 0;
    size_t n = handle(&msg, req, resp, sizeof resp, &code, NULL);
    rc = tick_ipc_reply(msg.token, resp, n, code);
  }
  printf("ipc_server: serve failed (error %d)\n", rc);
  return 1;
}
