/* Tock's IPC driver (0x10000) for existing libtock-c apps: discovery by package name, notifications, buffer shares (kernel/ipc/legacy.c). */
#ifndef TICK_IPC_LEGACY_H
#define TICK_IPC_LEGACY_H

#include <stdint.h>
#include <tick/abi.h>
#include <tick/config.h>
#include <tick/driver.h>

#define IPC_LEGACY_DRIVER_NUM TICK_DRIVER_IPC_LEGACY

/*
 * Processes are named by their slot index, as in Tock. Per process the grant holds one
 * upcall slot and one read-write allow slot per possible process (CONFIG_MAX_PROCS) and one
 * read-only allow slot (the name to discover). Commands:
 *   0 exists; 1 discover (RO allow 0 = package name) -> u32 slot; 2 notify service (arg0 =
 *   its slot); 3 notify client (arg0 = its slot).
 * A notification becomes an upcall on the target with (sender slot, shared length, shared
 * address): subscribe number = the target's own slot for a service, = the sender's slot for
 * a client. If the sender has RW allow slot <target> set, its whole words are shared into
 * the target's protection as a tracked exposure (kernel/internal/exposure.h), revoked when
 * the sender allows that slot again, restarts or ends. docs/ipc.md has the details.
 */
struct ipc_legacy {
	struct driver driver;
};

/* Sets up the driver; grant_slot must be unique on the board. */
void ipc_legacy_init(struct ipc_legacy *ipc, uint8_t grant_slot);

#endif
