/* Test helper: relocatable TBFs with every kind of relocation entry, and the oracle image for any placement. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <tick/reloc.h>
#include <tick/tbf.h>
#include "fakes/reloc_app.h"
#include "fakes/tbf_build.h"

/*
 * The image is made of 36-byte groups (a tail of nops):
 *   +0  lui a0, %hi(F)      +4  addi a0, a0, %lo(F)        F: an address in the image
 *   +8  auipc a1, %pcrel_hi(R)   +12 sw a2, %pcrel_lo(+8)(a1)   R: an address in the RAM
 *   +16 .word F             +20 .word R
 *   +24 lui a3, %hi(R2)     +28 lw a4, %lo(R2)(a3)         +32 nop
 * with targets that vary from group to group (and with the seed).
 */
#define GROUP 36u
enum { W = RELOC_WORD, H = RELOC_HI20, LI = RELOC_LO12_I, LS = RELOC_LO12_S };
enum { F = RELOC_FLASH << 2, R = RELOC_RAM << 2, RF = RELOC_RAM_PCREL << 2 };
static const uint8_t types[] = { H | F, LI | F, H | RF, LS | RF, W | F, W | R, H | R, LI | R };

static uint32_t hi(uint32_t v) { return (v + 0x800u) & 0xfffff000u; }
static uint32_t lo(uint32_t v) { return v & 0xfffu; }
static uint32_t itype(uint32_t op, uint32_t f3, uint32_t rd, uint32_t rs1, uint32_t v)
{
	return op | rd << 7 | f3 << 12 | rs1 << 15 | lo(v) << 20;
}
static uint32_t stype(uint32_t f3, uint32_t rs1, uint32_t rs2, uint32_t v)
{
	return 0x23u | (lo(v) & 0x1fu) << 7 | f3 << 12 | rs1 << 15 | rs2 << 20 | (lo(v) >> 5) << 25;
}

static uint32_t groups(const struct reloc_app *app)
{
	return app->image / GROUP;
}

/* Group g's targets, as offsets into the image and the RAM. */
static void targets(const struct reloc_app *app, uint32_t g, uint32_t *f, uint32_t *r, uint32_t *r2)
{
	uint32_t x = (g + 1) * 2654435761u ^ app->seed * 40503u;
	*f = (x % app->image) & ~3u;
	*r = (x >> 7) % RA_RAMSZ;
	*r2 = (x >> 3) % (RA_RAMSZ + 1);   /* up to the end of the RAM */
}

void reloc_app_image(const struct reloc_app *app, uint8_t *img, uint32_t flash, uint32_t ram)
{
	for (uint32_t i = 0; i < app->image; i += 4)
		tbf_wr32(img + i, 0x00000013u);
	for (uint32_t g = 0; g < groups(app); g++) {
		uint8_t *p = img + g * GROUP;
		uint32_t f, r, r2, pc = flash + g * GROUP + 8;
		targets(app, g, &f, &r, &r2);
		f += flash;
		r += ram;
		r2 += ram;
		tbf_wr32(p + 0, 0x37u | 10u << 7 | hi(f));
		tbf_wr32(p + 4, itype(0x13, 0, 10, 10, f));
		tbf_wr32(p + 8, 0x17u | 11u << 7 | hi(r - pc));
		tbf_wr32(p + 12, stype(2, 11, 12, r - pc));
		tbf_wr32(p + 16, f);
		tbf_wr32(p + 20, r);
		tbf_wr32(p + 24, 0x37u | 13u << 7 | hi(r2));
		tbf_wr32(p + 28, itype(0x03, 2, 14, 13, r2));
	}
}

uint32_t reloc_app_entries(const struct reloc_app *app)
{
	return groups(app) * 8;
}

static uint32_t uleb(uint8_t *out, uint32_t v)
{
	uint32_t n = 0;
	do {
		out[n++] = (uint8_t)((v & 0x7f) | (v > 0x7f ? 0x80 : 0));
		v >>= 7;
	} while (v);
	return n;
}

/* The table's value; returns its length. */
static uint32_t table(const struct reloc_app *app, uint32_t prot, uint8_t *out)
{
	out[0] = RELOC_VERSION;
	out[1] = RELOC_ARCH_RV32;
	out[2] = 2;
	out[3] = 3;
	tbf_wr32(out + 4, RA_FLASH);
	tbf_wr32(out + 8, RA_RAM);
	tbf_wr32(out + 12, app->image);
	tbf_wr32(out + 16, RA_RAMSZ);
	tbf_wr32(out + 20, reloc_app_entries(app));
	uint32_t len = RELOC_HEADER_SIZE, prev = 0;
	for (uint32_t g = 0; g < groups(app); g++) {
		uint32_t f, r, r2, pc = RA_FLASH + g * GROUP + 8;
		targets(app, g, &f, &r, &r2);
		uint32_t lows[8] = { lo(RA_FLASH + f), 0, lo(RA_RAM + r - pc), 0, 0, 0, lo(RA_RAM + r2), 0 };
		static const uint32_t at[8] = { 0, 4, 8, 12, 16, 20, 24, 28 };
		for (unsigned i = 0; i < 8; i++) {
			uint32_t off = prot + g * GROUP + at[i];
			len += uleb(out + len, (off - prev) / 2 << 5 | types[i]);
			if ((types[i] & 3) == H) {
				tbf_wr16(out + len, (uint16_t)lows[i]);
				len += 2;
			}
			prev = off;
		}
	}
	return len;
}

uint32_t reloc_app_build(const struct reloc_app *app, uint8_t *tbf, size_t cap)
{
	static uint8_t tab[16384], bin[16384 + 16384];
	if (app->image > 16384 || app->min_ram < RA_RAMSZ)
		abort();   /* a test's mistake (the fuzzer links this without cmocka) */
	/* The image starts at the protected size, a multiple of 256 past the header (which
	 * holds the table, whose first gap depends on where the image starts). */
	for (uint32_t prot = 256;; prot += 256) {
		uint32_t len = table(app, prot, tab);
		if (len > 0xffff)
			abort();
		struct tbf_opts o = { .name = app->name, .program = true, .fixed = true,
				      .fixed_flash = RA_FLASH, .fixed_ram = RA_RAM,
				      .extra_type = RELOC_TLV_TYPE, .extra = tab,
				      .extra_len = (uint16_t)len, .sha256 = app->sha256,
				      .min_ram = app->min_ram };
		uint32_t hs = tbf_build_header_size(&o);
		if (hs > prot)
			continue;
		memset(bin, 0, prot - hs);
		reloc_app_image(app, bin + prot - hs, RA_FLASH, RA_RAM);
		o.trailer = prot - hs;
		o.init_offset = prot - hs;
		o.binary = bin;
		o.binary_size = prot - hs + app->image;
		return tbf_build(tbf, cap, &o);
	}
}
