/* IPC isolation test (iso_ipc_transfer.scn): learns the address of a buffer the home gave to the peer, and touches it: that must fault. */
#include <stdio.h>
#include <tick.h>
#include "../iso_xfer.h"

static volatile uint32_t sink;

int main(void) {
  if (tick_ipc_register(ISO_XFER_THIRD) < 0) return 1;
  tick_upcall_args_t a;
  if (tick_wait_event(TICK_DRIVER_IPC, TICK_IPC_SUB_NOTIFIED, TICK_NO_DEADLINE, &a) < 0) return 1;
  uint32_t addr = tick_ipc_take_bits();
  printf("iso: third touches 0x%08lx, held by the peer\n", (unsigned long)addr);
  fflush(stdout);
  sink = *(volatile uint32_t *)(uintptr_t)addr;
  printf("iso: NOT FAULTED\n");
  return 1;
}
