/* ipc_client: calls test.upper and checks every answer and error: waiting for the service, replies, timeouts, a service that dies mid-call, stale handles, squatting. */
#include <stdio.h>
#include <string.h>
#include <tick.h>

#define SERVICE "test.upper"
#define ROUNDS 1000

static unsigned failures;

static void check(bool ok, const char *what, int got) {
  if (!ok) {
    failures++;
    printf("ipc_client: FAIL %s (got %d)\n", what, got);
  }
}

/* One call of text; returns the reply length or the error. */
static int ask(tick_ipc_handle_t h, const char *text, char *out, size_t cap, uint32_t *code) {
  return tick_ipc_call(h, text, strlen(text), out, cap, code);
}

int main(void) {
  tick_ipc_handle_t h;
  char out[64];
  uint32_t code;
  /* The service starts after us: wait for it to register. */
  int rc = tick_ipc_find_timeout(SERVICE, 2000, &h);
  check(rc == TICK_OK, "find the service within 2 s", rc);
  if (rc < 0) return 1;
  printf("ipc_client: found %s\n", SERVICE);
  check(tick_ipc_register(SERVICE) == TICK_ERESERVE, "no squatting: our TBF does not declare it", 0);
  tick_ipc_handle_t other;
  rc = tick_ipc_find_verified(SERVICE, 0x1234, 100, &other);
  check(rc == TICK_EDENIED, "a service of another app than the one asked for", rc);
  rc = tick_ipc_find("org.tick.nobody", &h);
  check(rc == TICK_ENODEVICE, "an unknown service", rc);
  rc = tick_ipc_find_timeout("org.tick.nobody", 50, &h);
  check(rc == TICK_ETIMEOUT, "waiting for an unknown service times out", rc);
  tick_ipc_find(SERVICE, &h);

  for (unsigned i = 0; i < ROUNDS; i++) {
    rc = ask(h, "hello, ipc", out, sizeof out, &code);
    if (rc != 10 || code != 10 || memcmp(out, "HELLO, IPC", 10) != 0) {
      check(false, "a round trip", rc);
      break;
    }
  }
  printf("ipc_client: %u round trips checked\n", ROUNDS);
  /* Two notifications before the server runs: one wake-up, the bits ORed. */
  check(tick_ipc_notify_bits(h, 0x1) == TICK_OK && tick_ipc_notify_bits(h, 0x4) == TICK_OK,
        "notify the service", 0);
  /* A reply longer than our buffer is clipped; the full length is reported. */
  memset(out, 0, sizeof out);
  rc = tick_ipc_call(h, "abcdef", 6, out, 3, &code);
  check(rc == 6 && memcmp(out, "ABC\0", 4) == 0, "a clipped reply", rc);
  /* A deadline that passes: the call is withdrawn; a later call gets its own answer. */
  rc = tick_ipc_call_timeout(h, "sleep", 5, out, sizeof out, &code, 50);
  check(rc == TICK_ETIMEOUT, "a call that times out", rc);
  rc = ask(h, "after", out, sizeof out, &code);
  check(rc == 5 && memcmp(out, "AFTER", 5) == 0, "the call after a timeout", rc);
  /* The service dies during the call: the call fails at once, the handle goes stale. */
  rc = ask(h, "crash", out, sizeof out, &code);
  check(rc == TICK_EPEERDIED, "the service dies mid-call", rc);
  rc = ask(h, "again", out, sizeof out, &code);
  check(rc == TICK_ESTALE, "a stale handle", rc);
  rc = tick_ipc_find_timeout(SERVICE, 2000, &h);
  check(rc == TICK_OK, "find the restarted service", rc);
  rc = ask(h, "back", out, sizeof out, &code);
  check(rc == 4 && memcmp(out, "BACK", 4) == 0, "a call to the restarted service", rc);
  printf("ipc_client: done, %u failures\n", failures);
  return (int)failures;
}
