/* CFI parallel flash: query probe, page erase and word program with status polling from a deferred call. */
#include "cfi_pflash.h"
#include <stdbool.h>
#include <tick/errorcode.h>
#include <tick/string.h>

/* Intel/Sharp command set: a command is a byte on every chip's lane of the bus. */
enum {
	CMD_PROGRAM = 0x40,
	CMD_ERASE = 0x20,
	CMD_CONFIRM = 0xd0,
	CMD_CLEAR_STATUS = 0x50,
	CMD_QUERY = 0x98,
	CMD_READ_ARRAY = 0xff,
	SR_READY = 0x80,
	SR_ERASE_ERROR = 0x20,
	SR_PROGRAM_ERROR = 0x10,
	SR_VPP_LOW = 0x08,
	SR_LOCKED = 0x02,
	TURN_WORDS = 64,          /* words programmed per kernel-loop turn at most */
};

/* Bus access. tests/unit/test_cfi_pflash.c #includes this file with CFI_PFLASH_BUS defined
 * and its own rd/wr, to play the device. */
#ifndef CFI_PFLASH_BUS
static uint32_t rd(uintptr_t a)
{
	return *(volatile uint32_t *)a;
}

static void wr(uintptr_t a, uint32_t v)
{
	*(volatile uint32_t *)a = v;
}
#endif

static void cmd(const struct cfi_pflash *f, uint32_t off, uint32_t c)
{
	wr(f->flash.base + off, c * f->lanes);
}

/* Byte k of the query table (lane 0). */
static uint32_t query(const struct cfi_pflash *f, uint32_t k)
{
	return rd(f->flash.base + 4 * k) & 0xff;
}

static int status_error(uint32_t s, uint32_t lanes)
{
	if (s & SR_LOCKED * lanes)
		return -ERR_RESERVE;
	if (s & SR_VPP_LOW * lanes)
		return -ERR_OFF;
	if (s & (SR_ERASE_ERROR | SR_PROGRAM_ERROR) * lanes)
		return -ERR_FAIL;
	return 0;
}

static void finish(struct cfi_pflash *f, int status)
{
	f->busy = 0;
	if (f->client)
		f->client->done(f->client, status);
}

/* One kernel-loop turn of the running operation: wait for the command in flight, then program
 * the next words. Every command ends in read-array mode before the next begins. */
static void turn(struct deferred_call *dc)
{
	struct cfi_pflash *f = (struct cfi_pflash *)((char *)dc - __builtin_offsetof(struct cfi_pflash, turn));
	if (f->erasing) {
		/* Issued here, not in erase(), and polled at once below: a device that finishes
		 * at once (QEMU) is back in read-array mode before the loop runs a process, which
		 * may be executing in place from this bank. */
		f->erasing = 0;
		cmd(f, f->at, CMD_ERASE);
		cmd(f, f->at, CMD_CONFIRM);
		f->inflight = 1;
	}
	for (unsigned n = 0;; n++) {
		if (f->inflight) {
			uint32_t s = rd(f->flash.base + f->at);   /* status mode after a command */
			if ((s & SR_READY * f->lanes) != SR_READY * f->lanes) {
				deferred_schedule(dc);            /* still working: look again next turn */
				return;
			}
			f->inflight = 0;
			int err = status_error(s, f->lanes);
			if (err)
				cmd(f, f->at, CMD_CLEAR_STATUS);
			cmd(f, f->at, CMD_READ_ARRAY);
			if (err) {
				finish(f, err);
				return;
			}
		}
		if (f->pos == f->end) {
			finish(f, 0);
			return;
		}
		if (n == TURN_WORDS) {
			deferred_schedule(dc);
			return;
		}
		uintptr_t a = f->flash.base + f->pos;
		uint32_t old = rd(a), w;
		memcpy(&w, f->src, 4);
		w &= old;   /* bits only go 1 -> 0 (QEMU's model would also set them) */
		if (w != old) {
			wr(a, CMD_PROGRAM * f->lanes);
			wr(a, w);
			f->at = f->pos;
			f->inflight = 1;
		}
		f->src += 4;
		f->pos += 4;
	}
}

static int start(struct cfi_pflash *f, uint32_t off, uint32_t len, uint32_t align)
{
	if (!f->flash.size)
		return -ERR_NODEVICE;
	if (!len || off > f->flash.size || len > f->flash.size - off || ((off | len) & (align - 1)))
		return -ERR_INVAL;
	if (f->busy)
		return -ERR_BUSY;
	f->busy = 1;
	f->pos = f->end = off + len;
	deferred_schedule(&f->turn);
	return 0;
}

static int read(void *dev, uint32_t off, uint8_t *buf, uint32_t len)
{
	struct cfi_pflash *f = dev;
	int r = start(f, off, len, 1);
	if (!r)   /* read-array mode whenever no operation runs */
		memcpy(buf, (const void *)(uintptr_t)(f->flash.base + off), len);
	return r;
}

static int write(void *dev, uint32_t off, const uint8_t *buf, uint32_t len)
{
	struct cfi_pflash *f = dev;
	int r = start(f, off, len, f->flash.write_size);
	if (!r) {
		f->pos = off;
		f->src = buf;
	}
	return r;
}

static int erase(void *dev, uint32_t off)
{
	struct cfi_pflash *f = dev;
	int r = start(f, off, f->flash.page_size, f->flash.page_size);
	if (!r) {
		f->at = off;
		f->erasing = 1;   /* the command goes out from the next turn */
	}
	return r;
}

static void set_client(void *dev, struct flash_client *c)
{
	((struct cfi_pflash *)dev)->client = c;
}

const struct flash_ops cfi_pflash_ops = {
	.read = read,
	.write = write,
	.erase = erase,
	.set_client = set_client,
};

int cfi_pflash_init(struct cfi_pflash *f, uintptr_t base)
{
	*f = (struct cfi_pflash){ .flash = { &cfi_pflash_ops, f, (uint32_t)base, 0, 0, 4 },
				  .turn.fn = turn, .lanes = 0x01010101u };
	deferred_register(&f->turn);
	cmd(f, 0, CMD_READ_ARRAY);
	cmd(f, 0, CMD_QUERY);   /* on every byte lane: an x16 chip ignores its upper byte */
	/* "QRY" on each chip's lane: 0x00510051 for 'Q' from two x16 chips */
	uint32_t lanes = rd(base + 4 * 0x10) / 'Q';
	bool ok = lanes == 1 || lanes == 0x00010001u || lanes == 0x01010101u;
	for (unsigned k = 0; k < 3; k++)
		ok &= rd(base + 4 * (0x10 + k)) == (uint32_t)"QRY"[k] * lanes;
	uint32_t chips = lanes % 255;   /* the sum of lanes' bytes */
	uint32_t page = (query(f, 0x2f) | query(f, 0x30) << 8) * 256 * chips;
	uint32_t order = query(f, 0x27);   /* log2 of a chip's bytes */
	uint32_t size = order <= 28 ? chips << order : 0;
	/* Intel/Sharp command set (0x0001 or 0x0003) and one uniform erase region */
	if (ok && (query(f, 0x13) | 2) == 3 && query(f, 0x2c) == 1 && size && page &&
	    !(page & (page - 1)) && page <= size) {
		f->lanes = lanes;
		f->flash.size = size;
		f->flash.page_size = page;
	}
	cmd(f, 0, CMD_READ_ARRAY);
	return f->flash.size ? 0 : -ERR_NODEVICE;
}
