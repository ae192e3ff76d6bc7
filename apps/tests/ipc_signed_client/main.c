/* ipc_signed_client: finds test.signed only if it is "signed with the board key, ShortId 0x51c0", and reports what happened (a look-alike is refused with TICK_EUNVERIFIED). */
#include <stdio.h>
#include <string.h>
#include <tick.h>

#define SERVICE "test.signed"
#define SHORT_ID 0x51c0u

int main(void) {
  tick_ipc_handle_t h;
  int rc = tick_ipc_find_signed(SERVICE, SHORT_ID, TICK_IPC_KEY_BOARD, 3000, &h);
  if (rc == TICK_EUNVERIFIED) {
    /* The name is registered, by an app that claims the ShortId but is not signed. */
    int any = tick_ipc_find_verified(SERVICE, SHORT_ID, 0, &h);
    int other = tick_ipc_find_signed(SERVICE, SHORT_ID + 1, 0, 0, &h);
    printf("ipc_signed_client: refused: not signed with the board key (%d); "
           "without the key it would be found (%d), another ShortId is denied (%d)\n",
           rc, any, other);
  } else if (rc == TICK_OK) {
    char reply[64];
    uint32_t code = 0;
    int n = tick_ipc_call(h, "who", 3, reply, sizeof reply - 1, &code);
    reply[n > 0 ? (n < (int)sizeof reply ? n : (int)sizeof reply - 1) : 0] = '\0';
    tick_ipc_handle_t h2;
    int other = tick_ipc_find_signed(SERVICE, SHORT_ID + 1, TICK_IPC_KEY_BOARD, 0, &h2);
    printf("ipc_signed_client: found the signed service; it says: %s (code %lu); "
           "another ShortId is denied (%d)\n", n >= 0 ? reply : "?", (unsigned long)code, other);
  } else {
    printf("ipc_signed_client: FAIL find: %d\n", rc);
  }
  printf("ipc_signed_client: done\n");
  return 0;
}
