/* Benchmark app for Arm: the IPC round trip between two isolated processes (Yield-IPC-Call /
 * Yield-IPC-Recv, docs/ipc.md), built twice: ROLE 0 the server (bench_cm_ipc_server), ROLE 1 the
 * client (bench_cm_ipc_client). The protocol is rv32's (bench/apps/ipc): the server answers
 * every call with a reply as long as the request, in one Yield-IPC-Recv per call; a call of
 * QUIT_LEN bytes ends it. Without an instruction counter the client times batches of N calls
 * with the alarm counter, as bench_cm does: (ticks of N calls - ticks of the empty loop) * 40
 * / N is the mean round trip (client trap, direct switch to the server, its loop and trap, the
 * switch back). Prints "BENCH <key> <ticks> <empty ticks> <calls> <errors>". */
#include <stdint.h>
#include <stdio.h>
#include <tick/syscall.h>

#ifndef ROLE
#error "build with -DROLE=0 (server) or -DROLE=1 (client)"
#endif

#define N 2000u
#define QUIT_LEN 1u

enum { RO_NAME = 0, RO_SEND = 1, RW_RECV = 0, CMD_REGISTER = 1, CMD_FIND = 2, CMD_REPLY = 3,
       SUB_REGISTERED = 0 };

static const char name[] = "bench.ipc";
static uint8_t send_buf[64] __attribute__((aligned(4))), recv_buf[64] __attribute__((aligned(4)));

static inline uint32_t now(void) { return tick_command(TICK_DRIVER_ALARM, 2, 0, 0).r1; }

static void buffers(void) {
  tick_allow_ro(TICK_DRIVER_IPC, RO_SEND, send_buf, sizeof send_buf);
  tick_allow_rw(TICK_DRIVER_IPC, RW_RECV, recv_buf, sizeof recv_buf);
  tick_allow_ro(TICK_DRIVER_IPC, RO_NAME, name, sizeof name - 1);
}

#if ROLE == 0
int main(void) {
  buffers();
  if (tick_command(TICK_DRIVER_IPC, CMD_REGISTER, 0, 0).variant != TICK_SUCCESS_U32) {
    printf("BENCH ipc_server_error 1\n");
    return 1;
  }
  uint32_t token = 0, len = 0;
  for (;;) {
    tick_ipc_result_t r = tick_yield_ipc_recv(token, len, 0);
    if (r.status != TICK_IPC_OK) {
      printf("BENCH ipc_server_error 2\n");
      return 1;
    }
    token = r.v1;
    len = r.v2;
    if (len == QUIT_LEN)
      break;
  }
  tick_command(TICK_DRIVER_IPC, CMD_REPLY, token, QUIT_LEN);   /* the last answer; then end */
  return 0;
}
#else
/* Ticks of N calls of len bytes (len = ~0u: the same loop without the call), between two
 * counter reads; *errors counts calls that did not succeed. */
static __attribute__((noinline)) uint32_t batch(uint32_t handle, uint32_t len, uint32_t *errors) {
  uint32_t t0 = now();
  for (uint32_t i = 0; i < N; i++) {
    if (len == ~0u) {
      __asm__ volatile("" ::: "memory");
      continue;
    }
    if (tick_yield_ipc_call(handle, len, 0).status != TICK_IPC_OK)
      (*errors)++;
  }
  return now() - t0;
}

static void measure(const char *key, uint32_t handle, uint32_t len) {
  uint32_t errors = 0, full = 0, empty = 0;
  for (int b = 0; b < 3; b++) {
    full += batch(handle, len, &errors);
    empty += batch(handle, ~0u, &errors);
  }
  printf("BENCH %s %lu %lu %lu %lu\n", key, (unsigned long)full, (unsigned long)empty,
         (unsigned long)(3 * N), (unsigned long)errors);
}

int main(void) {
  buffers();
  tick_result_t r;
  while ((r = tick_command(TICK_DRIVER_IPC, CMD_FIND, 0, 0)).variant != TICK_SUCCESS_U32)
    tick_yield_wait_for(TICK_DRIVER_IPC, SUB_REGISTERED);   /* until the server registers */
  uint32_t handle = r.r1;
  for (unsigned i = 0; i < sizeof send_buf; i++)
    send_buf[i] = (uint8_t)i;
  measure("ipc_round_trip", handle, 0);
  measure("ipc_round_trip_64", handle, 64);
  tick_yield_ipc_call(handle, QUIT_LEN, 0);
  return 0;
}
#endif
