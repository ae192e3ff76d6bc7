/* pipe_stack: the middle of the pipeline: takes each packet the driver hands it, stamps it in place and hands it on to the app (ownership transfer, no copy). */
#include <stdio.h>
#include <tick.h>
#include "../pipe.h"

int main(void) {
  tick_ipc_handle_t app;
  if (tick_ipc_register(PIPE_STACK) < 0 || tick_ipc_find_timeout(PIPE_APP, 3000, &app) < 0) {
    printf("pipe_stack: FAIL no %s\n", PIPE_APP);
    return 1;
  }
  printf("pipe_stack: ready\n");
  for (unsigned n = 0; n < PIPE_PACKETS;) {
    tick_ipc_buffer_t b;
    if (tick_ipc_buffer_wait(&b) < 0) return 1;
    if (b.returned) continue;
    struct pipe_packet *p = b.buf;
    p->home = b.from;   /* where the app sends it back */
    p->hops |= 2;
    n++;
    int rc = tick_ipc_buffer_give(app, p);
    if (rc < 0) {
      printf("pipe_stack: FAIL give %d, packet back home\n", rc);
      tick_ipc_buffer_give(b.from, p);
    }
  }
  return 0;   /* the last packet is on its way */
}
