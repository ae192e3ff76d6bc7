/* IPC buffer transfer: a process's buffer moves, by ownership, in and out of other processes' protection (zero-copy; docs/ipc.md). */
#include <tick/arch.h>
#include <tick/mpu.h>
#include <tick/upcall.h>
#include "../internal/exposure.h"
#include "../internal/grant.h"
#include "../internal/transfer.h"
#include "../internal/upcall.h"
#include "endpoint.h"

/* One transferable buffer: [start, end) of the app RAM of the process whose row holds it
 * (its home), held now by process slot `holder` (the home itself when it is at home).
 * end == 0 marks a free entry. Fixed storage: no allocation, and a process that never
 * declares a buffer costs nothing but its empty row. */
struct xbuf {
	uint32_t start, end;
	uint8_t holder;
};
static struct xbuf xbufs[CONFIG_MAX_PROCS][TRANSFER_BUFFERS];

static bool overlap(uint32_t a0, uint32_t a1, uint32_t b0, uint32_t b1)
{
	return a0 < b1 && b0 < a1;
}

/* p's protection changed: the next switch encodes it again, and if p is running now (its
 * own system call changed it, on the fast path) it is loaded before p runs again. */
static void changed(struct process *p)
{
	arch_mpu_invalidate(p);
	if (p == current_process)
		arch_mpu_switch(p);
}

/* Counts p's transfer regions (its buffers that are away, the buffers of others it holds)
 * and sets its flags from the table (they only spare the fast paths a look at it). */
static unsigned recount(struct process *p)
{
	unsigned away = 0, held = 0;
	for (unsigned h = 0; h < process_slots; h++)
		for (unsigned k = 0; k < TRANSFER_BUFFERS; k++) {
			const struct xbuf *b = &xbufs[h][k];
			if (!b->end)
				continue;
			away += h == p->index && b->holder != h;
			held += h != p->index && b->holder == p->index;
		}
	p->xfer_away = away != 0;
	p->xfer_held = held != 0;
	return away + held;
}

bool transfer_entry(unsigned home, unsigned k, uint32_t *start, uint32_t *end, unsigned *holder)
{
	const struct xbuf *b = &xbufs[home][k];
	*start = b->start;
	*end = b->end;
	*holder = b->holder;
	return b->end != 0;
}

bool transfer_keeps(const struct process *p, uint32_t addr, uint32_t len)
{
	const struct xbuf *row = xbufs[p->index];
	for (unsigned k = 0; k < TRANSFER_BUFFERS; k++)
		if (len && row[k].end && row[k].holder != p->index &&
		    overlap(addr, addr + len, row[k].start, row[k].end))
			return false;
	return true;
}

unsigned mpu_all_regions(const struct process *p, struct mpu_region out[MPU_MAX_REGIONS])
{
	unsigned n = mpu_process_regions(p, out);
	if (p->xfer_away) {
		/* The RAM region loses every buffer that is away: it ends at the first hole, and a
		 * piece follows each hole (holes in address order; a piece may be empty). */
		const struct xbuf *row = xbufs[p->index];
		uint32_t at = p->mem_start;
		unsigned cur = MPU_REGION_RAM;
		for (;;) {
			const struct xbuf *next = 0;
			for (unsigned k = 0; k < TRANSFER_BUFFERS; k++)
				if (row[k].end && row[k].holder != p->index && row[k].start >= at &&
				    (!next || row[k].start < next->start))
					next = &row[k];
			if (!next)
				break;
			out[cur].end = next->start;
			cur = n++;
			out[cur] = (struct mpu_region){ next->end, p->app_brk, MPU_R | MPU_W };
			at = next->end;
		}
	}
	n += mpu_shared_regions(p, out + n);
	if (p->xfer_held)
		for (unsigned h = 0; h < process_slots; h++)
			for (unsigned k = 0; k < TRANSFER_BUFFERS; k++)
				if (xbufs[h][k].end && h != p->index && xbufs[h][k].holder == p->index)
					out[n++] = (struct mpu_region){ xbufs[h][k].start, xbufs[h][k].end,
									MPU_R | MPU_W };
	return n;
}

bool transfer_allowed_anywhere(struct process *p, uint32_t start, uint32_t end)
{
	for (unsigned i = 0; i < board_driver_count; i++) {
		const struct driver *d = board_drivers[i];
		uint8_t *base = grant_base(p, d);
		if (!base)
			continue;
		const struct allow_slot *s =
			(const struct allow_slot *)(base + d->num_upcalls * sizeof(struct upcall_slot));
		unsigned count = (unsigned)d->num_allow_rw + d->num_allow_ro + d->num_allow_ur;
		for (unsigned j = 0; j < count; j++)
			if (s[j].len && overlap(s[j].ptr, s[j].ptr + s[j].len, start, end))
				return true;
	}
	return false;
}

/* Tells p (it has the driver's grant) that the buffer [start, end) came to it, or went. */
static void tell(struct process *p, const struct xbuf *b, uint32_t flag, uint32_t from)
{
	upcall_schedule(p, ipc_drv, IPC_SUB_TRANSFER, b->start, (b->end - b->start) | flag, from);
}

static struct sysret declare(struct process *p, uint32_t addr, uint32_t len)
{
	uint32_t s = addr, e = addr + len;
	if (len == 0 || e < addr || !process_in_ram(p, addr, len))
		return sysret_failure(ERR_INVAL);
	if (!arch_mpu_share_bounds(&s, &e) || s != addr || e != addr + len)
		return sysret_failure(ERR_SIZE);   /* the protection cannot give exactly this range */
	if (!grant_enter(p, ipc_drv))
		return sysret_failure(ERR_NOMEM);   /* it could not be told of returns */
	struct xbuf *row = xbufs[p->index], *free = 0;
	for (unsigned k = 0; k < TRANSFER_BUFFERS; k++) {
		if (row[k].end && overlap(addr, addr + len, row[k].start, row[k].end))
			return sysret_failure(ERR_BUSY);
		if (!row[k].end && !free)
			free = &row[k];
	}
	if (!free)
		return sysret_failure(ERR_NOMEM);
	*free = (struct xbuf){ addr, addr + len, p->index };
	if (p->allow_high_water < addr + len)
		p->allow_high_water = addr + len;   /* its break cannot shrink over it */
	return sysret_success();
}

/* The buffer starting at addr that p holds (its own at home, or another's), or NULL. */
static struct xbuf *held(struct process *p, uint32_t addr, unsigned *home)
{
	for (unsigned h = 0; h < process_slots; h++)
		for (unsigned k = 0; k < TRANSFER_BUFFERS; k++)
			if (xbufs[h][k].end && xbufs[h][k].start == addr && xbufs[h][k].holder == p->index) {
				*home = h;
				return &xbufs[h][k];
			}
	return 0;
}

static struct sysret give(struct process *p, uint32_t target, uint32_t addr)
{
	unsigned h;
	struct xbuf *b = held(p, addr, &h);
	if (!b)
		return sysret_failure(ERR_INVAL);
	struct process *t, *home = &processes[h];
	if (target < 256) {   /* a handle (process ids are 256 and up) */
		uint32_t err = ipc_handle_owner(p, target, &t);
		if (err)
			return sysret_failure(err);
	} else if (!(t = process_lookup(target))) {
		return sysret_failure(ERR_INVAL);
	}
	if (t == p || !ipc_area(t))
		return sysret_failure(ERR_INVAL);
	/* Back home always; elsewhere only to a peer: a service of p's or a client of p's. */
	if (t != home && !ipc_is_client(p, t) && !ipc_is_client(t, p))
		return sysret_failure(ERR_IPC_DENIED);
	/* Leaving home: nothing may still reach it through a capsule or a share. */
	if (p == home && (transfer_allowed_anywhere(p, b->start, b->end) ||
			  exposure_shared(p, b->start, b->end)))
		return sysret_failure(ERR_BUSY);
	/* The receiver must learn of it: room in its upcall queue (or it waits for it now). */
	if (t->upcall_count >= CONFIG_UPCALL_QUEUE_LEN || upcall_latch_held(t, ipc_drv, IPC_SUB_TRANSFER))
		return sysret_failure(ERR_NOMEM);
	if ((t != home && recount(t) >= MPU_TRANSFER_REGIONS) ||
	    (p == home && recount(p) >= MPU_TRANSFER_REGIONS))
		return sysret_failure(ERR_IPC_NOREGION);
	for (unsigned undo = 0; undo < 2; undo++) {
		b->holder = undo ? p->index : t->index;
		recount(p);
		recount(t);
		recount(home);
		if (undo)
			return sysret_failure(ERR_IPC_NOREGION);   /* the protection unit cannot: nothing moved */
		if (arch_mpu_fits(t) && arch_mpu_fits(home))
			break;
	}
	changed(p);
	changed(t);   /* passed on (home is neither): the home's hole stays as it is */
	tell(t, b, 0, process_id(p));
	return sysret_success();
}

struct sysret transfer_command(struct process *p, uint32_t cmd, uint32_t arg0, uint32_t arg1)
{
	if (cmd == IPC_CMD_XFER_DECLARE)
		return declare(p, arg0, arg1);
	if (cmd == IPC_CMD_XFER_GIVE)
		return give(p, arg0, arg1);
	/* IPC_CMD_XFER_RELEASE: a buffer at home stops being transferable. */
	struct xbuf *row = xbufs[p->index];
	for (unsigned k = 0; k < TRANSFER_BUFFERS; k++)
		if (row[k].end && row[k].start == arg0) {
			if (row[k].holder != p->index)
				return sysret_failure(ERR_BUSY);   /* away: it must come back first */
			row[k] = (struct xbuf){ 0, 0, 0 };
			return sysret_success();
		}
	return sysret_failure(ERR_INVAL);
}

void transfer_process_ended(struct process *p)
{
	if (!ipc_drv)
		return;
	uint32_t id = process_id(p);
	/* Buffers it holds go home; their homes are told (length | TICK_IPC_XFER_RETURNED). */
	if (p->xfer_held) {
		for (unsigned h = 0; h < process_slots; h++)
			for (unsigned k = 0; k < TRANSFER_BUFFERS; k++) {
				struct xbuf *b = &xbufs[h][k];
				if (!b->end || h == p->index || b->holder != p->index)
					continue;
				b->holder = (uint8_t)h;
				recount(&processes[h]);
				changed(&processes[h]);
				tell(&processes[h], b, TICK_IPC_XFER_RETURNED, id);
			}
	}
	/* Its own buffers leave their holders (before its RAM is reused); they are told too. */
	struct xbuf *row = xbufs[p->index];
	for (unsigned k = 0; k < TRANSFER_BUFFERS; k++) {
		struct xbuf b = row[k];
		row[k] = (struct xbuf){ 0, 0, 0 };
		if (b.end && b.holder != p->index) {
			struct process *q = &processes[b.holder];
			recount(q);
			changed(q);
			tell(q, &b, TICK_IPC_XFER_RETURNED, id);
		}
	}
	p->xfer_away = 0;
	p->xfer_held = 0;
	arch_mpu_invalidate(p);
}
