/* What the rest of the kernel calls of IPC endpoints: the two IPC yields and the end of a process (kernel/ipc/endpoint.c). */
#ifndef TICK_INTERNAL_IPC_H
#define TICK_INTERNAL_IPC_H

#include <stdint.h>
#include "process.h"

/* Yield-IPC-Call and Yield-IPC-Recv made by p (arguments in its registers, docs/ipc.md).
 * Return a TRAP_* code: TRAP_SWITCH when the CPU goes straight to the peer
 * (trap_switch_target). */
uint32_t ipc_yield_call(struct process *p);
uint32_t ipc_yield_recv(struct process *p);

/* p ends or restarts: its endpoints are unregistered (handles to them go stale) and every
 * call pending on them fails at once with TICK_ERR_IPC_PEER_DIED. Its own calls and
 * handles live in its grant and go with it. */
void ipc_process_ended(struct process *p);

#endif
