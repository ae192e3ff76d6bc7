/* IPC isolation test, client side: shares two buffers in turn with the server, then ends the share (ISO_IPC_UNSHARE: takes the buffer back; ISO_IPC_RESTART: restarts) and notifies it. */
#include <stdint.h>
#include <stdio.h>
#include <tick.h>

/* 32 bytes, 32-aligned: the smallest share the Cortex-M MPU maps (rv32: 4 bytes). */
static char first[32] __attribute__((aligned(32))) = "first";
static char second[32] __attribute__((aligned(32), unused)) = "second";

/* Notifies the server and waits for its answer; asks again if the server missed it (it had not
 * reached its wait yet, or restarted). */
static void ask(size_t svc) {
  tick_upcall_args_t m;
  do
    tick_ipc_notify_service(svc);
  while (tick_ipc_wait_timeout(svc, 200, &m) != TICK_OK);
}

int main(void) {
  size_t svc;
  if (tick_ipc_discover("iso_ipc_server", &svc) < 0) {
    printf("iso: client finds no server\n");
    return 1;
  }
  printf("iso: client runs, server is process %u\n", (unsigned)svc);
  ask(svc);   /* nothing shared yet */
  tick_ipc_share(svc, first, sizeof first);
  ask(svc);
#if defined(ISO_IPC_UNSHARE)
  printf("iso: client takes its buffer back\n");
  tick_ipc_share(svc, NULL, 0);
  ask(svc);
  for (;;) tick_yield();
#elif defined(ISO_IPC_RESTART)
  tick_ipc_share(svc, second, sizeof second);   /* replaces the first share */
  ask(svc);
  printf("iso: client restarts\n");
  fflush(stdout);
  tick_exit_restart(0);   /* its new run asks once more without sharing */
  return 1;
#else
#error "build with -DISO_IPC_UNSHARE or -DISO_IPC_RESTART"
#endif
}
