/* rot13_service: the rot13 service over Tock's IPC (package org.tockos.examples.rot13): rot13s the buffer a client shares, then notifies it back. */
#include <stdio.h>
#include <tick.h>
#include "../rot13.h"

/* A client's notification: (its slot, shared length, shared address). */
static void on_request(uint32_t client, uint32_t len, uint32_t addr, void *ud) {
  (void)ud;
  struct rot13_buf *rb = (struct rot13_buf *)(uintptr_t)addr;
  if (len > 1) {   /* a buffer with room for at least one character */
    int n = rb->length;
    if (n > (int)len - 1) n = (int)len - 1;
    for (int i = 0; i < n; i++) rb->buf[i] = rot13_char(rb->buf[i]);
  }
  tick_ipc_notify_client(client);   /* also without a buffer: the client never waits in vain */
}

int main(void) {
  int rc = tick_ipc_register_service_callback(ROT13_SERVICE, on_request, NULL);
  if (rc < 0) {
    printf("rot13_service: cannot register (error %d)\n", rc);
    return 1;
  }
  printf("rot13_service: ready\n");
  for (;;) tick_yield();
}
