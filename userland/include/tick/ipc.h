/* Layer 1: Tock's IPC driver (0x10000) with libtock-c's ipc API shape (tick_ prefix), plus waits with timeouts. */
#ifndef TICK_IPC_H
#define TICK_IPC_H

#include <stddef.h>
#include <stdint.h>
#include <tick/abi.h>
#include <tick/errors.h>
#include <tick/syscall.h>

/*
 * Processes are named by their slot index (`pid`, `svc_id`), as in Tock. A service registers
 * the callback for its own slot; a client registers one per service. A notification calls
 * the target's callback with (sender pid, shared length, shared address) and the callback's
 * `ud`: the length and address are those of the buffer the sender shares with the target
 * (tick_ipc_share), 0 and 0 when it shares none. docs/ipc.md has the kernel's side.
 *
 * Sharing is tracked by the kernel: the target may use the buffer until the sender shares
 * again (any tick_ipc_share to that pid), restarts or exits; after that a touch faults.
 * Only whole 4-byte words of the buffer are shared (the callback gets the word-aligned part),
 * so align buffers to 4 (libtock-c asks for power-of-two sizes aligned to their size, which
 * is also fine).
 */

/* Upcalls of more peers than this cannot be registered through this library. */
#define TICK_IPC_MAX_PEERS 8

/* The slot of the process whose TBF package name is exactly `pkg_name` (no terminator
 * compared). Returns TICK_OK, TICK_ENODEVICE when there is none, or another negative error. */
int tick_ipc_discover(const char *pkg_name, size_t *svc_id);

/* Registers `callback(client, len, addr, ud)` for notifications to this process as the service
 * named `pkg_name` (its own package name: the kernel is asked for its slot). */
int tick_ipc_register_service_callback(const char *pkg_name, tick_upcall_fn *callback, void *ud);

/* Registers `callback(svc_id, len, addr, ud)` for notifications from service `svc_id`. */
int tick_ipc_register_client_callback(size_t svc_id, tick_upcall_fn *callback, void *ud);

/* Notifies the service in slot `pid` / the client in slot `pid`. TICK_EINVAL: no such live
 * process; TICK_ENOMEM: its upcall queue is full. Never blocks. */
int tick_ipc_notify_service(size_t pid);
int tick_ipc_notify_client(size_t pid);

/* Shares `base[0..len)` with process `pid` from its next notification on (NULL, 0: stop
 * sharing). Any call revokes what was shared with `pid` before. */
int tick_ipc_share(size_t pid, void *base, size_t len);

/* Blocking form (Tick): waits for the next notification on subscribe number `sub` (a
 * client: the service's slot; a service: its own slot), without running upcalls; `*out` gets
 * (sender, len, addr). The _timeout form returns TICK_ETIMEOUT after `timeout_ms`. Both
 * return TICK_EINUPCALL inside an upcall. */
int tick_ipc_wait(size_t sub, tick_upcall_args_t *out);
int tick_ipc_wait_timeout(size_t sub, uint32_t timeout_ms, tick_upcall_args_t *out);

#endif /* TICK_IPC_H */
