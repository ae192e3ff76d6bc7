/* Fake flash for host tests: an array in low memory, operations applied from a deferred call, power cuts and failures on demand. */
#include <stddef.h>
#include <string.h>
#include <tick/errorcode.h>
#include "fakes/fake_flash.h"
#include "fakes/lowmem.h"

static void apply(struct fake_flash *f, uint32_t n)
{
	uint8_t *m = f->mem + f->offset;
	for (uint32_t i = 0; i < n; i++) {
		if (f->kind == FAKE_FLASH_ERASE) {
			m[i] = 0xff;
		} else if (f->kind == FAKE_FLASH_WRITE) {
			f->zero_to_one += (uint32_t)__builtin_popcount(f->src[i] & ~m[i] & 0xffu);
			m[i] &= f->src[i];
		}
	}
	if (f->kind == FAKE_FLASH_READ)
		memcpy(f->dst, m, n);
}

static void complete(struct deferred_call *dc)
{
	struct fake_flash *f = (struct fake_flash *)((char *)dc - offsetof(struct fake_flash, complete));
	int status = -ERR_OFF;
	if (!f->off) {
		bool fail = f->fail_in && --f->fail_in == 0;
		bool cut = f->cut_armed && f->cut_in-- == 0;
		if (cut) {
			f->cut_armed = false;
			f->off = true;
			apply(f, f->kind == FAKE_FLASH_READ ? 0 : (f->cut_keep < f->len ? f->cut_keep : f->len));
		} else if (fail) {
			status = f->fail_status;
		} else {
			apply(f, f->len);
			status = 0;
		}
	}
	f->busy = 0;
	if (f->client)
		f->client->done(f->client, status);
}

static int start(struct fake_flash *f, uint8_t kind, uint32_t off, uint32_t len, uint32_t align)
{
	if (!len || off > f->flash.size || len > f->flash.size - off || ((off | len) & (align - 1)))
		return -ERR_INVAL;
	if (f->busy)
		return -ERR_BUSY;
	f->busy = 1;
	f->kind = kind;
	f->offset = off;
	f->len = len;
	f->ops++;
	if (!f->stalled)
		deferred_schedule(&f->complete);
	return 0;
}

static int read(void *dev, uint32_t off, uint8_t *buf, uint32_t len)
{
	struct fake_flash *f = dev;
	int r = start(f, FAKE_FLASH_READ, off, len, 1);
	if (!r) {
		f->dst = buf;
		f->reads++;
	}
	return r;
}

static int write(void *dev, uint32_t off, const uint8_t *buf, uint32_t len)
{
	struct fake_flash *f = dev;
	int r = start(f, FAKE_FLASH_WRITE, off, len, f->flash.write_size);
	if (!r) {
		f->src = buf;
		f->writes++;
	}
	return r;
}

static int erase(void *dev, uint32_t off)
{
	struct fake_flash *f = dev;
	int r = start(f, FAKE_FLASH_ERASE, off, f->flash.page_size, f->flash.page_size);
	if (!r)
		f->erases++;
	return r;
}

static void set_client(void *dev, struct flash_client *c)
{
	((struct fake_flash *)dev)->client = c;
}

static const struct flash_ops fake_flash_ops = {
	.read = read, .write = write, .erase = erase, .set_client = set_client,
};

void fake_flash_init(struct fake_flash *f, uint32_t size, uint32_t page_size, uint32_t write_size)
{
	fake_flash_free(f);
	uint8_t *mem = lowmem_map(size);
	memset(mem, 0xff, size);
	*f = (struct fake_flash){
		.flash = { &fake_flash_ops, f, lowmem_addr(mem), size, page_size, write_size },
		.mem = mem,
		.complete.fn = complete,
	};
	deferred_register(&f->complete);
}

void fake_flash_reboot(struct fake_flash *f)
{
	struct fake_flash keep = *f;
	*f = (struct fake_flash){ .flash = keep.flash, .mem = keep.mem, .complete.fn = complete };
	deferred_register(&f->complete);
}

void fake_flash_free(struct fake_flash *f)
{
	if (f->mem)
		lowmem_unmap(f->mem, f->flash.size);
	f->mem = NULL;
}

void fake_flash_cut(struct fake_flash *f, uint32_t n, uint32_t keep)
{
	f->cut_armed = true;
	f->cut_in = n;
	f->cut_keep = keep;
}

void fake_flash_power_on(struct fake_flash *f)
{
	f->cut_armed = false;
	f->off = false;
}

void fake_flash_stall(struct fake_flash *f, bool stall)
{
	f->stalled = stall;
	if (!stall && f->busy)
		deferred_schedule(&f->complete);
}

void fake_flash_fail(struct fake_flash *f, uint32_t n, int status)
{
	f->fail_in = n;
	f->fail_status = status;
}
