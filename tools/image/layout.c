/* tick-image placement: fixed apps at their addresses, others first-fit, padding in the gaps. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "image.h"

static int by_addr(const void *x, const void *y)
{
	const struct app *a = x, *b = y;
	return a->addr < b->addr ? -1 : a->addr > b->addr;
}

/* Apps with a coarse (power-of-two size) alignment, largest first: that packs them best.
 * The others in the order they were given, so that the image lists them (and the kernel
 * starts them) in that order. */
static int by_placement_order(const void *x, const void *y)
{
	const struct app *a = *(const struct app *const *)x, *b = *(const struct app *const *)y;
	bool ca = a->align > 8, cb = b->align > 8;
	if (ca != cb)
		return ca ? -1 : 1;
	if (ca && a->size != b->size)
		return a->size > b->size ? -1 : 1;
	return a->order < b->order ? -1 : a->order > b->order;
}

/* A gap between two objects must be empty or hold at least a 16-byte padding header. */
static bool gap_ok(uint64_t gap)
{
	return gap == 0 || gap >= TBF_BASE_HEADER_SIZE;
}

/* x rounded up to the next address that is phase modulo align. */
static uint64_t up_to(uint64_t x, uint32_t align, uint32_t phase)
{
	return align_up(x + align - phase, align) - align + phase;
}

/* Lowest address >= from, at phase modulo align, that leaves a usable gap before it. */
static uint64_t first_start(uint64_t from, uint32_t align, uint32_t phase)
{
	uint64_t s = up_to(from, align, phase);
	if (!gap_ok(s - from))
		s = up_to(from + TBF_BASE_HEADER_SIZE, align, phase);
	return s;
}

void layout(struct app_list *apps, const struct board *b)
{
	uint64_t fs = b->app_flash_start, fe = fs + b->app_flash_size;
	size_t nfixed = 0;

	/* Fixed apps: sorted by address; overlaps, tiny gaps and board bounds are errors. */
	for (size_t i = 0; i < apps->n; i++) {
		struct app *a = &apps->v[i];
		a->addr = a->fixed ? a->start : 0;
		a->placed = a->fixed;
	}
	qsort(apps->v, apps->n, sizeof *apps->v, by_addr);
	struct app **fixed = xcalloc(apps->n, sizeof *fixed), **loose = xcalloc(apps->n, sizeof *loose);
	size_t nloose = 0;
	for (size_t i = 0; i < apps->n; i++) {
		if (apps->v[i].fixed)
			fixed[nfixed++] = &apps->v[i];
		else
			loose[nloose++] = &apps->v[i];
	}
	for (size_t i = 0; i < nfixed; i++) {
		struct app *a = fixed[i];
		if (a->addr < fs || (uint64_t)a->addr + a->size > fe)
			die("%s needs flash 0x%08x-0x%08llx, outside the board's app flash 0x%08llx-0x%08llx",
			    a->label, a->addr, (unsigned long long)a->addr + a->size,
			    (unsigned long long)fs, (unsigned long long)fe);
		if (i > 0) {
			struct app *p = fixed[i - 1];
			uint64_t pend = (uint64_t)p->addr + p->size;
			if (pend > a->addr)
				die("%s at 0x%08x-0x%08llx overlaps %s at 0x%08x-0x%08llx", a->label, a->addr,
				    (unsigned long long)a->addr + a->size, p->label, p->addr,
				    (unsigned long long)pend);
			if (!gap_ok(a->addr - pend))
				die("%s ends at 0x%08llx and %s starts at 0x%08x: the %llu-byte gap is too "
				    "small for a padding object (16 bytes)",
				    p->label, (unsigned long long)pend, a->label, a->addr,
				    (unsigned long long)(a->addr - pend));
		} else if (!gap_ok(a->addr - fs)) {
			die("%s starts %llu bytes after the app flash start 0x%08llx: too little room for a "
			    "padding object (16 bytes)",
			    a->label, (unsigned long long)(a->addr - fs), (unsigned long long)fs);
		}
		/* RAM ranges of fixed apps must not overlap either. */
		for (size_t k = 0; k < i && a->has_ram; k++) {
			struct app *o = fixed[k];
			if (o->has_ram && ranges_overlap(a->ram_start, a->ram_end - a->ram_start,
							 o->ram_start, o->ram_end - o->ram_start))
				die("%s needs RAM 0x%08x-0x%08x, which overlaps the RAM of %s at 0x%08x-0x%08x",
				    a->label, a->ram_start, a->ram_end, o->label, o->ram_start, o->ram_end);
		}
	}

	/* Relocatable apps: first fit, in by_placement_order. */
	qsort(loose, nloose, sizeof *loose, by_placement_order);
	for (size_t i = 0; i < nloose; i++) {
		struct app *a = loose[i];
		uint64_t cur = fs;
		bool placed = false;
		/* Candidate gaps lie between already placed objects (fixed ones plus earlier loose). */
		for (;;) {
			uint64_t s = first_start(cur, a->align, a->phase), e = s + a->size;
			uint64_t next = fe; /* start of the first placed object at or after s */
			const struct app *blocker = NULL;
			for (size_t k = 0; k < apps->n; k++) {
				const struct app *o = &apps->v[k];
				if (o == a || !o->placed)
					continue;
				if (ranges_overlap(s, a->size, o->addr, o->size)) {
					blocker = o;
					break;
				}
				if (o->addr >= e && o->addr < next)
					next = o->addr;
			}
			if (blocker) {
				cur = (uint64_t)blocker->addr + blocker->size;
				continue;
			}
			if (e > fe)
				break;
			/* The gap after the app must also hold padding, unless nothing follows. */
			if (next != fe && !gap_ok(next - e)) {
				cur = next;
				continue;
			}
			a->addr = (uint32_t)s;
			a->placed = true;
			placed = true;
			break;
		}
		if (!placed)
			die("%s (%u bytes, aligned to %u) does not fit in the free app flash of 0x%08llx-0x%08llx",
			    a->label, a->size, a->align, (unsigned long long)fs, (unsigned long long)fe);
	}
	free(fixed);
	free(loose);
	qsort(apps->v, apps->n, sizeof *apps->v, by_addr);

	/* Tock hands out fixed RAM in flash order and cannot go back: warn when it would have to. */
	uint32_t last_ram = 0;
	const struct app *last = NULL;
	for (size_t i = 0; i < apps->n; i++) {
		const struct app *a = &apps->v[i];
		if (!a->has_ram)
			continue;
		if (last && a->ram_start < last_ram)
			warn("%s comes after %s in flash but has lower RAM (0x%08x < 0x%08x); a loader that "
			     "hands out RAM in flash order cannot start it",
			     a->label, last->label, a->ram_start, last_ram);
		last_ram = a->ram_start;
		last = a;
	}
}

void emit_image(const struct app_list *apps, const struct board *b, struct buf *out)
{
	uint64_t cur = b->app_flash_start, fe = (uint64_t)b->app_flash_start + b->app_flash_size;

	for (size_t i = 0; i < apps->n; i++) {
		const struct app *a = &apps->v[i];
		if (a->addr > cur) {
			uint8_t pad[TBF_BASE_HEADER_SIZE];
			tbf_make_padding(pad, (uint32_t)(a->addr - cur));
			buf_append(out, pad, sizeof pad);
			buf_zeros(out, a->addr - cur - sizeof pad);
		}
		buf_append(out, a->tbf, a->size);
		cur = (uint64_t)a->addr + a->size;
	}
	/* Explicit end marker: flash after the image may not be erased. QEMU memory is zero. */
	uint64_t marker = fe - cur < 8 ? fe - cur : 8;
	buf_zeros(out, marker);
}

void read_image(struct app_list *apps, const uint8_t *img, size_t len, const char *path,
		const struct board *b)
{
	size_t off = 0;

	if (len > b->app_flash_size)
		die("%s is %zu bytes, larger than the board's app flash (%u bytes)", path, len,
		    b->app_flash_size);
	while (off < len) {
		struct tbf_header h;
		enum tbf_error e = tbf_parse(img + off, len - off, &h);
		uint32_t addr = b->app_flash_start + (uint32_t)off;
		if (e == TBF_END)
			break;
		if (e != TBF_OK)
			die("%s: the object at 0x%08x (offset 0x%zx) is not a valid TBF: %s", path, addr, off,
			    tbf_error_str(e));
		if (!h.is_padding) {
			struct app a;
			app_from_tbf(&a, img + off, &h, NULL, b);
			a.label = xasprintf("%s (at 0x%08x in %s)", a.name, addr, path);
			if (a.fixed && a.start != addr)
				warn("%s wants its TBF at 0x%08x (fixed flash 0x%08x) but sits at 0x%08x",
				     a.label, a.start, h.fixed_flash, addr);
			/* Pin every existing app where it is: its address may already be relied on. */
			a.fixed = true;
			a.start = addr;
			a.addr = addr;
			apps_push(apps, &a);
		}
		off += h.total_size;
	}
}
