/* kv_service: the key-value service org.tick.kv: "set k" reads the value from the caller's read-only lease, "get k" writes it into the caller's write-only lease. */
#include <stdio.h>
#include <string.h>
#include <tick.h>
#include "../kv.h"

#define KEYS 8
#define KEY_LEN 16

static struct {
  char key[KEY_LEN];
  uint8_t len;
  uint8_t used;
  char value[KV_MAX_VALUE];
} store[KEYS];

static int find(const char *key, size_t n) {
  for (int i = 0; i < KEYS; i++)
    if (store[i].used && strlen(store[i].key) == n && memcmp(store[i].key, key, n) == 0) return i;
  return -1;
}

/* One request: returns the reply length (always 0: the answer is the code and the lease). */
static size_t handle(const tick_ipc_msg_t *msg, const void *req, void *resp, size_t cap,
                     uint32_t *code, void *ud) {
  (void)resp, (void)cap, (void)ud;
  const char *r = req;
  size_t n = msg->len;
  if (n < 5 || n - 4 >= KEY_LEN || (memcmp(r, "set ", 4) != 0 && memcmp(r, "get ", 4) != 0)) {
    *code = KV_ERR_BAD;
    return 0;
  }
  const char *key = r + 4;
  size_t klen = n - 4;
  int i = find(key, klen);
  if (r[0] == 'g') {
    if (i < 0) {
      *code = KV_ERR_NO_KEY;
      return 0;
    }
    int w = tick_ipc_lease_write(msg->token, 0, 0, store[i].value, store[i].len);
    *code = w < 0 ? KV_ERR_BAD : store[i].len;
    return 0;
  }
  if (i < 0)
    for (i = 0; i < KEYS && store[i].used; i++) {}
  if (i == KEYS) {
    *code = KV_ERR_FULL;
    return 0;
  }
  int got = tick_ipc_lease_read(msg->token, 2, 0, store[i].value, KV_MAX_VALUE);
  if (got < 0) {
    *code = KV_ERR_BAD;
    return 0;
  }
  memcpy(store[i].key, key, klen);
  store[i].key[klen] = '\0';
  store[i].len = (uint8_t)got;
  store[i].used = 1;
  *code = (uint32_t)got;
  return 0;
}

static char req[32];

int main(void) {
  printf("kv_service: serving %s\n", KV_SERVICE);
  int rc = tick_ipc_serve(KV_SERVICE, req, sizeof req, NULL, 0, handle, NULL);
  printf("kv_service: serve failed (error %d)\n", rc);
  return 1;
}
