/* Unit tests of Tick's relocation table (kernel/reloc.c) and of relocatable apps in the loader (kernel/loader.c). */
/* sources: @kernel_env */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <tick/reloc.h>
#include <tick/sha256.h>
#include <tick/tbf.h>
#include "fakes/env.h"
#include "fakes/tbf_build.h"
#include "internal/loader.h"

/*
 * A small relocatable "app" image: every field and kind of entry, instructions at 2-byte
 * aligned places as RVC code has them, values near the 0x800 carry of the lui/addi split and
 * pointers to the very end of the image and of the RAM. make_image() writes it as a linker
 * would for a given placement, independently of the applier: the oracle.
 */
#define PROT 256u          /* header + trailer: the image starts at TBF offset 256 */
#define IMG 128u           /* image bytes */
#define RAMSZ 0x800u       /* RAM that pointers may target */
#define NOM_FLASH 0x80100100u
#define NOM_RAM 0x80300000u

static uint32_t hi(uint32_t v) { return (v + 0x800u) & 0xfffff000u; }
static uint32_t lo(uint32_t v) { return v & 0xfffu; }
static uint32_t u_type(uint32_t op, uint32_t rd, uint32_t v) { return op | rd << 7 | hi(v); }
static uint32_t i_type(uint32_t op, uint32_t f3, uint32_t rd, uint32_t rs1, uint32_t v)
{
	return op | rd << 7 | f3 << 12 | rs1 << 15 | lo(v) << 20;
}
static uint32_t s_type(uint32_t f3, uint32_t rs1, uint32_t rs2, uint32_t v)
{
	return 0x23u | (lo(v) & 0x1fu) << 7 | f3 << 12 | rs1 << 15 | rs2 << 20 | (lo(v) >> 5) << 25;
}
static void put32(uint8_t *p, uint32_t v) { tbf_wr32(p, v); }
static void put16(uint8_t *p, uint16_t v) { tbf_wr16(p, v); }

enum { W = RELOC_WORD, H = RELOC_HI20, LI = RELOC_LO12_I, LS = RELOC_LO12_S };
enum { F = RELOC_FLASH << 2, R = RELOC_RAM << 2, RF = RELOC_RAM_PCREL << 2, AF = RELOC_ABS_PCREL << 2 };

struct item {
	uint32_t off;     /* in the image */
	uint8_t type;
	uint16_t low;     /* HI20: filled by make_items */
};

/* The entries of the image, in order. */
static const struct item items0[] = {
	{ 0, H | F, 0 }, { 4, LI | F, 0 }, { 8, H | RF, 0 }, { 12, LS | RF, 0 }, { 16, W | F, 0 },
	{ 20, W | R, 0 }, { 24, H | R, 0 }, { 28, LI | R, 0 }, { 32, H | AF, 0 }, { 36, LI | AF, 0 },
	{ 42, W | F, 0 }, { 46, H | RF, 0 }, { 50, LS | RF, 0 }, { 56, W | F, 0 }, { 60, W | R, 0 },
	{ 64, W | RF, 0 },
};
#define NITEMS (sizeof items0 / sizeof items0[0])

/* The image as linked with its binary at flash and its RAM at ram. */
static void make_image(uint8_t *img, uint32_t flash, uint32_t ram)
{
	uint32_t fs = flash + 0x40, rs = ram + 0x20, rs2 = ram + 0x7fc, rs3 = ram + 0x7ff;
	for (uint32_t i = 0; i < IMG; i += 4)
		put32(img + i, 0x00000013u);                          /* nop */
	put32(img + 0, u_type(0x37, 10, fs));                         /* lui a0, %hi(fs) */
	put32(img + 4, i_type(0x13, 0, 10, 10, fs));                  /* addi a0, a0, %lo(fs) */
	put32(img + 8, u_type(0x17, 11, rs - (flash + 8)));           /* auipc a1, %pcrel_hi(rs) */
	put32(img + 12, s_type(2, 11, 12, rs - (flash + 8)));         /* sw a2, %pcrel_lo(.)(a1) */
	put32(img + 16, fs + 4);                                      /* .word fs + 4 */
	put32(img + 20, rs2);                                         /* .word rs2 */
	put32(img + 24, u_type(0x37, 13, rs2));                       /* lui a3, %hi(rs2) */
	put32(img + 28, i_type(0x03, 2, 14, 13, rs2));                /* lw a4, %lo(rs2)(a3) */
	put32(img + 32, u_type(0x17, 15, 0u - (flash + 32)));         /* auipc a5 for address 0 */
	put32(img + 36, i_type(0x13, 0, 15, 15, 0u - (flash + 32)));  /* addi a5, a5, ... */
	put16(img + 40, 0x0001);                                      /* c.nop */
	put32(img + 42, flash);                                       /* .word (unaligned) image start */
	put32(img + 46, u_type(0x17, 5, rs3 - (flash + 46)));         /* auipc t0 (2-aligned) */
	put32(img + 50, s_type(0, 5, 6, rs3 - (flash + 46)));         /* sb t1, ...(t0) */
	put16(img + 54, 0x0001);
	put32(img + 56, flash + IMG);                                 /* .word end of image */
	put32(img + 60, ram + RAMSZ);                                 /* .word end of RAM */
	put32(img + 64, rs - (flash + 64));                           /* .word rs - . */
}

/* The entries with their HI20 low parts as linked at flash and ram. */
static void make_items(struct item *it, uint32_t flash, uint32_t ram)
{
	memcpy(it, items0, sizeof items0);
	it[0].low = (uint16_t)lo(flash + 0x40);
	it[2].low = (uint16_t)lo(ram + 0x20 - (flash + 8));
	it[6].low = (uint16_t)lo(ram + 0x7fc);
	it[8].low = (uint16_t)lo(0u - (flash + 32));
	it[11].low = (uint16_t)lo(ram + 0x7ff - (flash + 46));
}

static uint32_t uleb(uint8_t *out, uint32_t v)
{
	uint32_t n = 0;
	do {
		out[n] = (uint8_t)((v & 0x7f) | (v > 0x7f ? 0x80 : 0));
		v >>= 7;
		n++;
	} while (v);
	return n;
}

/* The TLV value for the entries it[0..n) (image offsets) of an image starting at PROT, linked
 * with its binary at flash and its RAM at ram. */
static uint32_t encode(uint8_t *out, const struct item *it, unsigned n, uint32_t flash, uint32_t ram)
{
	out[0] = RELOC_VERSION;
	out[1] = RELOC_ARCH_RV32;
	out[2] = 2;   /* flash deltas: multiples of 4 */
	out[3] = 3;   /* RAM deltas: multiples of 8 */
	put32(out + 4, flash);
	put32(out + 8, ram);
	put32(out + 12, IMG);
	put32(out + 16, RAMSZ);
	put32(out + 20, n);
	uint32_t len = RELOC_HEADER_SIZE, prev = 0;
	for (unsigned i = 0; i < n; i++) {
		uint32_t off = PROT + it[i].off;
		len += uleb(out + len, (off - prev) / 2 << 5 | it[i].type);
		if ((it[i].type & 3) == H) {
			put16(out + len, it[i].low);
			len += 2;
		}
		prev = off;
	}
	return len;
}

/* A relocatable TBF holding img and the table value table[0..len) (copies times), linked at
 * flash and ram. */
static uint32_t build_at(uint8_t *tbf, size_t cap, const uint8_t *img, const uint8_t *table,
			 uint16_t len, unsigned copies, bool sha, uint32_t flash, uint32_t ram,
			 uint32_t min_ram)
{
	struct tbf_opts o = { .name = "rel", .program = true, .fixed = true, .fixed_flash = flash,
			      .fixed_ram = ram, .extra_type = RELOC_TLV_TYPE, .extra = table,
			      .extra_len = len, .extra_count = copies, .sha256 = sha, .min_ram = min_ram };
	uint32_t hs = tbf_build_header_size(&o);
	assert_true(hs <= PROT);
	uint8_t bin[PROT + IMG];
	memset(bin, 0, PROT - hs);
	memcpy(bin + PROT - hs, img, IMG);
	o.trailer = PROT - hs;
	o.init_offset = PROT - hs;   /* the entry point is the binary's first byte */
	o.binary = bin;
	o.binary_size = PROT - hs + IMG;
	return tbf_build(tbf, cap, &o);
}

static uint32_t build(uint8_t *tbf, size_t cap, const uint8_t *img, const uint8_t *table,
		      uint16_t len, unsigned copies, bool sha)
{
	return build_at(tbf, cap, img, table, len, copies, sha, NOM_FLASH, NOM_RAM, 4096);
}

/* The standard app: its TBF in buf, parsed into *h and *t. */
static uint8_t app[2048];
static struct tbf_header app_h;
static struct reloc_table app_t;

static void make_app(bool sha)
{
	struct item it[NITEMS];
	uint8_t img[IMG], table[256];
	make_items(it, NOM_FLASH, NOM_RAM);
	make_image(img, NOM_FLASH, NOM_RAM);
	uint32_t len = encode(table, it, NITEMS, NOM_FLASH, NOM_RAM);
	build(app, sizeof app, img, table, (uint16_t)len, 1, sha);
	assert_int_equal(tbf_parse(app, sizeof app, &app_h), TBF_OK);
	struct reloc_cursor c = { 0, 0, 0 };
	enum reloc_error e = reloc_parse(app, &app_h, &app_t, &c);
	if (e != RELOC_OK)
		fail_msg("the test app's table: entry %u (offset 0x%x): %s", c.index, c.offset,
			 reloc_error_str(e));
}

static uint32_t rng_state = 12345;
static uint32_t rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 17;
	rng_state ^= rng_state << 5;
	return rng_state;
}

/* A random placement the table's alignment allows. */
static struct reloc_place random_place(void)
{
	struct reloc_place p = { 0x80000000u + (rnd() & 0x00fffffcu), 0x80200000u + (rnd() & 0x001ffff8u) };
	if (rnd() & 1)   /* sometimes RAM below flash, sometimes in another space altogether */
		p.ram = 0x20000000u + (rnd() & 0x000ffff8u);
	return p;
}

/* ---- The applier against the oracle ---------------------------------------------------- */

static void test_relocated_image_equals_the_image_linked_there(void **state)
{
	(void)state;
	make_app(false);
	struct reloc_place home = reloc_nominal(&app_t);
	for (int round = 0; round < 200; round++) {
		struct reloc_place to = random_place();
		uint8_t copy[sizeof app], want[IMG];
		memcpy(copy, app, sizeof copy);
		struct reloc_cursor c = { 0, 0, 0 };
		assert_int_equal(reloc_check_place(&app_t, &to), RELOC_OK);
		assert_int_equal(reloc_apply(&app_t, &c, &home, &to, 0, copy, app_t.image_end),
				 (int32_t)app_t.image_end);
		make_image(want, to.flash, to.ram);
		assert_memory_equal(copy + PROT, want, IMG);
		/* Nothing else changed: header, table, trailer, footers. */
		assert_memory_equal(copy, app, PROT);
		assert_memory_equal(copy + PROT + IMG, app + PROT + IMG, sizeof app - PROT - IMG);
	}
}

static void test_moving_there_and_back_is_the_identity(void **state)
{
	(void)state;
	make_app(false);
	struct reloc_place home = reloc_nominal(&app_t);
	for (int round = 0; round < 100; round++) {
		struct reloc_place a = random_place(), b = random_place();
		uint8_t copy[sizeof app], want[IMG];
		memcpy(copy, app, sizeof copy);
		struct reloc_cursor c = { 0, 0, 0 };
		assert_true(reloc_apply(&app_t, &c, &home, &a, 0, copy, app_t.image_end) > 0);
		c = (struct reloc_cursor){ 0, 0, 0 };
		assert_true(reloc_apply(&app_t, &c, &a, &b, 0, copy, app_t.image_end) > 0);
		make_image(want, b.flash, b.ram);
		assert_memory_equal(copy + PROT, want, IMG);   /* from a placed image to another */
		c = (struct reloc_cursor){ 0, 0, 0 };
		assert_true(reloc_apply(&app_t, &c, &b, &home, 0, copy, app_t.image_end) > 0);
		assert_memory_equal(copy, app, sizeof app);
	}
}

/* Feeds the image in chunks of random sizes, carrying what is not final, as an installer
 * writing flash does; the result is the whole-image result, and no call writes outside its
 * chunk. */
static void test_chunks_of_any_size_give_the_same_image(void **state)
{
	(void)state;
	make_app(false);
	struct reloc_place home = reloc_nominal(&app_t);
	for (int round = 0; round < 200; round++) {
		struct reloc_place to = random_place();
		uint8_t whole[sizeof app], out[sizeof app];
		memcpy(whole, app, sizeof whole);
		struct reloc_cursor c = { 0, 0, 0 };
		reloc_apply(&app_t, &c, &home, &to, 0, whole, app_t.image_end);
		c = (struct reloc_cursor){ 0, 0, 0 };
		uint32_t off = 0, end = app_t.image_end;
		while (off < end) {
			uint32_t n = 4 + rnd() % 13;
			if (n > end - off)
				n = end - off;
			uint8_t chunk[32 + 16];
			memset(chunk, 0xee, sizeof chunk);
			memcpy(chunk + 8, app + off, n);
			int32_t done = reloc_apply(&app_t, &c, &home, &to, off, chunk + 8, n);
			assert_true(done >= 0 && (uint32_t)done <= n);
			assert_true(done > 0 || n < 4);
			for (unsigned k = 0; k < 8; k++) {
				assert_int_equal(chunk[k], 0xee);           /* guard before */
				assert_int_equal(chunk[8 + n + k], 0xee);   /* guard after */
			}
			memcpy(out + off, chunk + 8, (size_t)done);
			off += (uint32_t)done;
		}
		assert_memory_equal(out, whole, end);
	}
}

static void test_an_entry_split_by_the_chunk_start_is_an_error(void **state)
{
	(void)state;
	make_app(false);
	struct reloc_place home = reloc_nominal(&app_t), to = { NOM_FLASH + 0x1000, NOM_RAM + 8 };
	uint8_t copy[sizeof app];
	memcpy(copy, app, sizeof copy);
	struct reloc_cursor c = { 0, 0, 0 };
	/* Bytes 2.. of the first entry: it starts before the chunk and reaches into it. */
	assert_int_equal(reloc_apply(&app_t, &c, &home, &to, PROT + 2, copy + PROT + 2, 16),
			 -(int32_t)RELOC_SPLIT);
	assert_int_equal(c.index, 0);
	assert_int_equal(c.offset, PROT);
	/* A chunk that ends inside an entry stops before it. */
	c = (struct reloc_cursor){ 0, 0, 0 };
	assert_int_equal(reloc_apply(&app_t, &c, &home, &to, 0, copy, PROT + 2), (int32_t)PROT);
	/* And a cursor past the chunk's start begins again from the first entry. */
	assert_int_equal(reloc_apply(&app_t, &c, &home, &to, PROT, copy + PROT, 8), 8);
	assert_int_equal(c.index, 2);
}

static void test_a_misaligned_placement_is_refused(void **state)
{
	(void)state;
	make_app(false);
	struct reloc_place p = { NOM_FLASH + 2, NOM_RAM };
	assert_int_equal(reloc_check_place(&app_t, &p), RELOC_MISALIGNED);
	p = (struct reloc_place){ NOM_FLASH + 4, NOM_RAM + 4 };
	assert_int_equal(reloc_check_place(&app_t, &p), RELOC_MISALIGNED);
	p = (struct reloc_place){ NOM_FLASH - 4, NOM_RAM - 8 };
	assert_int_equal(reloc_check_place(&app_t, &p), RELOC_OK);
}

/* ---- Malformed tables: each class is refused, with the entry at fault -------------------- */

/* Parses a TBF built from img and the table value table[0..len) (copies times). */
static enum reloc_error parse_table(const uint8_t *img, const uint8_t *table, uint32_t len,
				    unsigned copies, struct reloc_cursor *c)
{
	static uint8_t tbf[2048];
	struct tbf_header h;
	struct reloc_table t;
	build(tbf, sizeof tbf, img, table, (uint16_t)len, copies, false);
	assert_int_equal(tbf_parse(tbf, sizeof tbf, &h), TBF_OK);
	*c = (struct reloc_cursor){ 0, 0, 0 };
	return reloc_parse(tbf, &h, &t, c);
}

static void test_every_malformed_table_class_is_refused(void **state)
{
	(void)state;
	struct item it[NITEMS];
	uint8_t img[IMG], t[256];
	struct reloc_cursor c;
	make_items(it, NOM_FLASH, NOM_RAM);
	make_image(img, NOM_FLASH, NOM_RAM);
	uint32_t len = encode(t, it, NITEMS, NOM_FLASH, NOM_RAM);
	assert_int_equal(parse_table(img, t, len, 1, &c), RELOC_OK);
	assert_int_equal(parse_table(img, t, len, 2, &c), RELOC_DUPLICATE);
	assert_int_equal(parse_table(img, t, RELOC_HEADER_SIZE - 1, 1, &c), RELOC_BAD_HEADER);

	uint8_t m[256];
#define MUTATED(stmt) (memcpy(m, t, len), (stmt), parse_table(img, m, len, 1, &c))
	assert_int_equal(MUTATED(m[0] = 2), RELOC_BAD_VERSION);
	assert_int_equal(MUTATED(m[1] = 2), RELOC_BAD_ARCH);
	assert_int_equal(MUTATED(m[2] = 17), RELOC_BAD_HEADER);       /* alignment over 64 KiB */
	assert_int_equal(MUTATED(m[3] = 17), RELOC_BAD_HEADER);
	assert_int_equal(MUTATED(put32(m + 12, IMG + 4 + 40)), RELOC_BAD_HEADER); /* past binary end */
	assert_int_equal(MUTATED(put32(m + 12, 3)), RELOC_BAD_HEADER);  /* shorter than a word */
	assert_int_equal(MUTATED(put32(m + 16, 4097)), RELOC_BAD_HEADER); /* more RAM than min RAM */
	assert_int_equal(MUTATED(put32(m + 20, len)), RELOC_BAD_ENCODING); /* more entries than bytes */
	assert_int_equal(MUTATED(put32(m + 20, NITEMS + 1)), RELOC_BAD_ENCODING); /* runs out */
	assert_int_equal(c.index, NITEMS);
	assert_int_equal(MUTATED(put32(m + 20, NITEMS - 1)), RELOC_BAD_ENCODING); /* bytes left */
	assert_int_equal(c.index, NITEMS - 1);
	/* The first entry: 2 LEB128 bytes (gap 256 / 2 << 5 | type), then its 2 low bytes. */
	assert_int_equal(MUTATED(m[24] = (uint8_t)((m[24] & ~31) | 16)), RELOC_BAD_TYPE);
	assert_int_equal(MUTATED(m[24] = (uint8_t)((m[24] & ~31) | 31)), RELOC_BAD_TYPE);
	assert_int_equal(c.index, 0);
	assert_int_equal(MUTATED(m[27] = 0x10), RELOC_BAD_ENCODING);  /* low part over 12 bits */
	/* gap 8 for the first entry, kept 2 bytes long (a non-minimal LEB128 is allowed). */
	assert_int_equal(MUTATED((m[24] = (uint8_t)(0x80 | (4 << 5 & 0x7f) | (m[24] & 31)), m[25] = 4 << 5 >> 7)),
			 RELOC_IN_HEADER);
	assert_int_equal(c.offset, 8);
	/* The second entry (byte 28: gap 4 / 2 << 5 | type) 2 bytes after the first. */
	assert_int_equal(MUTATED(m[28] = (uint8_t)(1 << 5 | (m[28] & 31))), RELOC_OVERLAP);
	assert_int_equal(c.index, 1);
	assert_int_equal(c.offset, PROT + 2);
	assert_int_equal(MUTATED(put32(m + 12, 60)), RELOC_OUTSIDE);   /* entries past the image */
	assert_int_equal(c.offset, PROT + 60);
	/* A LEB128 longer than five bytes, or whose fifth byte overflows 32 bits. */
	uint8_t bad[RELOC_HEADER_SIZE + 16];
	memcpy(bad, t, RELOC_HEADER_SIZE);
	put32(bad + 20, 1);
	memcpy(bad + RELOC_HEADER_SIZE, (const uint8_t[]){ 0x80, 0x80, 0x80, 0x80, 0x80, 0x00 }, 6);
	assert_int_equal(parse_table(img, bad, RELOC_HEADER_SIZE + 6, 1, &c), RELOC_BAD_ENCODING);
	memcpy(bad + RELOC_HEADER_SIZE, (const uint8_t[]){ 0x80, 0x80, 0x80, 0x80, 0x10 }, 5);
	assert_int_equal(parse_table(img, bad, RELOC_HEADER_SIZE + 5, 1, &c), RELOC_BAD_ENCODING);
	/* A gap that wraps past 2^32. */
	memcpy(bad + RELOC_HEADER_SIZE, (const uint8_t[]){ 0x80 | 2, 0x80, 0x80, 0x80, 0x0f, 0xe0, 0xff, 0xff, 0xff, 0x0f }, 10);
	put32(bad + 20, 2);
	assert_int_not_equal(parse_table(img, bad, RELOC_HEADER_SIZE + 10, 1, &c), RELOC_OK);
#undef MUTATED
}

/* Content checks happen where entries are applied: the instruction and the target. */
static void test_instructions_and_targets_are_checked_before_patching(void **state)
{
	(void)state;
	struct reloc_place to = { NOM_FLASH + 0x100, NOM_RAM + 0x100 };
	static const struct { uint32_t off, value; enum reloc_error e; } cases[] = {
		{ 0, 0x00000513u, RELOC_BAD_INSTRUCTION },   /* lui replaced by addi */
		{ 8, 0x00000537u, RELOC_BAD_INSTRUCTION },   /* auipc replaced by lui (ram-pcrel needs auipc) */
		{ 4, 0x00000537u, RELOC_BAD_INSTRUCTION },   /* addi replaced by lui */
		{ 12, 0x00000513u, RELOC_BAD_INSTRUCTION },  /* sw replaced by addi */
		{ 16, 0x10000000u, RELOC_BAD_TARGET },       /* word/flash to nowhere */
		{ 16, NOM_FLASH - 4, RELOC_BAD_TARGET },     /* just before the image */
		{ 20, NOM_RAM + RAMSZ + 1, RELOC_BAD_TARGET },   /* just past the end of RAM */
		{ 24, 0x10000537u, RELOC_BAD_TARGET },       /* lui of an address outside RAM */
		{ 64, 0x40000000u, RELOC_BAD_TARGET },       /* word/ram-pcrel outside RAM */
	};
	for (unsigned i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		make_app(false);
		uint8_t *site = app + PROT + cases[i].off;
		put32(site, cases[i].value);
		struct reloc_place home = reloc_nominal(&app_t);
		uint8_t copy[sizeof app];
		memcpy(copy, app, sizeof copy);
		struct reloc_cursor c = { 0, 0, 0 };
		assert_int_equal(reloc_apply(&app_t, &c, &home, &to, 0, copy, app_t.image_end),
				 -(int32_t)cases[i].e);
		assert_int_equal(c.offset, PROT + cases[i].off);
		/* The entry at fault is not written. */
		assert_memory_equal(copy + PROT + cases[i].off, site, 4);
	}
}

/* ---- Credentials over the canonical image ------------------------------------------------ */

static void test_a_relocated_copy_hashes_to_the_canonical_digest(void **state)
{
	(void)state;
	make_app(true);
	uint8_t want[SHA256_DIGEST_SIZE], got[SHA256_DIGEST_SIZE];
	sha256(app, app_h.binary_end_offset, want);
	struct reloc_place home = reloc_nominal(&app_t);
	for (int round = 0; round < 20; round++) {
		struct reloc_place to = random_place();
		uint8_t copy[sizeof app];
		memcpy(copy, app, sizeof copy);
		struct reloc_cursor c = { 0, 0, 0 };
		reloc_apply(&app_t, &c, &home, &to, 0, copy, app_t.image_end);
		assert_memory_not_equal(copy, app, app_h.binary_end_offset);
		assert_int_equal(reloc_sha256(copy, app_h.binary_end_offset, &app_t, &to, got, NULL), RELOC_OK);
		assert_memory_equal(got, want, sizeof want);
		/* Any change to a relocated byte, another byte or the table changes the digest. */
		for (uint32_t k = 0; k < 3; k++) {
			uint8_t bad[sizeof app];
			memcpy(bad, copy, sizeof bad);
			uint32_t at = k == 0 ? PROT + 1 : k == 1 ? PROT + 70 : (uint32_t)(app_t.entries - app) + 5;
			bad[at] ^= 0x04;
			struct reloc_table t = app_t;
			t.entries = bad + (app_t.entries - app);
			enum reloc_error e = reloc_sha256(bad, app_h.binary_end_offset, &t, &to, got, NULL);
			assert_true(e != RELOC_OK || memcmp(got, want, sizeof want) != 0);
		}
	}
	/* Told the wrong placement, the digest does not match either. */
	struct reloc_place to = { NOM_FLASH + 0x40, NOM_RAM + 0x40 }, other = { NOM_FLASH + 0x40, NOM_RAM + 0x48 };
	uint8_t copy[sizeof app];
	memcpy(copy, app, sizeof copy);
	struct reloc_cursor c = { 0, 0, 0 };
	reloc_apply(&app_t, &c, &home, &to, 0, copy, app_t.image_end);
	reloc_sha256(copy, app_h.binary_end_offset, &app_t, &other, got, NULL);
	assert_memory_not_equal(got, want, sizeof want);
}

/* ---- The loader: relocatable apps at boot --------------------------------------------- */

#define FLASH_SIZE 0x8000u
#define RAM_SIZE 0x8000u
static uint8_t *flash, *ram;
static uint32_t fl, ram0;

static int setup(void **state)
{
	(void)state;
	env_init();
	fake_uart_clear();
	if (!flash) {
		flash = lowmem_map(FLASH_SIZE);
		ram = lowmem_map(RAM_SIZE);
	}
	memset(flash, 0, FLASH_SIZE);
	fl = lowmem_addr(flash);
	ram0 = lowmem_addr(ram);
	loader_relocates_boot_apps = true;
	return 0;
}

static void assert_log(const char *text)
{
	if (!strstr(fake_uart.out, text))
		fail_msg("log lacks \"%s\"; it is:\n%s", text, fake_uart.out);
}

/* A relocatable app linked with its binary at flash and its RAM at ram, in app; its size. */
static uint32_t make_app_at(uint32_t flash, uint32_t ram, bool sha, uint32_t min_ram)
{
	struct item it[NITEMS];
	uint8_t img[IMG], table[256];
	make_items(it, flash, ram);
	make_image(img, flash, ram);
	uint32_t len = encode(table, it, NITEMS, flash, ram);
	return build_at(app, sizeof app, img, table, (uint16_t)len, 1, sha, flash, ram, min_ram);
}

static unsigned load(void)
{
	unsigned n = kernel_load_processes(fl, fl + FLASH_SIZE, ram0, ram0 + RAM_SIZE, NULL);
	env_run();
	return n;
}

static void test_two_copies_at_boot_are_patched_for_their_places(void **state)
{
	(void)state;
	/* Linked for a place at the start of flash and RAM; stored at 0x400 and 0x1000. */
	uint32_t size = make_app_at(fl + PROT, ram0, false, 4096);
	memcpy(env_mem(fl + 0x400), app, size);
	uint8_t pad[TBF_BASE_HEADER_SIZE];
	tbf_make_padding(pad, 0x400);
	memcpy(env_mem(fl), pad, sizeof pad);
	tbf_make_padding(pad, 0x1000 - 0x400 - size);
	memcpy(env_mem(fl + 0x400 + size), pad, sizeof pad);
	memcpy(env_mem(fl + 0x1000), app, size);
	assert_int_equal(load(), 2);
	for (unsigned i = 0; i < 2; i++) {
		struct process *p = &processes[i];
		uint8_t want[IMG];
		assert_int_equal(p->flash_start, fl + (i ? 0x1000u : 0x400u));
		make_image(want, p->app_start, p->mem_start);
		assert_memory_equal(env_mem(p->app_start), want, IMG);
	}
	assert_int_not_equal(processes[0].mem_start, processes[1].mem_start);
	/* The padding between them is untouched. */
	assert_memory_equal(env_mem(fl + 0x400 + size), pad, sizeof pad);
}

static void test_at_its_link_address_nothing_is_patched(void **state)
{
	(void)state;
	uint32_t size = make_app_at(fl + PROT, ram0, false, 4096);
	memcpy(env_mem(fl), app, size);
	assert_int_equal(load(), 1);
	assert_memory_equal(env_mem(fl), app, size);
	assert_int_equal(processes[0].mem_start, ram0);
}

static void test_credentials_are_checked_on_the_canonical_image_first(void **state)
{
	(void)state;
	uint32_t size = make_app_at(0x10000000u, 0x20000000u, true, 4096);
	memcpy(env_mem(fl), app, size);
	assert_int_equal(load(), 1);   /* verified, then patched: runs */
	uint8_t want[IMG];
	make_image(want, fl + PROT, processes[0].mem_start);
	assert_memory_equal(env_mem(fl + PROT), want, IMG);

	/* A table changed after signing: the credential no longer matches; nothing is patched. */
	setup(NULL);
	size = make_app_at(0x10000000u, 0x20000000u, true, 4096);
	struct tbf_header h;
	struct reloc_table t;
	assert_int_equal(tbf_parse(app, size, &h), TBF_OK);
	assert_int_equal(reloc_parse(app, &h, &t, NULL), RELOC_OK);
	app[t.entries - app + 3] ^= 0x01;   /* a low part of the first HI20 entry */
	tbf_wr32(app + 12, tbf_header_checksum(app, h.header_size));
	memcpy(env_mem(fl), app, size);
	assert_int_equal(load(), 0);
	assert_log("not started: SHA-256 credential does not match the app");
	assert_memory_equal(env_mem(fl), app, size);

	/* A changed instruction: the same. */
	setup(NULL);
	size = make_app_at(0x10000000u, 0x20000000u, true, 4096);
	app[PROT + 70] ^= 0x80;
	memcpy(env_mem(fl), app, size);
	assert_int_equal(load(), 0);
	assert_log("not started: SHA-256 credential does not match the app");
	assert_memory_equal(env_mem(fl), app, size);
}

static void test_a_malformed_table_refuses_the_app_and_writes_nothing(void **state)
{
	(void)state;
	uint32_t size = make_app_at(0x10000000u, 0x20000000u, false, 4096);
	put32(app + PROT + 16, 0x30000000u);   /* word/flash entry pointing nowhere */
	memcpy(env_mem(fl), app, size);
	/* A second, good app after it still runs. */
	uint32_t size2 = make_app_at(0x10000000u, 0x20000000u, false, 4096);
	memcpy(env_mem(fl + 0x800), app, size2);
	uint8_t pad[TBF_BASE_HEADER_SIZE];
	tbf_make_padding(pad, 0x800 - size);
	memcpy(env_mem(fl + size), pad, sizeof pad);
	uint8_t before[FLASH_SIZE];
	memcpy(before, flash, FLASH_SIZE);
	assert_int_equal(load(), 1);
	assert_log("relocation entry 4 (offset 0x110): relocation points outside the app");
	assert_log("not started: relocation points outside the app");
	/* The refused app's entries before the bad one may be patched, but nothing outside its
	 * image changed, and the good app is intact apart from its own image. */
	assert_memory_equal(flash, before, PROT);
	assert_memory_equal(flash + PROT + IMG, before + PROT + IMG, 0x800 + PROT - (PROT + IMG));
	assert_memory_equal(flash + 0x800 + PROT + IMG, before + 0x800 + PROT + IMG,
			    FLASH_SIZE - (0x800 + PROT + IMG));

	/* A table that does not parse: refused at the check stage, logged with its entry. */
	setup(NULL);
	size = make_app_at(0x10000000u, 0x20000000u, false, 4096);
	struct tbf_header h;
	struct reloc_table t;
	tbf_parse(app, size, &h);
	reloc_parse(app, &h, &t, NULL);
	uint8_t *second = (uint8_t *)t.entries + 4;   /* 2 + 2 bytes: the first entry */
	*second = (uint8_t)(1 << 5 | (*second & 31));
	tbf_wr32(app + 12, tbf_header_checksum(app, h.header_size));
	memcpy(env_mem(fl), app, size);
	assert_int_equal(load(), 0);
	assert_log("relocation entry 1 (offset 0x102): relocations overlap or out of order");
	assert_log("not started: relocations overlap or out of order");
	assert_memory_equal(env_mem(fl), app, size);
}

static void test_without_boot_patching_it_runs_only_where_it_was_linked(void **state)
{
	(void)state;
	loader_relocates_boot_apps = false;
	uint32_t size = make_app_at(fl + PROT, ram0 + 0x1000, false, 4096);
	memcpy(env_mem(fl), app, size);
	memcpy(env_mem(fl + 0x800), app, size);
	uint8_t pad[TBF_BASE_HEADER_SIZE];
	tbf_make_padding(pad, 0x800 - size);
	memcpy(env_mem(fl + size), pad, sizeof pad);
	assert_int_equal(load(), 1);
	assert_log("not started: not at its link address (no boot relocation)");
	assert_int_equal(processes[0].flash_start, fl);
	assert_int_equal(processes[0].mem_start, ram0 + 0x1000);   /* its RAM where it was linked */
	assert_memory_equal(env_mem(fl), app, size);
}

static void test_an_installer_relocated_copy_is_checked_against_the_canonical_one(void **state)
{
	(void)state;
	uint32_t size = make_app_at(0x10000000u, 0x20000000u, true, 4096);
	struct tbf_header h;
	struct reloc_table t;
	assert_int_equal(tbf_parse(app, size, &h), TBF_OK);
	assert_int_equal(reloc_parse(app, &h, &t, NULL), RELOC_OK);
	/* Written to flash in chunks as an installer would, patched for where it lands. */
	uint32_t at = fl + 0x100, ram_at = ram0 + 0x2000;
	struct reloc_place home = reloc_nominal(&t), to = { at + PROT, ram_at };
	struct reloc_cursor c = { 0, 0, 0 };
	uint8_t *dst = env_mem(at);
	for (uint32_t off = 0; off < size;) {
		uint32_t n = size - off < 100 ? size - off : 100;
		uint8_t chunk[100];
		memcpy(chunk, app + off, n);
		int32_t done = off < t.image_end ? reloc_apply(&t, &c, &home, &to, off, chunk, n) : (int32_t)n;
		assert_true(done > 0);
		memcpy(dst + off, chunk, (size_t)done);
		off += (uint32_t)done;
	}
	struct tbf_header hp;
	assert_int_equal(tbf_parse(dst, size, &hp), TBF_OK);
	struct app_info info;
	assert_null(loader_check_relocated(dst, &hp, NULL, ram_at, &info));
	assert_true(info.relocatable);
	/* The copy as it is fails the plain check (its bytes are not the signed ones)... */
	assert_string_equal(loader_check(dst, &hp, NULL, &info), "SHA-256 credential does not match the app");
	/* ... and a tampered copy, or the wrong RAM, fails the relocated check (told the wrong RAM,
	 * its end-of-RAM pointers point outside the app: refused before the digest is compared). */
	assert_string_equal(loader_check_relocated(dst, &hp, NULL, ram_at + 8, &info),
			    "relocation points outside the app");
	assert_string_equal(loader_check_relocated(dst, &hp, NULL, ram_at - 8, &info),
			    "relocation points outside the app");
	dst[PROT + 70] ^= 0x10;
	assert_string_equal(loader_check_relocated(dst, &hp, NULL, ram_at, &info),
			    "SHA-256 credential does not match the app");
	dst[PROT + 70] ^= 0x10;
	dst[PROT + 9] ^= 0x02;   /* a relocated auipc's register */
	assert_string_equal(loader_check_relocated(dst, &hp, NULL, ram_at, &info),
			    "SHA-256 credential does not match the app");
	dst[PROT + 9] ^= 0x02;
	assert_null(loader_check_relocated(dst, &hp, NULL, ram_at, &info));
	/* Misplaced for its alignment: refused before hashing. */
	assert_string_equal(loader_check_relocated(dst, &hp, NULL, ram_at + 4, &info),
			    "placement breaks app alignment");
	/* An app without a table is not a relocated one. */
	uint32_t plain = fl + 0x2000;
	tbf_build(env_mem(plain), 0x1000, &(struct tbf_opts){ .name = "plain" });
	assert_int_equal(tbf_parse(env_mem(plain), 0x1000, &hp), TBF_OK);
	assert_string_equal(loader_check_relocated(env_mem(plain), &hp, NULL, ram_at, &info),
			    "no relocation table");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_relocated_image_equals_the_image_linked_there),
		cmocka_unit_test(test_moving_there_and_back_is_the_identity),
		cmocka_unit_test(test_chunks_of_any_size_give_the_same_image),
		cmocka_unit_test(test_an_entry_split_by_the_chunk_start_is_an_error),
		cmocka_unit_test(test_a_misaligned_placement_is_refused),
		cmocka_unit_test(test_every_malformed_table_class_is_refused),
		cmocka_unit_test(test_instructions_and_targets_are_checked_before_patching),
		cmocka_unit_test(test_a_relocated_copy_hashes_to_the_canonical_digest),
		cmocka_unit_test_setup(test_two_copies_at_boot_are_patched_for_their_places, setup),
		cmocka_unit_test_setup(test_at_its_link_address_nothing_is_patched, setup),
		cmocka_unit_test_setup(test_credentials_are_checked_on_the_canonical_image_first, setup),
		cmocka_unit_test_setup(test_a_malformed_table_refuses_the_app_and_writes_nothing, setup),
		cmocka_unit_test_setup(test_without_boot_patching_it_runs_only_where_it_was_linked, setup),
		cmocka_unit_test_setup(test_an_installer_relocated_copy_is_checked_against_the_canonical_one, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
