/* ipc_signed_server: the service test.signed; answers each call with what the kernel says about the caller (name, ShortId, signing key). */
#include <stdio.h>
#include <string.h>
#include <tick.h>

static char req[32], resp[64];

static size_t handle(const tick_ipc_msg_t *msg, const void *in, void *out, size_t cap,
                     uint32_t *code, void *ud) {
  (void)in;
  (void)ud;
  char name[24];
  uint32_t short_id = 0;
  unsigned key = 0;
  int len = tick_ipc_identify_key(msg->client, name, sizeof name, &short_id, &key);
  int n = snprintf(out, cap, "caller '%s' ShortId 0x%lx key %u", len >= 0 ? name : "?",
                   (unsigned long)short_id, key);
  *code = (uint32_t)(len >= 0);
  return n < 0 ? 0 : ((size_t)n < cap ? (size_t)n : cap);
}

int main(void) {
  int rc = tick_ipc_serve("test.signed", req, sizeof req, resp, sizeof resp, handle, NULL);
  printf("ipc_signed_server: serve failed: %d\n", rc);
  return 1;
}
