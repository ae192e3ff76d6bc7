/* ipc_stress_client: calls stress.echo for ever with a fresh nonce and a write-only lease; checks that the reply and the lease hold exactly this call's nonce (a stale reply or a write from another call would not); finds the service again after it dies. */
#include <stdio.h>
#include <string.h>
#include <tick.h>

int main(void) {
  tick_ipc_handle_t h;
  bool have = false;
  uint32_t nonce = 0x9e3779b9u, lease, reply, code;
  tick_ipc_lease_t leases[TICK_IPC_LEASES] = {{&lease, sizeof lease, true}};
  for (;;) {
    if (!have) {
      int rc = tick_ipc_find_timeout("stress.echo", 5000, &h);
      if (rc < 0) {
        printf("ipc_stress_client: FAIL find %d\n", rc);
        continue;
      }
      have = true;
    }
    nonce = nonce * 1664525u + 1013904223u;
    lease = reply = 0;
    int rc = tick_ipc_call_leases(h, &nonce, sizeof nonce, &reply, sizeof reply, &code, leases, 0);
    if (rc == (int)sizeof reply) {
      if (reply != nonce || lease != nonce || code != 1)
        printf("ipc_stress_client: FAIL stale answer 0x%lx lease 0x%lx for 0x%lx\n",
               (unsigned long)reply, (unsigned long)lease, (unsigned long)nonce);
    } else if (rc == TICK_EPEERDIED || rc == TICK_ESTALE) {
      have = false;   /* the service died: find its next run */
    } else {
      printf("ipc_stress_client: FAIL call %d\n", rc);
    }
  }
}
