/* The packet layout the three-process pipeline agrees on (pipe_driver -> pipe_stack -> pipe_app, buffers moved by ownership transfer, never copied). */
#ifndef PIPE_H
#define PIPE_H

#include <stdint.h>

#define PIPE_STACK "org.tick.pipe.stack"
#define PIPE_APP "org.tick.pipe.app"
#define PIPE_PACKETS 1000
#define PIPE_PACKET_LEN 1500
#define PIPE_SLOTS 2
/* A slot: a power of two aligned to its size, so that one MPU region covers it on Cortex-M. */
#define PIPE_SLOT_SIZE 2048

/* The first bytes of every packet; the payload follows, up to PIPE_PACKET_LEN in all. */
struct pipe_packet {
  uint32_t seq;        /* the driver's sequence number */
  uint32_t home;       /* the driver's process id, stamped in place by the stack */
  uint32_t hops;       /* each stage adds its bit: driver 1, stack 2 */
  uint32_t len;
  uint32_t origin;     /* where the driver wrote it: the app finds it there (nothing copied) */
  uint32_t payload[(PIPE_PACKET_LEN - 20) / 4];
};

/* The payload word at index i of packet seq (the app checks every one). */
static inline uint32_t pipe_word(uint32_t seq, uint32_t i) {
  return seq * 0x9E3779B9u ^ i;
}

/* Instructions retired so far (rv32; 0 where the core has no such counter for apps). */
static inline uint32_t pipe_instret(void) {
#ifdef __riscv
  uint32_t v;
  __asm__ volatile("csrr %0, instret" : "=r"(v));
  return v;
#else
  return 0;
#endif
}

#endif
