/* kv_client: stores values in org.tick.kv and reads them back, lending its buffers to the service for each call (leases), and checks every answer. */
#include <stdio.h>
#include <string.h>
#include <tick.h>
#include "../kv.h"

static unsigned checks, failures;

static void check(bool ok, const char *what) {
  checks++;
  if (!ok) {
    failures++;
    printf("kv_client: FAIL %s\n", what);
  }
}

/* set: the value goes as read-only lease 2. Returns the service's code. */
static uint32_t set(tick_ipc_handle_t h, const char *key, const char *value) {
  char req[24];
  snprintf(req, sizeof req, "set %s", key);
  tick_ipc_lease_t leases[TICK_IPC_LEASES] = {0};
  leases[2] = (tick_ipc_lease_t){(void *)value, strlen(value), false};
  uint32_t code = 0;
  int rc = tick_ipc_call_leases(h, req, strlen(req), NULL, 0, &code, leases, 1000);
  return rc < 0 ? 0xDEAD : code;
}

/* get: the service writes the value into `out`, lent write-only as lease 0. */
static uint32_t get(tick_ipc_handle_t h, const char *key, char *out, size_t cap) {
  char req[24];
  snprintf(req, sizeof req, "get %s", key);
  tick_ipc_lease_t leases[TICK_IPC_LEASES] = {0};
  leases[0] = (tick_ipc_lease_t){out, cap, true};
  uint32_t code = 0;
  int rc = tick_ipc_call_leases(h, req, strlen(req), NULL, 0, &code, leases, 1000);
  return rc < 0 ? 0xDEAD : code;
}

int main(void) {
  tick_ipc_handle_t h;
  if (tick_ipc_find_timeout(KV_SERVICE, 2000, &h) < 0) {
    printf("kv_client: no %s\n", KV_SERVICE);
    return 1;
  }
  static const char *const keys[] = {"alpha", "beta", "gamma"};
  static const char *const values[] = {"first value", "the second, a little longer", "3"};
  for (int i = 0; i < 3; i++)
    check(set(h, keys[i], values[i]) == strlen(values[i]), "set");
  char out[KV_MAX_VALUE];
  for (int round = 0; round < 100; round++)
    for (int i = 0; i < 3; i++) {
      memset(out, 0, sizeof out);
      uint32_t n = get(h, keys[i], out, sizeof out);
      check(n == strlen(values[i]) && memcmp(out, values[i], n) == 0, "get");
    }
  check(get(h, "delta", out, sizeof out) == KV_ERR_NO_KEY, "an unknown key");
  /* A lease shorter than the value: the service can write only what fits. */
  memset(out, 0, sizeof out);
  get(h, "beta", out, 4);
  check(memcmp(out, "the ", 4) == 0 && out[4] == 0, "a short lease is never overrun");
  printf("kv_client: %u checks, %u failures\n", checks, failures);
  return (int)failures;
}
