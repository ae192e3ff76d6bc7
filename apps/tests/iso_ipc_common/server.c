/* IPC isolation test, server side: keeps the address of the last buffer a client shared and touches it when the share has ended (ISO_IPC_KILL: after faulting the client itself through process info); that touch must fault. */
#include <stdint.h>
#include <stdio.h>
#include <tick.h>

static volatile uint32_t sink;

static void touch(uint32_t addr) {
  printf("iso: server touches the old buffer at 0x%08lx\n", (unsigned long)addr);
  fflush(stdout);
  sink = *(volatile uint32_t *)(uintptr_t)addr;
  printf("iso: NOT FAULTED\n");
}

#ifdef ISO_IPC_KILL
/* Makes the process in slot `slot` fault (process info 0x10002, command 6 action 3) and touches
 * its buffer right after that system call returns: the kernel restarted it and ended its
 * shares inside the call, and this process resumed on the fast path, without a switch. */
static void fault_process_and_touch(uint32_t slot, uint32_t addr) {
  static uint32_t ids[8];
  tick_allow_rw(TICK_DRIVER_PROCESS_INFO, 0, ids, sizeof ids);
  uint32_t n = tick_command(TICK_DRIVER_PROCESS_INFO, 2, 0, 0).r1;
  tick_allow_rw(TICK_DRIVER_PROCESS_INFO, 0, NULL, 0);
  for (uint32_t i = 0; i < n && i < 8; i++)
    if ((ids[i] & 0xffu) == slot) {
      printf("iso: server faults the client, then touches the old buffer at 0x%08lx\n",
             (unsigned long)addr);
      fflush(stdout);
      tick_command(TICK_DRIVER_PROCESS_INFO, 6, ids[i], 3);
      sink = *(volatile uint32_t *)(uintptr_t)addr;
      printf("iso: NOT FAULTED\n");
    }
}
#endif

int main(void) {
  size_t self;
  if (tick_ipc_discover("iso_ipc_server", &self) < 0) {
    printf("iso: server cannot find itself\n");
    return 1;
  }
  printf("iso: server is process %u\n", (unsigned)self);
  uint32_t saved = 0;   /* the last buffer a client shared */
  for (;;) {
    /* Served without any upcall, so that output is written before the touch. */
    tick_upcall_args_t m;
    tick_ipc_wait(self, &m);
    uint32_t client = m.arg0, len = m.arg1, addr = m.arg2;
    if (len != 0) {
      printf("iso: server reads '%s' at 0x%08lx\n", (const char *)(uintptr_t)addr,
             (unsigned long)addr);
      saved = addr;
#ifdef ISO_IPC_KILL
      fault_process_and_touch(client, saved);
#endif
    } else if (saved) {
      touch(saved);   /* the client no longer shares it (it took it back, or restarted) */
    }
    tick_ipc_notify_client(client);
  }
}
