/* IPC isolation test (iso_ipc_transfer.scn): receives the home's buffer, writes into it, gives it back and touches it: that must fault; a next run loses the buffer when its home ends, and touches it: that must fault too. */
#include <stdio.h>
#include <string.h>
#include <tick.h>
#include "../iso_xfer.h"

static volatile uint32_t sink;

int main(void) {
  if (tick_ipc_register(ISO_XFER_PEER) < 0) return 1;
  tick_ipc_buffer_t b, b2;
  if (tick_ipc_buffer_wait(&b) < 0) return 1;
  char *buf = b.buf;
  printf("iso: peer reads '%s' at 0x%08lx\n", buf, (unsigned long)(uintptr_t)buf);
  if (tick_ipc_buffer_wait_timeout(300, &b2) == 0 && b2.returned && b2.buf == buf) {
    printf("iso: peer lost 0x%08lx: its home ended\n", (unsigned long)(uintptr_t)buf);
  } else {
    strcpy(buf, "pong");
    printf("iso: peer touches the buffer it gave back at 0x%08lx\n", (unsigned long)(uintptr_t)buf);
    fflush(stdout);
    if (tick_ipc_buffer_give(b.from, buf) < 0) {
      printf("iso: peer FAIL give back\n");
      return 1;
    }
  }
  sink = *(volatile uint32_t *)buf;
  printf("iso: NOT FAULTED\n");
  return 1;
}
