/* IPC isolation test (iso_ipc_bystander.scn): shares a buffer with the rot13 service and keeps it shared; tells the bystander its address through a second, short-lived share. */
#include <stdint.h>
#include <stdio.h>
#include <tick.h>
#include "../../ipc/rot13.h"

static char buf[64] __attribute__((aligned(64)));
/* The address of buf, lent to the bystander for a moment: 32 bytes, 32-aligned, so that the
 * Cortex-M MPU (32-byte granules) can map it too. */
static uint32_t where[8] __attribute__((aligned(32)));

/* Notifies `to` (as a service) and waits for its answer on subscribe number `to`; asks again
 * if it missed the first notification. */
static void ask(size_t to) {
  tick_upcall_args_t m;
  do
    tick_ipc_notify_service(to);
  while (tick_ipc_wait_timeout(to, 200, &m) != TICK_OK);
}

int main(void) {
  size_t svc, bystander;
  if (tick_ipc_discover(ROT13_SERVICE, &svc) < 0 ||
      tick_ipc_discover("iso_ipc_bystander", &bystander) < 0) {
    printf("iso: lender misses a peer\n");
    return 1;
  }
  struct rot13_buf *rb = (struct rot13_buf *)buf;
  rb->length = 6;
  for (int i = 0; i < 6; i++) rb->buf[i] = "secret"[i];
  tick_ipc_share(svc, buf, sizeof buf);
  ask(svc);   /* the service now holds buf in its protection */
  printf("iso: lender shares 0x%08lx with the service only\n", (unsigned long)(uintptr_t)buf);
  where[0] = (uint32_t)(uintptr_t)buf;
  tick_ipc_share(bystander, where, sizeof where);
  ask(bystander);
  tick_ipc_share(bystander, NULL, 0);   /* the bystander holds nothing of ours any more */
  tick_ipc_notify_service(bystander);
  for (;;) tick_yield();
}
