/* pipe_driver: fills 1,500-byte packets in a ring of its own buffers and hands each to the stack by ownership transfer; they come back from the app. Nothing is copied. */
#include <stdio.h>
#include <stdlib.h>
#include <tick.h>
#include "../pipe.h"

/* The slots come from the heap, aligned by hand: tick-pack sizes RAM from the sections'
 * sizes, so a large alignment in .bss would not be counted (APP_HEAP_SIZE has room for it). */
static uint8_t *alloc_slots(void) {
  uint8_t *raw = malloc(PIPE_SLOTS * PIPE_SLOT_SIZE + PIPE_SLOT_SIZE);
  if (!raw) return NULL;
  return (uint8_t *)(((uintptr_t)raw + PIPE_SLOT_SIZE - 1) & ~(uintptr_t)(PIPE_SLOT_SIZE - 1));
}

int main(void) {
  tick_ipc_handle_t stack;
  tick_ipc_ring_t ring;
  int rc = tick_ipc_find_timeout(PIPE_STACK, 3000, &stack);
  if (rc < 0) {
    printf("pipe_driver: FAIL no %s (%d)\n", PIPE_STACK, rc);
    return 1;
  }
  uint8_t *slots = alloc_slots();
  rc = slots ? tick_ipc_ring_init(&ring, slots, PIPE_SLOT_SIZE, PIPE_SLOTS) : TICK_ENOMEM;
  if (rc < 0) {
    printf("pipe_driver: FAIL ring %d\n", rc);
    return 1;
  }
  printf("pipe_driver: %u slots of %u bytes at 0x%x\n", PIPE_SLOTS, PIPE_SLOT_SIZE,
         (unsigned)(uintptr_t)slots);
  unsigned failures = 0;
  uint32_t t0 = pipe_instret();
  for (uint32_t seq = 0; seq < PIPE_PACKETS; seq++) {
    struct pipe_packet *p = tick_ipc_ring_take(&ring, 2000);
    if (!p) {
      printf("pipe_driver: FAIL no slot came back (packet %u)\n", (unsigned)seq);
      return 1;
    }
    p->seq = seq;
    p->hops = 1;
    p->len = PIPE_PACKET_LEN;
    p->origin = (uint32_t)(uintptr_t)p;
    for (uint32_t i = 0; i < sizeof p->payload / 4; i++) p->payload[i] = pipe_word(seq, i);
    if ((rc = tick_ipc_ring_give(&ring, p, stack)) < 0) {
      printf("pipe_driver: FAIL give %d\n", rc);
      failures++;
      tick_ipc_ring_put_back(&ring, p);
    }
  }
  /* Every slot home again. */
  void *back[PIPE_SLOTS];
  for (unsigned i = 0; i < PIPE_SLOTS; i++)
    if (!(back[i] = tick_ipc_ring_take(&ring, 2000))) failures++;
  uint32_t t1 = pipe_instret();
  /* For make bench (docs/benchmarks.md): packets and the instructions they took in all. */
  printf("BENCH ipc_pipeline %u %u\n", PIPE_PACKETS, (unsigned)(t1 - t0));
  printf("pipe_driver: %u packets of %u bytes through the pipeline, %u failures\n", PIPE_PACKETS,
         PIPE_PACKET_LEN, failures);
  return failures != 0;
}
