/* ipc_stress_server: serves stress.echo, holding each call (taken, unanswered) until notified; then writes the request into the client's lease and replies with it. A reply to a call whose client died must find its lease gone. Tells ipc_killer (Tock's IPC notify) whenever it holds a call. */
#include <stdio.h>
#include <string.h>
#include <tick.h>

static const tick_upcall_id_t events[1] = {{TICK_DRIVER_IPC, TICK_IPC_SUB_NOTIFIED}};

int main(void) {
  uint32_t req = 0, held_req = 0, held = 0;   /* held: the token of the call it holds, 0: none */
  /* The killer's slot, for Tock's IPC: a notification to it says "a call is in flight". */
  tick_allow_ro(TICK_DRIVER_IPC_LEGACY, 0, "ipc_killer", 10);
  uint32_t killer = tick_command(TICK_DRIVER_IPC_LEGACY, 1, 0, 0).r1;
  if (tick_ipc_register("stress.echo") < 0) return 1;
  for (;;) {
    tick_ipc_msg_t msg;
    tick_waitany_result_t ev;
    int rc = tick_ipc_recv_or_event(&req, sizeof req, events, 1, 0, &msg, &ev);
    if (rc < 0) {
      printf("ipc_stress_server: FAIL recv %d\n", rc);
      return 1;
    }
    if (rc == 1) tick_ipc_take_bits();
    if (held && rc == TICK_OK) {
      /* A new call while it holds one: the client of the held call died (one call per
       * client), so its lease must be gone and the reply is dropped. */
      int w = tick_ipc_lease_write(held, 0, 0, &held_req, sizeof held_req);
      if (w != TICK_ECANCEL) printf("ipc_stress_server: FAIL lease of a dead caller: %d\n", w);
      tick_ipc_reply(held, &held_req, sizeof held_req, 0);
      held = 0;
    }
    if (held && rc == 1) {   /* poked: answer the call it holds */
      int w = tick_ipc_lease_write(held, 0, 0, &held_req, sizeof held_req);
      if (w != (int)sizeof held_req) printf("ipc_stress_server: FAIL lease write %d\n", w);
      tick_ipc_reply(held, &held_req, sizeof held_req, 1);
      held = 0;
    }
    if (rc == TICK_OK) {
      held = msg.token;
      held_req = req;
      tick_command(TICK_DRIVER_IPC_LEGACY, 2, killer, 0);
    }
  }
}
