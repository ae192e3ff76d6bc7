/* ARMv7-M MPU region arithmetic (pure; compiled for the host too so it can be tested exhaustively). */
#include "include/arch/cmpu.h"   /* by path: tests/unit/test_cmpu.c compiles this file too */

/* One hardware region: 2^k bytes at base, subregions in srd disabled. */
struct hw_region {
	uint32_t base;
	uint8_t k;
	uint8_t srd;
};

/*
 * The hardware region that covers the longest prefix [start, e) of [start, end) exactly, and
 * e (start when none can). Tries every size: a region of 2^k bytes holding start covers from
 * its base; below 256 bytes it must start at start and fit whole, from 256 bytes start must
 * be a subregion boundary and the cover ends at the last subregion boundary not past end or
 * the region's end. Ties go to the smaller region.
 */
static uint64_t widest(uint32_t start, uint64_t end, struct hw_region *out)
{
	uint64_t best = start;
	for (unsigned k = 5; k <= 32; k++) {
		/* Sizes are powers of two written as shifts of 1, so that GCC turns % and / by
		 * them into masks and shifts (no 64-bit division routine in the kernel) while
		 * the proof reads plain arithmetic. */
		uint64_t n = (uint64_t)1 << k;
		uint64_t base = start - start % n;
		uint64_t e;
		if (n < 256) {
			if (base != start || start + n > end)
				continue;
			e = start + n;
		} else {
			uint64_t sub = (uint64_t)1 << (k - 3);   /* an eighth */
			if ((start - base) % sub)
				break;   /* larger regions have larger subregions: none fits */
			uint64_t top = base + n < end ? base + n : end;
			e = top - (top - base) % sub;
			if (e <= start)
				continue;
		}
		if (e > best) {
			best = e;
			out->base = (uint32_t)base;
			out->k = (uint8_t)k;
			out->srd = 0;
			if (n >= 256) {
				/* Subregions [i0, i1) hold [start, e): disable the others. In 32 bits
				 * (e - base can be 2^32, e - base - 1 cannot). */
				unsigned i0 = (uint32_t)(start - base) / (1u << (k - 3));
				unsigned i1 = (uint32_t)(e - base - 1u) / (1u << (k - 3)) + 1u;
				out->srd = (uint8_t)(255u + (1u << i0) - (1u << i1));
			}
		}
	}
	return best;
}

/* Covers [start, end) with at most max hardware regions; returns how many it used, or
 * max + 1 when it needs more (or the bounds are not granule multiples). */
static unsigned cover(uint32_t start, uint32_t end, struct hw_region *out, unsigned max)
{
	if (end < start || start % CMPU_GRANULE || end % CMPU_GRANULE)
		return max + 1;
	unsigned used = 0;
	uint64_t at = start;
	while (at < end) {
		struct hw_region r;
		if (used == max)
			return max + 1;
		uint64_t e = widest((uint32_t)at, end, &r);
		if (e == at)
			return max + 1;   /* unreachable for granule multiples: 32 bytes always fit */
		if (out)
			out[used] = r;
		used++;
		at = e;
	}
	return used;
}

unsigned cmpu_regions_needed(uint32_t start, uint32_t end)
{
	return cover(start, end, 0, CMPU_REGIONS);
}

static void disable_all(struct cmpu_image *out)
{
	for (unsigned i = 0; i < CMPU_REGIONS; i++) {
		out->rbar[i] = CMPU_RBAR_VALID + i;
		out->rasr[i] = 0;
	}
}

/* RASR access bits for a set of rights, or 0xffffffff when the MPU cannot express it. */
static uint32_t access_bits(uint8_t perms)
{
	switch (perms) {
	case MPU_R: return CMPU_AP_RO << CMPU_RASR_AP_SHIFT | CMPU_RASR_XN;
	case MPU_R | MPU_X: return CMPU_AP_RO << CMPU_RASR_AP_SHIFT;
	case MPU_R | MPU_W: return CMPU_AP_RW << CMPU_RASR_AP_SHIFT | CMPU_RASR_XN;
	case MPU_R | MPU_W | MPU_X: return CMPU_AP_RW << CMPU_RASR_AP_SHIFT;
	default: return 0xffffffffu;   /* W or X without R: fetches and writes need read on PMSAv7 */
	}
}

enum cmpu_error cmpu_encode(const struct mpu_region *regions, unsigned n, struct cmpu_image *out)
{
	disable_all(out);
	for (unsigned i = 0; i < n; i++) {
		const struct mpu_region *r = &regions[i];
		if (r->start % CMPU_GRANULE || r->end % CMPU_GRANULE)
			return CMPU_EALIGN;
		if (r->end < r->start)
			return CMPU_EORDER;
		if (r->perms && access_bits(r->perms) == 0xffffffffu)
			return CMPU_EPERM;
		for (unsigned j = 0; j < i; j++)
			if (r->start < r->end && regions[j].start < regions[j].end &&
			    r->start < regions[j].end && regions[j].start < r->end)
				return CMPU_EOVERLAP;
	}
	unsigned slot = 0;
	for (unsigned i = 0; i < n; i++) {
		if (!regions[i].perms)
			continue;   /* grants nothing; the background already denies */
		struct hw_region hw[CMPU_REGIONS];
		unsigned used = cover(regions[i].start, regions[i].end, hw, CMPU_REGIONS - slot);
		if (used > CMPU_REGIONS - slot) {
			disable_all(out);
			return CMPU_ETOOMANY;
		}
		for (unsigned j = 0; j < used; j++, slot++) {
			/* The fields occupy separate bits, so + is |; the proof reads sums. */
			out->rbar[slot] = hw[j].base + CMPU_RBAR_VALID + slot;
			out->rasr[slot] = CMPU_RASR_ENABLE + ((uint32_t)hw[j].k - 1u) * 2u +
					  (uint32_t)hw[j].srd * 256u + CMPU_RASR_NORMAL +
					  access_bits(regions[i].perms);
		}
	}
	return CMPU_OK;
}

/* The unprivileged rights an enabled region gives, from its AP and XN bits (PMSAv7 table:
 * AP 010, 110 and 111 read-only, 011 read/write, the rest no access). */
static uint8_t region_rights(uint32_t rasr)
{
	uint8_t r;
	switch ((rasr >> CMPU_RASR_AP_SHIFT) & 7u) {
	case 2: case 6: case 7: r = MPU_R; break;
	case 3: r = MPU_R | MPU_W; break;
	default: return 0;
	}
	if (!(rasr & CMPU_RASR_XN))
		r |= MPU_X;
	return r;
}

/* The rights at byte a: from the highest-numbered region that matches it, else none. */
static uint8_t rights_at(const struct cmpu_image *m, uint32_t a)
{
	for (int i = CMPU_REGIONS - 1; i >= 0; i--) {
		uint32_t rasr = m->rasr[i];
		if (!(rasr & CMPU_RASR_ENABLE))
			continue;
		unsigned k = ((rasr >> CMPU_RASR_SIZE_SHIFT) & 31u) + 1u;
		if (k < 5)
			continue;   /* SIZE below 4 is reserved; such a region never matches here */
		uint64_t n = (uint64_t)1 << k;
		uint64_t base = (uint64_t)(m->rbar[i] & ~31u) & ~(n - 1);
		if (a < base || a >= base + n)
			continue;
		if (n >= 256) {
			unsigned sub = (unsigned)((a - base) / (n >> 3));
			if ((rasr >> (CMPU_RASR_SRD_SHIFT + sub)) & 1u)
				continue;   /* disabled subregion: falls through */
		}
		return region_rights(rasr);
	}
	return 0;
}

bool cmpu_allows(const struct cmpu_image *m, uint32_t addr, uint32_t size, uint8_t access)
{
	if (size == 0)
		return true;
	if (addr + (size - 1) < addr)
		return false;
	/* Every bound in an image is a multiple of 32, so one byte per 32-byte granule decides. */
	uint32_t last = addr + (size - 1);
	for (uint32_t g = addr & ~(CMPU_GRANULE - 1);; g += CMPU_GRANULE) {
		if ((rights_at(m, g) & access) != access)
			return false;
		if (g >= (last & ~(CMPU_GRANULE - 1)))
			break;
	}
	return true;
}
