/* The app store: apps installed, updated and removed at run time in the store flash, kept across reboots and power cuts. */
#ifndef TICK_STORE_H
#define TICK_STORE_H

#include <stdbool.h>
#include <stdint.h>
#include <tick/hil/flash.h>
#include <tick/loader.h>

struct process;

/*
 * The store owns one flash bank (it is the bank's only client) and divides it into slots of
 * equal size, a multiple of the erase page. A slot holds one app: a STORE_RECORD_SIZE-byte
 * record (sequence number, size, the app it replaces, then state flags, each changed by one
 * program operation that only clears bits), then the app's TBF, which runs in place from
 * there. Every operation is atomic across a power cut: after a reboot the store holds the
 * apps it held before the operation or those it holds after it, nothing in between
 * (docs/loading.md has the format and the rules). Any free slot takes any app up to the
 * slot's capacity, so the flash never fragments.
 *
 * All operations are split phase: a call checks its arguments and returns 0, or an error
 * and nothing happens (-ERR_NODEVICE no store, -ERR_BUSY another operation or recovery
 * runs, -ERR_INVAL a call out of order or bad arguments, -ERR_SIZE too large, -ERR_NOMEM no
 * free slot, -ERR_FAIL the store stopped after a flash error it could not recover from);
 * the client's done() follows from the kernel loop, never inside the call. A refusal is
 * logged with its reason, which store_why() also returns.
 *
 * Installing goes through a session, as Tock's app loader driver does:
 *   store_setup(length)             reserve room for a TBF of at most length bytes
 *   store_write(offset, data, len)  any number; the first one starts at offset 0 and holds
 *                                   the whole TBF header, which chooses the slot
 *   store_finalize()                the checks of the boot loader (loader_check: header,
 *                                   kernel version, credentials, board policy) and the
 *                                   checks against the running apps (ShortId, process slot,
 *                                   RAM); then the app is committed (installed for good)
 *   store_load()                    start it
 *   store_abort()                   at any point before load: the store is as it was
 * The session ends with load's done, abort's done, or a finalize that fails (refused, or the
 * commit did not reach the flash). A failed write leaves it open: write again, or abort.
 * A relocatable app (Tick's relocation table, tick/reloc.h) goes to any free slot; the first
 * write also places its RAM (first fit beside the running apps) and every write patches the
 * table's entries for that place before it programs them: the flash holds the app relocated,
 * and its record the RAM it was relocated for, which it gets at every start. Its writes go in
 * order (each starts where the previous successful one ended; -ERR_INVAL otherwise), since an
 * entry cut by a write's end is completed by the next. Finalize and every boot check its
 * credentials on the canonical image recovered from the copy (loader_check_relocated).
 * An app whose PackageName is that of an installed app is an update: it goes to a slot of
 * its own, and load stops the old version and starts the new one on trial. If the new one
 * runs CONFIG_STORE_TRIAL_TICKS without a fault it is confirmed and the old one removed;
 * otherwise (a fault, or a reboot before the trial ends) the store rolls back to the old one.
 */

#define STORE_RECORD_SIZE 256u   /* a slot's record, before its TBF */
#define STORE_CHUNK 512u         /* bytes one store_write takes at most */

/* Numbered as the app loader driver's upcalls (capsules/app_loader.h). */
enum store_op { STORE_SETUP, STORE_WRITE, STORE_FINALIZE, STORE_LOAD, STORE_ABORT, STORE_REMOVE };

struct store_client {
	/* Operation op has ended: status 0, a flash error (tick/hil/flash.h), or for finalize
	 * -ERR_FAIL (a check refused the app, store_why() says which) or -ERR_NOMEM (no
	 * process slot or no room for its RAM). May start the next operation. */
	void (*done)(struct store_client *c, enum store_op op, int status);
};

/* What the store tells about an app it holds. */
enum store_app_state {
	STORE_INSTALLED,   /* installed (running if process is not NULL) */
	STORE_TRIAL,       /* a new version on trial */
	STORE_STANDBY,     /* the old version, kept until the one on trial is confirmed */
};
struct store_app {
	uint32_t tbf;              /* address of its TBF */
	uint32_t size;             /* TBF total size */
	uint32_t seq;              /* install sequence number: a later install has a higher one */
	uint32_t short_id;         /* 0: none */
	const uint8_t *name;       /* PackageName in flash, not NUL-terminated; NULL: none */
	uint32_t name_len;
	struct process *process;   /* the process running from it (any state), or NULL */
	uint8_t state;             /* enum store_app_state */
	uint32_t ram;              /* a relocatable app: the RAM its image was relocated for (it
				    * always runs there); 0xffffffff: a fixed-address app */
};

/*
 * Boot: takes flash as the store (slots of slot_size bytes, a multiple of its page size, at
 * most CONFIG_STORE_SLOTS of them), reads every slot's record, decides what an interrupted
 * operation leaves (it is finished or undone from the kernel loop before any other store
 * operation runs), and starts the installed apps, in slot order, through the loader's
 * stages: loader_check with checker (NULL: no board policy), then against the processes
 * already created (ShortId, a free process slot) with RAM from [ram_start, ram_end). Call
 * after kernel_load_processes. Returns the number of apps started, or -ERR_INVAL for a
 * geometry it cannot use (then every operation answers -ERR_NODEVICE).
 */
int store_init(const struct flash *flash, uint32_t slot_size, const struct app_checker *checker,
	       uint32_t ram_start, uint32_t ram_end);

/* Slots (0 without a store) and their size. */
unsigned store_slots(void);
uint32_t store_slot_size(void);

/* Fills *out and returns true if slot holds an app (installed, on trial or kept). */
bool store_app(unsigned slot, struct store_app *out);

/* The slot of the installed app with this PackageName (len bytes) or, when name is NULL,
 * this ShortId; -1 if none. */
int store_find(const uint8_t *name, uint32_t len, uint32_t short_id);

/* The session (see above). client gets every done of the session. length: 1 .. a slot's
 * capacity (slot size - STORE_RECORD_SIZE), else -ERR_SIZE; -ERR_NOMEM no free slot;
 * -ERR_BUSY a session or another operation runs. */
int store_setup(struct store_client *client, uint32_t length);
/* Copies data[0..len) (len <= STORE_CHUNK; [offset, offset + len) inside the length given
 * to setup) before it returns and programs it at offset of the TBF, then reads it back.
 * The first write of a session must start at 0 and hold the whole TBF header (-ERR_INVAL
 * otherwise, as for a header that does not parse, a TBF larger than the length set up, or a
 * fixed-address app whose address is not a free slot's). */
int store_write(uint32_t offset, const uint8_t *data, uint32_t len);
int store_finalize(void);
int store_load(void);
int store_abort(void);

/* Removes the installed app in slot: stops its process, revokes what it exposed (allows,
 * subscriptions, protection), frees its RAM and its process slot, then marks its record
 * removed (the atomic step) and erases its slot. -ERR_INVAL: no installed app there (one on
 * trial or kept for one cannot be removed until the trial ends). */
int store_remove(struct store_client *client, unsigned slot);

/* The reason for the latest refusal (logged when it happened); NULL if none yet. */
const char *store_why(void);

#endif
