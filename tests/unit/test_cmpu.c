/* Unit tests of the pure ARMv7-M MPU arithmetic (arch/cortex-m/cmpu.c): fixed cases, every small layout, random sets against a byte model, process layouts. */
/* sources: arch/cortex-m/cmpu.c */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

/* The host build's <arch/...> headers are the host model's; the Cortex-M MPU header is named
 * by its path (it needs nothing but <tick/mpu.h>). */
#include "../../arch/cortex-m/include/arch/cmpu.h"

static const uint8_t accesses[] = { MPU_R, MPU_W, MPU_X, MPU_R | MPU_W, MPU_R | MPU_X, MPU_R | MPU_W | MPU_X };

static void assert_all_disabled(const struct cmpu_image *m)
{
	for (unsigned i = 0; i < CMPU_REGIONS; i++) {
		assert_int_equal(m->rasr[i], 0);
		assert_int_equal(m->rbar[i], CMPU_RBAR_VALID | i);
	}
}

static unsigned enabled(const struct cmpu_image *m)
{
	unsigned n = 0;
	for (unsigned i = 0; i < CMPU_REGIONS; i++)
		n += m->rasr[i] & CMPU_RASR_ENABLE;
	return n;
}

/* What the region list itself grants at byte a (the specification). */
static uint8_t list_rights(const struct mpu_region *r, unsigned n, uint32_t a)
{
	for (unsigned i = 0; i < n; i++)
		if (r[i].start <= a && a < r[i].end)
			return r[i].perms;
	return 0;
}

/* The model agrees with the list at granule g for every kind of access. */
static void check_granule(const struct cmpu_image *m, const struct mpu_region *r, unsigned n,
			  uint32_t g)
{
	uint8_t want = list_rights(r, n, g);
	for (unsigned k = 0; k < sizeof accesses; k++) {
		bool exp = (want & accesses[k]) == accesses[k];
		if (cmpu_allows(m, g, 4, accesses[k]) != exp) {
			print_error("granule 0x%08x access %u: model %d, list %d\n", g, accesses[k], !exp, exp);
			fail();
		}
	}
}

static void test_power_of_two_tbf_is_one_region(void **state)
{
	(void)state;
	struct mpu_region r[1] = { { 0x00040000, 0x00040800, MPU_R | MPU_X } };
	struct cmpu_image m;
	assert_int_equal(cmpu_encode(r, 1, &m), CMPU_OK);
	assert_int_equal(enabled(&m), 1);
	assert_int_equal(m.rbar[0], 0x00040000u | CMPU_RBAR_VALID | 0);
	/* 2 KiB = 2^11: SIZE 10; no subregion disabled; read-only, executable. */
	assert_int_equal(m.rasr[0], CMPU_RASR_ENABLE | 10u << 1 | CMPU_RASR_NORMAL | CMPU_AP_RO << 24);
	assert_true(cmpu_allows(&m, 0x00040000, 0x800, MPU_R | MPU_X));
	assert_false(cmpu_allows(&m, 0x00040000, 0x800, MPU_W));
	assert_false(cmpu_allows(&m, 0x0003fffc, 4, MPU_R));
	assert_false(cmpu_allows(&m, 0x00040800, 4, MPU_R));
	assert_false(cmpu_allows(&m, 0x000407fc, 8, MPU_R));
}

static void test_subregions_trim_the_end(void **state)
{
	(void)state;
	/* 5 KiB of an 8 KiB block: 8 KiB region, subregions of 1 KiB, the top 3 disabled. */
	struct mpu_region r[1] = { { 0x20004000, 0x20005400, MPU_R | MPU_W } };
	struct cmpu_image m;
	assert_int_equal(cmpu_encode(r, 1, &m), CMPU_OK);
	assert_int_equal(enabled(&m), 1);
	assert_int_equal((m.rasr[0] >> 8) & 0xff, 0xe0);
	assert_int_equal((m.rasr[0] >> 1) & 31, 12);
	assert_true(m.rasr[0] & CMPU_RASR_XN);
	assert_true(cmpu_allows(&m, 0x20004000, 0x1400, MPU_R | MPU_W));
	assert_false(cmpu_allows(&m, 0x20005400, 1, MPU_R));
	assert_false(cmpu_allows(&m, 0x20004000, 4, MPU_X));
	assert_int_equal(cmpu_regions_needed(0x20004000, 0x20005400), 1);
	/* 5 KiB + 256 B: a second region for the last 256 B. */
	assert_int_equal(cmpu_regions_needed(0x20004000, 0x20005500), 2);
}

static void test_errors_leave_everything_disabled(void **state)
{
	(void)state;
	struct cmpu_image m;
	struct mpu_region r[2] = { { 0x20000000, 0x20000100, MPU_R | MPU_W } };
	r[0].end = 0x20000104;
	memset(&m, 0xaa, sizeof m);
	assert_int_equal(cmpu_encode(r, 1, &m), CMPU_EALIGN);
	assert_all_disabled(&m);
	r[0] = (struct mpu_region){ 0x20000100, 0x20000000, MPU_R };
	assert_int_equal(cmpu_encode(r, 1, &m), CMPU_EORDER);
	assert_all_disabled(&m);
	r[0] = (struct mpu_region){ 0x20000000, 0x20000100, MPU_W };
	assert_int_equal(cmpu_encode(r, 1, &m), CMPU_EPERM);
	r[0].perms = MPU_X;
	assert_int_equal(cmpu_encode(r, 1, &m), CMPU_EPERM);
	r[0].perms = MPU_W | MPU_X;
	assert_int_equal(cmpu_encode(r, 1, &m), CMPU_EPERM);
	r[0].perms = 0x08;
	assert_int_equal(cmpu_encode(r, 1, &m), CMPU_EPERM);
	assert_all_disabled(&m);
	r[0] = (struct mpu_region){ 0x20000000, 0x20000100, MPU_R };
	r[1] = (struct mpu_region){ 0x200000e0, 0x20000200, MPU_R | MPU_W };
	assert_int_equal(cmpu_encode(r, 2, &m), CMPU_EOVERLAP);
	assert_all_disabled(&m);
	/* Touching and empty regions are fine; a region with no rights takes no slot. */
	r[1] = (struct mpu_region){ 0x20000100, 0x20000200, MPU_R | MPU_W };
	assert_int_equal(cmpu_encode(r, 2, &m), CMPU_OK);
	r[1] = (struct mpu_region){ 0x20000080, 0x20000080, MPU_R | MPU_W };
	assert_int_equal(cmpu_encode(r, 2, &m), CMPU_OK);
	r[1] = (struct mpu_region){ 0x30000000, 0x30001000, 0 };
	assert_int_equal(cmpu_encode(r, 2, &m), CMPU_OK);
	assert_int_equal(enabled(&m), 1);
	assert_false(cmpu_allows(&m, 0x30000000, 4, MPU_R));
}

static void test_too_many_hardware_regions(void **state)
{
	(void)state;
	struct cmpu_image m;
	/* 32 B + 64 B + 128 B + ... granules that do not line up: [0x20, 0x1fe0) needs one
	 * region per power of two at each end. */
	unsigned need = cmpu_regions_needed(0x20, 0x1fe0);
	assert_true(need > 4);
	struct mpu_region r[2] = { { 0x20, 0x1fe0, MPU_R }, { 0x100020, 0x101fe0, MPU_R } };
	memset(&m, 0xaa, sizeof m);
	assert_int_equal(cmpu_encode(r, 2, &m), 2 * need > CMPU_REGIONS ? CMPU_ETOOMANY : CMPU_OK);
	if (2 * need > CMPU_REGIONS)
		assert_all_disabled(&m);
	assert_int_equal(cmpu_regions_needed(0x20, 0x24), CMPU_REGIONS + 1);
	assert_int_equal(cmpu_regions_needed(0x40, 0x20), CMPU_REGIONS + 1);
	assert_int_equal(cmpu_regions_needed(0x40, 0x40), 0);
}

static void test_highest_region_wins_and_ap_table(void **state)
{
	(void)state;
	/* A hand-made image: region 0 read/write over 1 KiB, region 1 read-only over its
	 * first 256 B; region 2 with AP 001 (privileged only) over the next 256 B. */
	struct cmpu_image m;
	memset(&m, 0, sizeof m);
	m.rbar[0] = 0x1000;
	m.rasr[0] = CMPU_RASR_ENABLE | 9u << 1 | 3u << 24 | CMPU_RASR_XN;
	m.rbar[1] = 0x1000;
	m.rasr[1] = CMPU_RASR_ENABLE | 7u << 1 | 6u << 24;
	m.rbar[2] = 0x1100;
	m.rasr[2] = CMPU_RASR_ENABLE | 7u << 1 | 1u << 24;
	assert_true(cmpu_allows(&m, 0x1000, 0x100, MPU_R | MPU_X));
	assert_false(cmpu_allows(&m, 0x1000, 4, MPU_W));
	assert_false(cmpu_allows(&m, 0x1100, 4, MPU_R));
	assert_true(cmpu_allows(&m, 0x1200, 0x200, MPU_R | MPU_W));
	assert_false(cmpu_allows(&m, 0x1200, 4, MPU_X));
	/* Disabling region 1's subregion 0 (32 B each below 256 B: SRD ignored? no: 256 B has
	 * subregions of 32 B) lets region 0 show through. */
	m.rasr[1] |= 1u << 8;
	assert_true(cmpu_allows(&m, 0x1000, 0x20, MPU_W));
	assert_false(cmpu_allows(&m, 0x1020, 4, MPU_W));
	/* Accesses that wrap are denied; empty ones allowed. */
	assert_false(cmpu_allows(&m, 0xfffffffc, 8, MPU_R));
	assert_true(cmpu_allows(&m, 0x0, 0, MPU_R));
}

/* Every [start, end) of granules in a window of 64 granules of size unit, encoded alone and
 * compared with the list at every granule of the window and one beyond each side. */
static void every_interval(uint32_t base, uint32_t unit)
{
	for (uint32_t i = 0; i <= 64; i++)
		for (uint32_t j = i; j <= 64; j++) {
			struct mpu_region r[1] = { { base + i * unit, base + j * unit, MPU_R | MPU_W } };
			struct cmpu_image m;
			enum cmpu_error e = cmpu_encode(r, 1, &m);
			unsigned need = cmpu_regions_needed(r[0].start, r[0].end);
			if (need > CMPU_REGIONS) {
				assert_int_equal(e, CMPU_ETOOMANY);
				assert_all_disabled(&m);
				continue;
			}
			assert_int_equal(e, CMPU_OK);
			assert_int_equal(enabled(&m), need);
			for (uint32_t k = 0; k < 66 * unit / CMPU_GRANULE; k++) {
				uint32_t g = base - unit + k * CMPU_GRANULE;
				check_granule(&m, r, 1, g);
			}
		}
}

static void test_every_small_interval_exactly(void **state)
{
	(void)state;
	every_interval(0x20000000u, 32);
	every_interval(0x20010000u, 256);
	every_interval(0x00000800u, 32);
	every_interval(0xfffff000u - 64 * 32, 32);
}

static uint32_t rnd(void)
{
	return (uint32_t)rand() << 16 ^ (uint32_t)rand();
}

/* Random disjoint sets of 1-4 regions at random scales: when the encoding succeeds the model
 * must equal the list at every region bound, one granule either side, and random granules;
 * when it refuses, the regions must need more hardware regions than there are. */
static void test_random_region_sets_match_the_model(void **state)
{
	(void)state;
	srand(1234);
	unsigned ok = 0, refused = 0;
	for (unsigned round = 0; round < 20000; round++) {
		unsigned n = 1 + rnd() % 4, shift = 5 + rnd() % 16;
		uint32_t base = rnd() & ~((1u << 24) - 1), at = base;
		struct mpu_region r[4];
		for (unsigned i = 0; i < n; i++) {
			at += (rnd() % 8) << shift;
			uint32_t len = (rnd() % 64) << (shift - (rnd() % 3 == 0 ? 0 : rnd() % 3));
			len &= ~(CMPU_GRANULE - 1);
			r[i] = (struct mpu_region){ at, at + len, accesses[3 + rnd() % 3] & ~(rnd() % 4 == 0 ? MPU_X : 0) };
			if (!(r[i].perms & MPU_R))
				r[i].perms = MPU_R;
			at += len;
		}
		if (at < base)
			continue;   /* wrapped around the address space: not a valid set */
		struct cmpu_image m;
		enum cmpu_error e = cmpu_encode(r, n, &m);
		unsigned need = 0;
		for (unsigned i = 0; i < n; i++)
			need += cmpu_regions_needed(r[i].start, r[i].end);
		if (need > CMPU_REGIONS) {
			assert_int_equal(e, CMPU_ETOOMANY);
			assert_all_disabled(&m);
			refused++;
			continue;
		}
		assert_int_equal(e, CMPU_OK);
		ok++;
		for (unsigned i = 0; i < n; i++) {
			uint32_t pts[4] = { r[i].start - CMPU_GRANULE, r[i].start, r[i].end - CMPU_GRANULE, r[i].end };
			for (unsigned k = 0; k < 4; k++)
				check_granule(&m, r, n, pts[k]);
		}
		for (unsigned k = 0; k < 32; k++)
			check_granule(&m, r, n, (base + rnd() % (at - base + 2 * CMPU_GRANULE + 1)) & ~(CMPU_GRANULE - 1));
	}
	assert_true(ok > 1000 && refused > 100);   /* both outcomes were exercised */
}

/* Process layouts as the loader and memop make them: every block size from the minimum to
 * 1 MiB, every break the rounding can produce, a power-of-two TBF at a multiple of its size:
 * flash and RAM always fit in 1 + 2 regions and the model grants exactly them. */
static void test_process_layouts_encode_exactly(void **state)
{
	(void)state;
	for (uint32_t size = CMPU_RAM_MIN; size <= 0x100000; size <<= 1) {
		uint32_t mem = 0x20000000u + size * 3, end = mem + size;
		uint32_t step = cmpu_brk_step(mem, end);
		assert_int_equal(step, size / 64);
		uint32_t init = cmpu_initial_brk(mem, end);
		assert_true(init >= mem + 64 && init < end);
		for (uint32_t brk = init; brk <= end - step; brk += step / 2) {
			uint32_t b = brk;
			assert_true(cmpu_round_brk(&b, mem, end, end - 8));
			assert_true(b >= brk && b - brk < step && (b - mem) % step == 0);
			assert_true(cmpu_regions_needed(mem, b) <= 2);
			struct mpu_region r[2] = { { 0x00080000, 0x00080000 + 0x4000, MPU_R | MPU_X },
						   { mem, b, MPU_R | MPU_W } };
			struct cmpu_image m;
			assert_int_equal(cmpu_encode(r, 2, &m), CMPU_OK);
			assert_true(enabled(&m) <= 3);
			check_granule(&m, r, 2, mem - CMPU_GRANULE);
			check_granule(&m, r, 2, mem);
			check_granule(&m, r, 2, b - CMPU_GRANULE);
			check_granule(&m, r, 2, b);
			check_granule(&m, r, 2, end - CMPU_GRANULE);
			check_granule(&m, r, 2, 0x00080000 + 0x4000);
		}
	}
}

static void test_round_brk_refuses_rather_than_pass_the_limit(void **state)
{
	(void)state;
	uint32_t mem = 0x20008000, end = 0x2000a000;   /* 8 KiB: steps of 128 B */
	uint32_t b = mem + 129;
	assert_true(cmpu_round_brk(&b, mem, end, end - 8));
	assert_int_equal(b, mem + 256);
	b = mem + 256;
	assert_true(cmpu_round_brk(&b, mem, end, mem + 256));
	assert_int_equal(b, mem + 256);
	b = mem + 257;
	assert_false(cmpu_round_brk(&b, mem, end, mem + 300));   /* 384 would pass the limit */
	assert_int_equal(b, mem + 257);
}

static void test_ram_layout_leaves_room_for_rounding(void **state)
{
	(void)state;
	uint32_t align;
	assert_int_equal(cmpu_ram_layout(1, &align), CMPU_RAM_MIN);
	assert_int_equal(align, CMPU_RAM_MIN);
	for (uint64_t req = 1; req < (1u << 22); req = req * 3 / 2 + 1) {
		uint64_t s = cmpu_ram_layout(req, &align);
		assert_true((s & (s - 1)) == 0 && s >= CMPU_RAM_MIN);
		assert_true(s >= req + s / 64);
		assert_true(s == CMPU_RAM_MIN || req + s / 128 > s / 2);   /* not twice too large */
		assert_int_equal(align, s);
	}
	/* A request near 4 GiB does not wrap: the loader refuses it for want of RAM. */
	uint64_t s = cmpu_ram_layout(0xfffffff0u, &align);
	assert_true(s > 0xfffffff0u);
	assert_int_equal(align, 0x80000000u);
}

static void test_flash_check(void **state)
{
	(void)state;
	assert_null(cmpu_flash_check(0x00040000, 0x800));
	assert_null(cmpu_flash_check(0x00041000, 0x1000));
	assert_null(cmpu_flash_check(0x00040000, 0x3000));   /* 8 KiB + 4 KiB */
	assert_null(cmpu_flash_check(0x00040800, 0x1000));       /* upper half of 4 KiB + 2 KiB */
	assert_non_null(cmpu_flash_check(0x00040100, 0x1000));   /* 1792 + 2048 + 256: 3 regions */
	assert_non_null(cmpu_flash_check(0x00040000, 0x920));    /* 2048 + 256 + 32: 3 regions */
	assert_non_null(cmpu_flash_check(0x00040004, 0x800));    /* not granule aligned */
	assert_non_null(cmpu_flash_check(0xfffff000, 0x2000));   /* wraps */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_power_of_two_tbf_is_one_region),
		cmocka_unit_test(test_subregions_trim_the_end),
		cmocka_unit_test(test_errors_leave_everything_disabled),
		cmocka_unit_test(test_too_many_hardware_regions),
		cmocka_unit_test(test_highest_region_wins_and_ap_table),
		cmocka_unit_test(test_every_small_interval_exactly),
		cmocka_unit_test(test_random_region_sets_match_the_model),
		cmocka_unit_test(test_process_layouts_encode_exactly),
		cmocka_unit_test(test_round_brk_refuses_rather_than_pass_the_limit),
		cmocka_unit_test(test_ram_layout_leaves_room_for_rounding),
		cmocka_unit_test(test_flash_check),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
