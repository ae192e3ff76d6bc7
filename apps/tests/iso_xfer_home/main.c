/* IPC isolation test (iso_ipc_transfer.scn): gives a buffer of its RAM to the peer and tells the third process where it is; gets it back; gives it again and touches it: that must fault. */
#include <stdio.h>
#include <string.h>
#include <tick.h>
#include "../iso_xfer.h"

static uint8_t pool[2 * ISO_XFER_LEN];
static volatile uint32_t sink;

int main(void) {
  char *buf = iso_xfer_buffer(pool);
  /* A restarted run (after the fault below) waits until its old peer has seen the buffer go
   * with the old run, and faulted, before it gives anything again. */
  tick_sleep_ms(500);
  tick_ipc_handle_t peer, third;
  if (tick_ipc_find_timeout(ISO_XFER_PEER, 3000, &peer) < 0 ||
      tick_ipc_find_timeout(ISO_XFER_THIRD, 3000, &third) < 0) {
    printf("iso: home misses a peer\n");
    return 1;
  }
  strcpy(buf, "ping");
  int rc = tick_ipc_buffer_declare(buf, ISO_XFER_LEN);
  if (rc == 0) rc = tick_ipc_buffer_give(peer, buf);
  if (rc < 0) {
    printf("iso: home FAIL give %d\n", rc);
    return 1;
  }
  printf("iso: home gave 0x%08lx to the peer\n", (unsigned long)(uintptr_t)buf);
  tick_ipc_notify_bits(third, (uint32_t)(uintptr_t)buf);   /* the third learns the address */
  tick_ipc_buffer_t b;
  if (tick_ipc_buffer_wait_timeout(5000, &b) < 0 || b.buf != buf) {
    printf("iso: home FAIL never got it back\n");
    return 1;
  }
  tick_sleep_ms(300);   /* the peer's fault report first */
  printf("iso: home has 0x%08lx back: '%s'\n", (unsigned long)(uintptr_t)buf, buf);
  /* Again, to the peer's next run (its old handle went stale when it restarted). */
  if (tick_ipc_find_timeout(ISO_XFER_PEER, 3000, &peer) < 0 || tick_ipc_buffer_give(peer, buf) < 0) {
    printf("iso: home FAIL second give\n");
    return 1;
  }
  printf("iso: home touches the buffer it gave away at 0x%08lx\n", (unsigned long)(uintptr_t)buf);
  fflush(stdout);
  sink = *(volatile uint32_t *)buf;
  printf("iso: NOT FAULTED\n");
  return 1;
}
