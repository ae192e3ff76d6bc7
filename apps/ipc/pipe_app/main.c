/* pipe_app: the end of the pipeline: checks every byte of each packet where the driver wrote it, then gives the buffer home. */
#include <stdio.h>
#include <tick.h>
#include "../pipe.h"

int main(void) {
  if (tick_ipc_register(PIPE_APP) < 0) {
    printf("pipe_app: FAIL register\n");
    return 1;
  }
  unsigned packets = 0, failures = 0, copied = 0;
  uint32_t next = 0;
  while (packets < PIPE_PACKETS) {
    tick_ipc_buffer_t b;
    if (tick_ipc_buffer_wait_timeout(5000, &b) < 0) {
      printf("pipe_app: FAIL no packet after %u\n", packets);
      return 1;
    }
    if (b.returned) continue;
    const struct pipe_packet *p = b.buf;
    bool ok = b.len >= PIPE_PACKET_LEN && p->seq == next && p->hops == 3 && p->len == PIPE_PACKET_LEN;
    for (uint32_t i = 0; ok && i < sizeof p->payload / 4; i++) ok = p->payload[i] == pipe_word(p->seq, i);
    if (!ok) {
      failures++;
      printf("pipe_app: FAIL packet %u\n", (unsigned)p->seq);
    }
    if (p->origin != (uint32_t)(uintptr_t)b.buf) copied += PIPE_PACKET_LEN;   /* moved by someone */
    next = p->seq + 1;
    if (++packets == PIPE_PACKETS) {   /* before the last give: the driver ends after that */
      printf("pipe_app: %u packets checked, %u failures, %u bytes copied\n", packets, failures, copied);
      printf("BENCH ipc_pipeline_copied %u %u\n", copied, packets);
    }
    int rc = tick_ipc_buffer_give(p->home, b.buf);
    if (rc < 0) {
      failures++;
      printf("pipe_app: FAIL give home %d\n", rc);
    }
  }
  return failures != 0;
}
