/* libFuzzer target: Tick's relocation applier (kernel/reloc.c) on arbitrary tables, images and placements; nothing outside the app's image may change. */
/* sources: @tbf kernel/reloc.c */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <tick/reloc.h>
#include <tick/sha256.h>
#include <tick/tbf.h>

/*
 * Input: u32 flash delta, u32 RAM delta, u8 chunk seed (bit 7: with rewinds), u16 binary start P, u16 table length
 * L, L bytes of the relocation TLV's value, then the image (the app binary). The harness wraps
 * them in a TBF (base header, Program, the relocation TLV, then a protected trailer up to P
 * when the header is shorter, then the binary), places the TBF
 * between two guard zones and then checks, for the placement the deltas give:
 *   - reloc_parse and reloc_apply never read or write outside the buffer (ASan);
 *   - the applier writes only the 4 bytes of entries, never the header, the guards or any
 *     other byte of the image;
 *   - moving there and back gives the original bytes; feeding the image in chunks of any
 *     size gives the same result as one call; reloc_sha256 of the moved image is the
 *     original's digest.
 * Seeds: tests/fuzz/corpus/fuzz_reloc (made from tick-pack's relocatable fixtures).
 */

#define GUARD 64u
#define MAX_OBJ 8192u

static uint8_t obj[MAX_OBJ], moved[GUARD + MAX_OBJ + GUARD], back[MAX_OBJ], chunked[MAX_OBJ];
static uint8_t allowed[MAX_OBJ];

static uint32_t build(uint32_t start, const uint8_t *table, uint32_t tlen, const uint8_t *image,
		      uint32_t ilen)
{
	uint32_t hs = 16 + 4 + TBF_PROGRAM_LEN + 4 + ((tlen + 3) & ~3u);
	uint32_t prot = start > hs ? (start + 3) & ~3u : hs;
	uint32_t total = prot + ilen;
	if (hs > 0xffff || total > MAX_OBJ)
		return 0;
	memset(obj, 0, prot);
	tbf_wr16(obj, 2);
	tbf_wr16(obj + 2, (uint16_t)hs);
	tbf_wr32(obj + 4, total);
	tbf_wr32(obj + 8, TBF_FLAG_ENABLED);
	uint8_t *p = obj + 16;
	tbf_wr16(p, TBF_TLV_PROGRAM);
	tbf_wr16(p + 2, TBF_PROGRAM_LEN);
	tbf_wr32(p + 4, prot - hs);    /* entry: the binary's first byte */
	tbf_wr32(p + 8, prot - hs);    /* trailer */
	tbf_wr32(p + 12, 0x10000);     /* minimum RAM */
	tbf_wr32(p + 16, total);       /* binary end */
	p += 4 + TBF_PROGRAM_LEN;
	tbf_wr16(p, RELOC_TLV_TYPE);
	tbf_wr16(p + 2, (uint16_t)tlen);
	memcpy(p + 4, table, tlen);
	memcpy(obj + prot, image, ilen);
	tbf_wr32(obj + 12, tbf_header_checksum(obj, hs));
	return total;
}

/* Applies in chunks of pseudo-random sizes, carrying what a call leaves; returns the result of
 * the first failing call or the length. With seed bit 7, now and then (at most 4 times) it
 * goes back to an offset one of the last calls reached and presents the original bytes from there
 * again, as the store does when a piece is sent again: the cursor must start over and skip
 * the entries before the chunk. */
static int32_t apply_chunked(const struct reloc_table *t, const struct reloc_place *from,
			     const struct reloc_place *to, uint32_t end, uint32_t seed)
{
	struct reloc_cursor c = { 0, 0, 0 };
	uint32_t off = 0, reached[8] = { 0 }, nreached = 1, rewinds = seed & 0x80 ? 4 : 0;
	memcpy(chunked, obj, end);
	while (off < end) {
		seed = seed * 1103515245u + 12345u;
		uint32_t back = reached[(seed >> 20) % (nreached < 8 ? nreached : 8)];
		if (rewinds && (seed >> 28) == 0 && back < off) {   /* (not to one left behind) */
			memcpy(chunked + back, obj + back, end - back);
			off = back;
			rewinds--;
			continue;
		}
		uint32_t n = 4 + (seed >> 16) % 61;
		if (n > end - off)
			n = end - off;
		int32_t done = reloc_apply(t, &c, from, to, off, chunked + off, n);
		if (done < 0)
			return done;
		if (done == 0) {
			if (n >= 4)
				abort();   /* a chunk of 4 bytes or more always makes progress */
			return -1;
		}
		off += (uint32_t)done;
		reached[nreached++ % 8] = off;   /* the last 8 */
	}
	return (int32_t)end;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 13)
		return 0;
	uint32_t df = tbf_rd32(data), dr = tbf_rd32(data + 4), seed = data[8];
	uint32_t start = tbf_rd16(data + 9), tlen = tbf_rd16(data + 11);
	if (tlen > size - 13)
		return 0;
	uint32_t total = build(start, data + 13, tlen, data + 13 + tlen, (uint32_t)(size - 13 - tlen));
	if (!total || total < 20)
		return 0;

	struct tbf_header h;
	struct reloc_table t;
	struct reloc_cursor c = { 0, 0, 0 };
	if (tbf_parse(obj, total, &h) != TBF_OK)
		return 0;
	enum reloc_error e = reloc_parse(obj, &h, &t, &c);
	if (e != RELOC_OK) {
		if (e >= RELOC_ERROR_COUNT || !reloc_error_str(e))
			abort();
		return 0;
	}
	if (t.image_start < h.header_size || t.image_end > h.binary_end_offset)
		abort();   /* reloc_parse promised the image lies in the binary */

	/* The bytes entries may change. */
	memset(allowed, 0, total);
	struct reloc_entry en;
	c = (struct reloc_cursor){ 0, 0, 0 };
	for (uint32_t i = 0; i < t.count; i++) {
		if (reloc_next(&t, &c, &en) != RELOC_OK || en.offset < t.image_start ||
		    en.offset + 4 > t.image_end)
			abort();   /* reloc_parse accepted every entry */
		memset(allowed + en.offset, 1, 4);
	}

	struct reloc_place home = reloc_nominal(&t);
	struct reloc_place to = { home.flash + df, home.ram + dr };
	if (reloc_check_place(&t, &to) != RELOC_OK)
		return 0;
	memset(moved, 0xa5, sizeof moved);
	memcpy(moved + GUARD, obj, total);
	c = (struct reloc_cursor){ 0, 0, 0 };
	int32_t r = reloc_apply(&t, &c, &home, &to, 0, moved + GUARD, t.image_end);
	for (uint32_t i = 0; i < GUARD; i++)
		if (moved[i] != 0xa5 || moved[GUARD + total + i] != 0xa5)
			abort();   /* a write outside the object */
	for (uint32_t i = 0; i < total; i++)
		if (moved[GUARD + i] != obj[i] && !allowed[i])
			abort();   /* a write outside an entry */
	int32_t rc = apply_chunked(&t, &home, &to, t.image_end, seed);
	if (r < 0) {
		if (rc != r)
			abort();   /* the same entry fails whichever way the image comes */
		return 0;
	}
	if (r != (int32_t)t.image_end || rc != r || memcmp(chunked, moved + GUARD, t.image_end))
		abort();

	/* Back home: the original bytes. */
	memcpy(back, moved + GUARD, total);
	c = (struct reloc_cursor){ 0, 0, 0 };
	if (reloc_apply(&t, &c, &to, &home, 0, back, t.image_end) != (int32_t)t.image_end ||
	    memcmp(back, obj, total))
		abort();

	/* The digest of the moved image, un-relocated on the fly, is the original's. */
	uint8_t want[SHA256_DIGEST_SIZE], got[SHA256_DIGEST_SIZE];
	sha256(obj, h.binary_end_offset, want);
	if (reloc_sha256(moved + GUARD, h.binary_end_offset, &t, &to, got, NULL) != RELOC_OK ||
	    memcmp(want, got, sizeof want))
		abort();
	return 0;
}
