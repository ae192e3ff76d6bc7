/* IPC isolation test (iso_ipc_bystander.scn): learns the address of a buffer the lender shares with the rot13 service only, then touches it right after the service ran: that must fault. */
#include <stdint.h>
#include <stdio.h>
#include <tick.h>
#include "../../ipc/rot13.h"

static volatile uint32_t sink;

int main(void) {
  size_t self, svc;
  if (tick_ipc_discover("iso_ipc_bystander", &self) < 0 || tick_ipc_discover(ROT13_SERVICE, &svc) < 0) {
    printf("iso: bystander misses a peer\n");
    return 1;
  }
  tick_upcall_args_t m;
  tick_ipc_wait(self, &m);   /* the lender lends us the address */
  uint32_t lender = m.arg0, addr = m.arg1 >= 4 ? *(const uint32_t *)(uintptr_t)m.arg2 : 0;
  tick_ipc_notify_client(lender);
  tick_ipc_wait(self, &m);   /* ... and took it back */
  printf("iso: bystander touches 0x%08lx right after the service ran\n", (unsigned long)addr);
  fflush(stdout);
  /* The service holds the lender's buffer in its protection. Make it run and answer; the
   * kernel switches from it straight to us, and we touch the buffer before anything else. */
  tick_ipc_notify_service(svc);
  tick_ipc_wait(svc, &m);
  sink = *(volatile uint32_t *)(uintptr_t)addr;
  printf("iso: NOT FAULTED\n");
  return 1;
}
