/* App loader capsule (driver 0x10001): Tock's dynamic app loading system calls, so that an app can install, load and uninstall others through the kernel's app store. */
#ifndef CAPSULES_APP_LOADER_H
#define CAPSULES_APP_LOADER_H

#include <tick/abi.h>
#include <tick/driver.h>
#include <tick/process.h>
#include <tick/store.h>

#define APP_LOADER_DRIVER_NUM TICK_DRIVER_APP_LOADER

/*
 * The ABI (Tock's capsules/extra/src/app_loader.rs, libtock-c's libtock/kernel/app_loader):
 *   read-only allow 0   the chunk to write
 *   command 0           exists; from the process that holds the driver, also lets it go
 *   command 1 (length)  setup: room for an app of length bytes            -> upcall 0
 *   command 2 (offset, length)  write min(length, allowed bytes) of the chunk at offset
 *                       of the app                                         -> upcall 1
 *   command 3           finalize: the app's checks, then it is installed   -> upcall 2
 *   command 4           load: start it                                     -> upcall 3
 *   command 5           abort what setup began                             -> upcall 4
 *   command 6 (ShortId) uninstall the installed app with that ShortId      -> upcall 5
 * Upcalls carry (status, arg, 0): status 0 or a Tock error code; arg is the bytes written
 * for upcall 1 and the store slot the app was in for upcall 5. A command that returns
 * Success is followed by exactly one upcall. A process holds the driver from the first
 * command 1..6 that succeeds until its session is over (load, abort or uninstall done, or a
 * setup or finalize that failed), command 0 while nothing runs, or its end; others get BUSY
 * meanwhile (command 0 answers them Success). A session a holder left open is aborted when
 * the next process claims the driver (that command answers BUSY; try again). Errors: INVAL
 * out of order or out of bounds, RESERVE no buffer allowed, BUSY, SIZE, NOMEM (no room) and
 * FAIL (refused; the kernel log says why).
 */
struct app_loader {
	struct driver driver;
	struct store_client client;
	process_id_t owner;          /* PROCESS_ID_NONE: free */
	uint32_t length;             /* given to setup */
	uint32_t at, left, written;  /* the write being done in store chunks; uninstall: slot */
	uint8_t pending;             /* a store operation runs: its done will come */
	uint8_t quiet;               /* ... and is not reported (an abort for a process gone) */
};

/* Sets up the capsule over the kernel's store; grant_slot must be unique on the board. */
void app_loader_init(struct app_loader *al, uint8_t grant_slot);

#endif
