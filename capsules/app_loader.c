/* App loader capsule: commands and upcalls of Tock's driver 0x10001 mapped onto the kernel's app store session. */
#include <tick/container_of.h>
#include <tick/grant.h>
#include <tick/upcall.h>
#include <capsules/app_loader.h>

/* The next piece of the write, from the owner's allowed buffer, looked up again each time
 * (the process may have changed or dropped it meanwhile). Returns what store_write returned,
 * or -ERR_RESERVE when the buffer no longer covers it. */
static int write_next(struct app_loader *al, struct process *p)
{
	uint8_t *buf;
	uint32_t len;
	grant_buffer(p, &al->driver, ALLOW_RO, 0, &buf, &len);
	uint32_t n = al->left < STORE_CHUNK ? al->left : STORE_CHUNK;
	if (al->written + n > len)
		return -ERR_RESERVE;
	return store_write(al->at + al->written, buf + al->written, n);
}

static void done(struct store_client *c, enum store_op op, int status)
{
	struct app_loader *al = container_of(c, struct app_loader, client);
	struct process *p = process_lookup(al->owner);
	if (op == STORE_WRITE) {
		uint32_t n = al->left < STORE_CHUNK ? al->left : STORE_CHUNK;
		if (!status) {
			al->written += n;
			al->left -= n;
		}
		if (!status && al->left && p && (status = write_next(al, p)) == 0)
			return;   /* the next piece is on its way */
	}
	al->pending = 0;
	if (al->quiet) {   /* the abort of a session whose process is gone */
		al->quiet = 0;
		return;
	}
	/* The driver is let go when nothing of the session is left: after a load, an abort, an
	 * uninstall, or a setup or finalize that failed (the store ended the session). */
	if (op >= STORE_LOAD || (status && op != STORE_WRITE)) {
		al->owner = PROCESS_ID_NONE;
		al->length = 0;
	}
	if (p)
		upcall_schedule(p, &al->driver, op, (uint32_t)-status,
				op == STORE_WRITE ? al->written : op == STORE_REMOVE ? al->at : 0, 0);
}

static struct sysret command(void *self, struct process *p, uint32_t cmd, uint32_t arg0, uint32_t arg1)
{
	struct app_loader *al = self;
	process_id_t id = process_id(p);
	if (al->owner != id) {
		if (process_lookup(al->owner))   /* held by another live process */
			return cmd == 0 ? sysret_success() : sysret_failure(ERR_BUSY);
		if (cmd == 0)
			return sysret_success();
		if (cmd > 6)
			return sysret_failure(ERR_NOSUPPORT);
		/* Free, or its holder is gone: first undo a session it left open (quietly); only
		 * its own (length set), never another installer's (the management channel's). */
		if (al->pending)
			return sysret_failure(ERR_BUSY);
		int r = al->length ? store_abort() : -ERR_INVAL;
		if (r != -ERR_INVAL && r != -ERR_NODEVICE) {
			al->quiet = al->pending = r == 0;
			al->owner = PROCESS_ID_NONE;
			return sysret_failure(ERR_BUSY);
		}
		al->length = 0;
	}
	if (cmd == 0) {
		if (!al->pending)
			al->owner = PROCESS_ID_NONE;
		return sysret_success();
	}
	if (cmd > 6)
		return sysret_failure(ERR_NOSUPPORT);
	if (al->pending)
		return sysret_failure(ERR_BUSY);
	int r;
	if (cmd == 1) {
		r = store_setup(&al->client, arg0);
		if (!r)
			al->length = arg0;
	} else if (cmd == 2) {
		uint8_t *buf;
		uint32_t len;
		if (arg0 > al->length || arg1 > al->length - arg0 || !arg1)
			return sysret_failure(ERR_INVAL);
		if (!grant_buffer(p, &al->driver, ALLOW_RO, 0, &buf, &len) || !len)
			return sysret_failure(ERR_RESERVE);
		al->at = arg0;
		al->left = arg1 < len ? arg1 : len;
		al->written = 0;
		r = write_next(al, p);
	} else if (cmd == 3) {
		r = store_finalize();
	} else if (cmd == 4) {
		r = store_load();
	} else if (cmd == 5) {
		r = store_abort();
	} else {
		int k = arg0 ? store_find(0, 0, arg0) : -1;
		al->at = (uint32_t)k;
		r = k < 0 ? -ERR_INVAL : store_remove(&al->client, (unsigned)k);
	}
	if (r)
		return sysret_failure((enum errorcode)-r);
	al->owner = id;
	al->pending = 1;
	return sysret_success();
}

void app_loader_init(struct app_loader *al, uint8_t grant_slot)
{
	*al = (struct app_loader){
		.driver = { .number = APP_LOADER_DRIVER_NUM, .num_upcalls = 6, .num_allow_ro = 1,
			    .grant_slot = grant_slot, .command = command, .self = al },
		.client.done = done,
		.owner = PROCESS_ID_NONE,
	};
}
