/* Unit tests of the pure PMP arithmetic (arch/rv32/pmp.c): fixed cases, random region sets against a byte model, process layouts. */
/* sources: arch/rv32/pmp.c kernel/mpu.c */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

/* The host build's <arch/...> headers are the host model's; the rv32 PMP header is named by
 * its path (it needs nothing but <tick/mpu.h>). */
#include "../../arch/rv32/include/arch/pmp.h"
#include "internal/process.h"

static const uint8_t accesses[] = { PMP_R, PMP_W, PMP_X, PMP_R | PMP_W, PMP_R | PMP_X, PMP_R | PMP_W | PMP_X };

static void assert_all_off(const struct pmp_config *c)
{
	assert_int_equal(c->entries, 0);
	for (unsigned i = 0; i < PMP_MAX_ENTRIES; i++) {
		assert_int_equal(c->cfg[i], 0);
		assert_int_equal(c->addr[i], 0);
	}
}

static void test_two_regions_become_off_tor_pairs(void **state)
{
	(void)state;
	struct mpu_region r[2] = { { 0x80100000, 0x80100400, PMP_R | PMP_X },
				   { 0x80300000, 0x80300800, PMP_R | PMP_W } };
	struct pmp_config c;
	memset(&c, 0xaa, sizeof c);
	assert_int_equal(pmp_compute(r, 2, 8, &c), PMP_OK);
	assert_int_equal(c.entries, 4);
	assert_int_equal(c.addr[0], 0x80100000u >> 2);
	assert_int_equal(c.cfg[0], 0);
	assert_int_equal(c.addr[1], 0x80100400u >> 2);
	assert_int_equal(c.cfg[1], PMP_A_TOR | PMP_R | PMP_X);
	assert_int_equal(c.addr[3], 0x80300800u >> 2);
	assert_int_equal(c.cfg[3], PMP_A_TOR | PMP_R | PMP_W);
	for (unsigned i = 4; i < PMP_MAX_ENTRIES; i++)
		assert_int_equal(c.cfg[i], 0);
	/* Exactly the region bytes, exactly the permissions. */
	assert_true(pmp_allows(&c, 0x80100000, 0x400, PMP_R | PMP_X));
	assert_false(pmp_allows(&c, 0x80100000, 4, PMP_W));
	assert_false(pmp_allows(&c, 0x800ffffc, 4, PMP_R));
	assert_false(pmp_allows(&c, 0x80100000, 0x401, PMP_R));
	assert_true(pmp_allows(&c, 0x803007ff, 1, PMP_W));
	assert_false(pmp_allows(&c, 0x80300800, 1, PMP_R));
	assert_false(pmp_allows(&c, 0x80300000, 4, PMP_X));
}

static void test_no_regions_deny_everything(void **state)
{
	(void)state;
	struct pmp_config c;
	assert_int_equal(pmp_compute(NULL, 0, 8, &c), PMP_OK);
	assert_all_off(&c);
	assert_false(pmp_allows(&c, 0, 1, PMP_R));
	assert_false(pmp_allows(&c, 0x80000000, 4, PMP_R));
	assert_false(pmp_allows(&c, 0xfffffffc, 4, PMP_X));
	assert_true(pmp_allows(&c, 0x1234, 0, PMP_W));   /* nothing accessed */
}

static void test_alignment_order_and_permission_errors(void **state)
{
	(void)state;
	struct pmp_config c;
	struct mpu_region r;
	r = (struct mpu_region){ 0x1002, 0x2000, PMP_R };
	assert_int_equal(pmp_compute(&r, 1, 8, &c), PMP_EALIGN);
	assert_all_off(&c);
	r = (struct mpu_region){ 0x1000, 0x2001, PMP_R };
	assert_int_equal(pmp_compute(&r, 1, 8, &c), PMP_EALIGN);
	r = (struct mpu_region){ 0x2000, 0x1000, PMP_R };
	assert_int_equal(pmp_compute(&r, 1, 8, &c), PMP_EORDER);
	assert_all_off(&c);
	r = (struct mpu_region){ 0x1000, 0x2000, PMP_W };
	assert_int_equal(pmp_compute(&r, 1, 8, &c), PMP_EPERM);
	r = (struct mpu_region){ 0x1000, 0x2000, PMP_W | PMP_X };
	assert_int_equal(pmp_compute(&r, 1, 8, &c), PMP_EPERM);
	r = (struct mpu_region){ 0x1000, 0x2000, PMP_R | PMP_A_TOR };
	assert_int_equal(pmp_compute(&r, 1, 8, &c), PMP_EPERM);
	assert_all_off(&c);
}

static void test_too_many_regions(void **state)
{
	(void)state;
	struct mpu_region r[9];
	struct pmp_config c;
	for (unsigned i = 0; i < 9; i++)
		r[i] = (struct mpu_region){ 0x1000 * (i + 1), 0x1000 * (i + 1) + 0x100, PMP_R };
	assert_int_equal(pmp_compute(r, 4, 8, &c), PMP_OK);
	assert_int_equal(pmp_compute(r, 5, 8, &c), PMP_ETOOMANY);
	assert_all_off(&c);
	assert_int_equal(pmp_compute(r, 1, 1, &c), PMP_ETOOMANY);
	assert_int_equal(pmp_compute(r, 8, 16, &c), PMP_OK);
	assert_int_equal(c.entries, 16);
	assert_true(pmp_allows(&c, 0x8000, 0x100, PMP_R));
	assert_int_equal(pmp_compute(r, 9, 16, &c), PMP_ETOOMANY);
	assert_int_equal(pmp_compute(r, 1, 17, &c), PMP_ETOOMANY);
}

static void test_overlap_but_touching_and_empty_are_fine(void **state)
{
	(void)state;
	struct pmp_config c;
	struct mpu_region touch[2] = { { 0x1000, 0x2000, PMP_R }, { 0x2000, 0x3000, PMP_R | PMP_W } };
	assert_int_equal(pmp_compute(touch, 2, 8, &c), PMP_OK);
	assert_true(pmp_allows(&c, 0x1ffc, 8, PMP_R));
	assert_false(pmp_allows(&c, 0x1ffc, 8, PMP_W));
	assert_true(pmp_allows(&c, 0x2000, 4, PMP_W));
	struct mpu_region over[2] = { { 0x1000, 0x2000, PMP_R }, { 0x1ffc, 0x3000, PMP_R } };
	assert_int_equal(pmp_compute(over, 2, 8, &c), PMP_EOVERLAP);
	assert_all_off(&c);
	struct mpu_region inside[2] = { { 0x1000, 0x2000, PMP_R }, { 0x1800, 0x1800, PMP_R | PMP_W } };
	assert_int_equal(pmp_compute(inside, 2, 8, &c), PMP_OK);
	assert_false(pmp_allows(&c, 0x1800, 4, PMP_W));   /* the empty region grants nothing */
}

static void test_accesses_that_wrap_or_reach_the_top(void **state)
{
	(void)state;
	struct pmp_config c;
	struct mpu_region top = { 0xffff0000, 0xfffffffc, PMP_R | PMP_W | PMP_X };
	assert_int_equal(pmp_compute(&top, 1, 8, &c), PMP_OK);
	assert_true(pmp_allows(&c, 0xfffffff8, 4, PMP_R));
	assert_false(pmp_allows(&c, 0xfffffffc, 1, PMP_R));   /* the last word is past end */
	assert_false(pmp_allows(&c, 0xfffffff8, 8, PMP_R));
	assert_false(pmp_allows(&c, 0xfffffff8, 0x10, PMP_R)); /* wraps to 0x8 */
	assert_false(pmp_allows(&c, 0xffff0000, 0xffffffff, PMP_R));
	struct mpu_region low = { 0, 0x100, PMP_R };
	assert_int_equal(pmp_compute(&low, 1, 8, &c), PMP_OK);
	assert_true(pmp_allows(&c, 0, 0x100, PMP_R));
	assert_false(pmp_allows(&c, 0xfffffffc, 8, PMP_R));   /* wraps into the region */
}

static void test_lowest_matching_entry_decides(void **state)
{
	(void)state;
	/* Hand-made overlapping entries (pmp_compute never makes them): entry 1 denies W on
	 * [0x100, 0x200), entry 3 would allow it; the hardware takes entry 1. */
	struct pmp_config c;
	memset(&c, 0, sizeof c);
	c.addr[0] = 0x100 >> 2;
	c.addr[1] = 0x200 >> 2;
	c.cfg[1] = PMP_A_TOR | PMP_R;
	c.addr[2] = 0x000 >> 2;
	c.addr[3] = 0x400 >> 2;
	c.cfg[3] = PMP_A_TOR | PMP_R | PMP_W;
	c.entries = 4;
	assert_false(pmp_allows(&c, 0x100, 4, PMP_W));
	assert_true(pmp_allows(&c, 0x0fc, 4, PMP_W));
	assert_true(pmp_allows(&c, 0x200, 4, PMP_W));
	assert_false(pmp_allows(&c, 0x1fc, 8, PMP_W));
	/* Entry 0 in TOR mode starts at address 0. */
	memset(&c, 0, sizeof c);
	c.addr[0] = 0x10 >> 2;
	c.cfg[0] = PMP_A_TOR | PMP_X;
	assert_true(pmp_allows(&c, 0, 0x10, PMP_X));
	assert_false(pmp_allows(&c, 0x10, 1, PMP_X));
	/* NAPOT/NA4 entries are not modelled: they match nothing. */
	c.cfg[0] = 0x18 | PMP_X;
	assert_false(pmp_allows(&c, 0, 4, PMP_X));
}

/* Random region sets over a 64-word window at base (a region may end up to 4 words past it),
 * checked word by word against a model. */
#define WORDS 64
#define SPAN (WORDS + 4)
static uint32_t rng_state = 0x12345678u;

static uint32_t rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 17;
	rng_state ^= rng_state << 5;
	return rng_state;
}

static uint32_t rnd_addr(uint32_t base)
{
	uint32_t a = base + 4 * (rnd() % (WORDS + 1));
	if (rnd() % 32 == 0)
		a += 1 + rnd() % 3;   /* sometimes misaligned */
	return a;
}

static bool valid_perm(uint8_t p)
{
	return (p & ~(PMP_R | PMP_W | PMP_X)) == 0 && (!(p & PMP_W) || (p & PMP_R));
}

static void random_sets(uint32_t base, unsigned rounds)
{
	unsigned ok_sets = 0;
	for (unsigned round = 0; round < rounds; round++) {
		struct mpu_region r[6];
		unsigned n = rnd() % 6;
		for (unsigned i = 0; i < n; i++) {
			uint32_t a = rnd_addr(base), b = rnd_addr(base);
			if (rnd() % 8 && b < a) {
				uint32_t t = a; a = b; b = t;
			}
			if (rnd() % 3 == 0 && (a & 3) == 0)
				b = a + 4 * (rnd() % 4);   /* small and empty regions */
			r[i] = (struct mpu_region){ a, b, (uint8_t)(rnd() % 16) };
		}
		/* Which errors apply, and the permission of every word when none does. */
		bool align = false, order = false, perm = false, overlap = false, toomany = n > 4;
		int owner[SPAN];
		for (unsigned w = 0; w < SPAN; w++)
			owner[w] = -1;
		for (unsigned i = 0; i < n; i++) {
			align |= (r[i].start | r[i].end) & 3u;
			order |= r[i].end < r[i].start;
			perm |= !valid_perm(r[i].perms);
			if (((r[i].start | r[i].end) & 3u) || r[i].end < r[i].start)
				continue;
			for (uint32_t a = r[i].start; a < r[i].end; a += 4) {
				unsigned w = (a - base) / 4;
				overlap |= owner[w] >= 0;
				owner[w] = (int)i;
			}
		}
		struct pmp_config c;
		enum pmp_error e = pmp_compute(r, n, 8, &c);
		if (!(align || order || perm || overlap || toomany)) {
			assert_int_equal(e, PMP_OK);
			ok_sets++;
		} else {
			assert_int_not_equal(e, PMP_OK);
			assert_true((e == PMP_EALIGN && align) || (e == PMP_EORDER && order) ||
				    (e == PMP_EPERM && perm) || (e == PMP_EOVERLAP && overlap) ||
				    (e == PMP_ETOOMANY && toomany));
			assert_all_off(&c);
			continue;
		}
		/* One word below the window to one word above the furthest region end. */
		for (int w = -1; w <= SPAN; w++) {
			uint32_t a = base + 4 * (uint32_t)w;
			uint8_t have = (w >= 0 && w < SPAN && owner[w] >= 0) ? r[owner[w]].perms : 0;
			for (unsigned k = 0; k < sizeof accesses; k++) {
				bool want = (have & accesses[k]) == accesses[k];
				assert_int_equal(pmp_allows(&c, a + rnd() % 4, 1, accesses[k]), want);
			}
		}
		for (unsigned k = 0; k < 32; k++) {
			uint32_t a = base + rnd() % (4 * WORDS), size = 1 + rnd() % 40;
			uint8_t acc = accesses[rnd() % sizeof accesses];
			bool want = true;
			for (uint32_t x = a & ~3u; x <= ((a + size - 1) & ~3u); x += 4) {
				unsigned w = (x - base) / 4;
				uint8_t have = (w < SPAN && owner[w] >= 0) ? r[owner[w]].perms : 0;
				want &= (have & acc) == acc;
			}
			assert_int_equal(pmp_allows(&c, a, size, acc), want);
		}
	}
	assert_true(ok_sets > rounds / 8);   /* the generator must produce enough valid sets */
}

static void test_random_region_sets_match_the_model(void **state)
{
	(void)state;
	random_sets(0x80000000u, 20000);
	random_sets(0x00000000u, 5000);
	random_sets(0xffffff00u - 4 * WORDS, 5000);
}

/* Every pair of regions in an 8-word window, with every valid permission: the bytes reachable
 * with each access are exactly those of the regions that grant it. */
static void test_every_pair_of_small_regions_exactly(void **state)
{
	(void)state;
	static const uint8_t perms[] = { 0, PMP_R, PMP_X, PMP_R | PMP_X, PMP_R | PMP_W, PMP_R | PMP_W | PMP_X };
	unsigned checked = 0;
	for (uint32_t s0 = 0; s0 <= 8; s0++)
	for (uint32_t e0 = s0; e0 <= 8; e0++)
	for (uint32_t s1 = 0; s1 <= 8; s1++)
	for (uint32_t e1 = s1; e1 <= 8; e1++)
	for (unsigned p0 = 0; p0 < sizeof perms; p0++)
	for (unsigned p1 = 0; p1 < sizeof perms; p1++) {
		struct mpu_region r[2] = { { 0x400 + 4 * s0, 0x400 + 4 * e0, perms[p0] },
					   { 0x400 + 4 * s1, 0x400 + 4 * e1, perms[p1] } };
		bool overlap = s0 < e0 && s1 < e1 && s0 < e1 && s1 < e0;
		struct pmp_config c;
		enum pmp_error e = pmp_compute(r, 2, 4, &c);
		assert_int_equal(e, overlap ? PMP_EOVERLAP : PMP_OK);
		if (overlap)
			continue;
		for (uint32_t w = 0; w < 10; w++) {
			uint32_t a = 0x3fc + 4 * w;   /* one word either side of the window */
			uint8_t have = 0;
			if (a >= r[0].start && a < r[0].end)
				have = r[0].perms;
			if (a >= r[1].start && a < r[1].end)
				have = r[1].perms;
			assert_int_equal(pmp_allows(&c, a, 1, PMP_R), (have & PMP_R) != 0);
			assert_int_equal(pmp_allows(&c, a + 3, 1, PMP_W), (have & PMP_W) != 0);
			assert_int_equal(pmp_allows(&c, a + 1, 2, PMP_X), (have & PMP_X) != 0);
		}
		checked++;
	}
	assert_true(checked > 30000);
}

static void unpack(const struct pmp_csrs *s, struct pmp_config *c)
{
	memset(c, 0, sizeof *c);
	for (unsigned i = 0; i < PMP_CSR_ENTRIES; i++) {
		c->addr[i] = s->addr[i];
		c->cfg[i] = (uint8_t)(s->cfg0 >> (8 * i));
	}
	c->entries = PMP_CSR_ENTRIES;
}

static void test_encode_packs_entries_0_to_3_for_the_csrs(void **state)
{
	(void)state;
	struct mpu_region r[3] = { { 0x80100000, 0x80100400, MPU_R | MPU_X },
				   { 0x80300000, 0x80300800, MPU_R | MPU_W },
				   { 0x80400000, 0x80400100, MPU_R } };
	struct pmp_csrs s;
	assert_int_equal(pmp_encode(r, 2, &s), PMP_OK);
	assert_int_equal(s.addr[0], 0x80100000u >> 2);
	assert_int_equal(s.addr[1], 0x80100400u >> 2);
	assert_int_equal(s.addr[2], 0x80300000u >> 2);
	assert_int_equal(s.addr[3], 0x80300800u >> 2);
	assert_int_equal(s.cfg0, (uint32_t)(PMP_A_TOR | PMP_R | PMP_X) << 8 |
				 (uint32_t)(PMP_A_TOR | PMP_R | PMP_W) << 24);
	/* Only two regions fit in four entries; on any error everything is OFF. */
	assert_int_equal(pmp_encode(r, 3, &s), PMP_ETOOMANY);
	assert_int_equal(s.cfg0, 0);
	r[1].end = 0x80300801;
	assert_int_equal(pmp_encode(r, 2, &s), PMP_EALIGN);
	assert_int_equal(s.cfg0, 0);
	for (unsigned i = 0; i < PMP_CSR_ENTRIES; i++)
		assert_int_equal(s.addr[i], 0);
}

/* No right at all on the word at a (any byte of it). */
static bool unreachable(const struct pmp_config *c, uint32_t a)
{
	return !pmp_allows(c, a, 1, PMP_R) && !pmp_allows(c, a, 1, PMP_W) &&
	       !pmp_allows(c, a, 1, PMP_X) && !pmp_allows(c, a + 3, 1, PMP_R);
}

/* The core's regions for a process (kernel/mpu.c), encoded as a switch loads them, give the
 * process exactly its flash (R/X) and its RAM below the break (R/W) for layouts the loader
 * and memop make (word-aligned flash, 8-aligned RAM, break on a word), in either order. */
static void test_process_layouts_encode_exactly(void **state)
{
	(void)state;
	for (unsigned round = 0; round < 20000; round++) {
		struct process p;
		memset(&p, 0, sizeof p);
		uint32_t flash = 0x80100000u + 4 * (rnd() % 0x4000), ram = 0x80300000u + 8 * (rnd() % 0x4000);
		if (round % 4 == 1)
			ram = flash - 8 * (1 + rnd() % 0x100);            /* RAM below flash */
		p.flash_start = flash;
		p.flash_end = flash + 4 * (1 + rnd() % 0x400);
		if (round % 4 == 2)
			ram = (p.flash_end + 7u) & ~7u;                   /* RAM right after flash */
		p.mem_start = ram;
		p.mem_end = ram + 8 * (16 + rnd() % 0x400);
		p.kernel_brk = p.mem_end - 0x80;
		p.app_brk = round % 8 == 3 ? p.mem_start :
			    p.mem_start + 4 * (rnd() % ((p.kernel_brk - p.mem_start) / 4 + 1));
		if (p.mem_start < p.flash_end && p.flash_start < p.mem_end)
			continue;   /* the loader never overlaps them */
		struct mpu_region r[MPU_MAX_REGIONS];
		unsigned n = mpu_process_regions(&p, r);
		struct pmp_csrs s;
		assert_int_equal(pmp_encode(r, n, &s), PMP_OK);
		struct pmp_config c;
		unpack(&s, &c);
		uint32_t flen = p.flash_end - p.flash_start, blen = p.app_brk - p.mem_start;
		assert_true(pmp_allows(&c, p.flash_start, flen, PMP_R | PMP_X));
		assert_false(pmp_allows(&c, p.flash_start + 4 * (rnd() % (flen / 4)), 1, PMP_W));
		assert_true(pmp_allows(&c, p.mem_start, blen, PMP_R | PMP_W));
		if (blen)
			assert_false(pmp_allows(&c, p.mem_start + 4 * (rnd() % (blen / 4)), 4, PMP_X));
		/* Around and above: nothing below either region, nothing of the free RAM, the
		 * grants or the kernel area, nothing at the ends of the address space. */
		if (p.flash_start != p.app_brk)
			assert_true(unreachable(&c, p.flash_start - 4));
		if (p.flash_end != p.mem_start)
			assert_true(unreachable(&c, p.flash_end));
		if (p.mem_start != p.flash_end)
			assert_true(unreachable(&c, p.mem_start - 4));
		if (p.app_brk != p.flash_start)
			assert_true(unreachable(&c, p.app_brk));
		assert_true(unreachable(&c, p.app_brk + 4 * (rnd() % ((p.mem_end - p.app_brk) / 4))));
		assert_true(unreachable(&c, p.kernel_brk));
		assert_true(unreachable(&c, p.mem_end - 4));
		assert_true(unreachable(&c, 0));
		assert_true(unreachable(&c, 0xfffffffcu));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_two_regions_become_off_tor_pairs),
		cmocka_unit_test(test_no_regions_deny_everything),
		cmocka_unit_test(test_alignment_order_and_permission_errors),
		cmocka_unit_test(test_too_many_regions),
		cmocka_unit_test(test_overlap_but_touching_and_empty_are_fine),
		cmocka_unit_test(test_accesses_that_wrap_or_reach_the_top),
		cmocka_unit_test(test_lowest_matching_entry_decides),
		cmocka_unit_test(test_random_region_sets_match_the_model),
		cmocka_unit_test(test_every_pair_of_small_regions_exactly),
		cmocka_unit_test(test_encode_packs_entries_0_to_3_for_the_csrs),
		cmocka_unit_test(test_process_layouts_encode_exactly),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
