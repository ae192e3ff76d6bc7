/* ARMv7-M MPU region arithmetic: pure functions over plain structs, separate from the register writes. */
#ifndef ARCH_CMPU_H
#define ARCH_CMPU_H

#include <stdbool.h>
#include <stdint.h>
#include <tick/mpu.h>

/*
 * The ARMv7-M MPU (PMSAv7) has CMPU_REGIONS regions. Region i covers 2^k bytes (k = 5..32)
 * at a base aligned to its size; a region of 256 bytes or more is cut into 8 equal
 * subregions, each of which can be disabled (SRD bit set: those bytes fall through to a
 * lower-numbered region or to no region at all). Where regions overlap the highest number
 * wins. An unprivileged access that matches no region is denied; the kernel runs privileged
 * with the default memory map behind the regions (PRIVDEFENA), so regions bind only apps.
 */
#define CMPU_REGIONS 8
#define CMPU_GRANULE 32u        /* smallest region; every bound this code makes is a multiple */

#define CMPU_RBAR_VALID (1u << 4)       /* RBAR write also selects the region in bits 3:0 */
#define CMPU_RASR_ENABLE 1u
#define CMPU_RASR_SIZE_SHIFT 1          /* SIZE field: region is 2^(SIZE+1) bytes */
#define CMPU_RASR_SRD_SHIFT 8
#define CMPU_RASR_AP_SHIFT 24
#define CMPU_RASR_XN (1u << 28)
#define CMPU_AP_RW 3u                   /* read/write for privileged and unprivileged code */
#define CMPU_AP_RO 6u                   /* read-only for both */
#define CMPU_RASR_NORMAL ((1u << 17) | (1u << 18))   /* C and S: normal memory, shareable */

/* The register image of all regions: rbar[i] already carries VALID | i, so a switch writes
 * RBAR then RASR for each i without touching the region number register. */
struct cmpu_image {
	uint32_t rbar[CMPU_REGIONS];
	uint32_t rasr[CMPU_REGIONS];
};

enum cmpu_error {
	CMPU_OK = 0,
	CMPU_EALIGN,      /* a bound is not a multiple of CMPU_GRANULE */
	CMPU_EORDER,      /* end < start */
	CMPU_EOVERLAP,    /* two regions share a byte */
	CMPU_ETOOMANY,    /* the regions need more than CMPU_REGIONS hardware regions */
	CMPU_EPERM,       /* rights other than R, R/X, R/W, R/W/X */
};

/* How many hardware regions cmpu_encode uses to cover [start, end) exactly (0 when empty);
 * CMPU_REGIONS + 1 when the bounds are not multiples of CMPU_GRANULE or end < start. Pure. */
unsigned cmpu_regions_needed(uint32_t start, uint32_t end);

/* Computes the image that gives unprivileged code exactly the given regions and nothing
 * else. Each region is covered from its start by the hardware region that reaches furthest
 * without passing its end, then the rest the same way; bytes outside every region are
 * never covered (a region is rounded inward by construction, or refused). Regions with no
 * rights grant nothing and take no slot. On error *out disables every region. Pure. */
enum cmpu_error cmpu_encode(const struct mpu_region *regions, unsigned n, struct cmpu_image *out);

/* Reference model of the hardware check for an unprivileged access: true if every byte of
 * [addr, addr+size) is matched by an enabled region (highest number first, disabled
 * subregions not matching) whose AP and XN allow the access (MPU_R, MPU_W or MPU_X; an
 * instruction fetch also needs read permission). Decodes the whole AP field, not only the
 * values cmpu_encode writes. */
bool cmpu_allows(const struct cmpu_image *m, uint32_t addr, uint32_t size, uint8_t access);

/*
 * Placement rules (tick/arch.h's arch_mpu_* call these). RAM: a process's block is a power of
 * two S >= CMPU_RAM_MIN, aligned to S, with the kernel area at its top. Its break moves in
 * steps of S/64, so [mem_start, brk) is one region with subregions (S/8 steps) plus at most
 * one more for the rest (S/64 steps): two hardware regions at most (tests/unit/test_cmpu.c
 * checks every break of every block size). Flash: a TBF must be coverable by
 * CMPU_FLASH_REGIONS regions (tick-image places Arm TBFs, power-of-two sized, at a multiple
 * of their size: one region).
 */
#define CMPU_RAM_MIN 2048u
#define CMPU_FLASH_REGIONS 2u

/* The block is large enough that rounding the break up (by < S/64) still fits below it. */
static inline uint64_t cmpu_ram_layout(uint64_t requested, uint32_t *align)
{
	uint64_t s = CMPU_RAM_MIN;
	while (s < requested + s / 64u)
		s <<= 1;
	*align = s > 0x80000000u ? 0x80000000u : (uint32_t)s;
	return s;
}

static inline const char *cmpu_flash_check(uint32_t start, uint32_t size)
{
	if ((uint64_t)start + size > 0xffffffffu ||
	    cmpu_regions_needed(start, start + size) > CMPU_FLASH_REGIONS)
		return "not coverable by 2 ARMv7-M MPU regions (place a TBF at a multiple of its power-of-two size)";
	return 0;
}

/* The step the break moves in: S/64 of the block (at least one granule). */
static inline uint32_t cmpu_brk_step(uint32_t mem_start, uint32_t mem_end)
{
	uint32_t g = (mem_end - mem_start) / 64u;
	return g < CMPU_GRANULE ? CMPU_GRANULE : g;
}

static inline bool cmpu_round_brk(uint32_t *brk, uint32_t mem_start, uint32_t mem_end,
				  uint32_t limit)
{
	uint32_t g = cmpu_brk_step(mem_start, mem_end);
	uint32_t r = mem_start + ((*brk - mem_start + (g - 1u)) & ~(g - 1u));
	if (r > limit || r < *brk)
		return false;
	*brk = r;
	return true;
}

/* The SVC that enters the kernel pushes 32 bytes (36 when it realigns the stack) onto the
 * process stack, so a process starts with 64 bytes (or one break step) reachable and its
 * stack pointer at their top. */
static inline uint32_t cmpu_initial_brk(uint32_t mem_start, uint32_t mem_end)
{
	uint32_t g = cmpu_brk_step(mem_start, mem_end);
	return mem_start + (g > 64u ? g : 64u);
}

/* Disables every region and turns the MPU on with the default map for privileged code
 * (arch/cortex-m/mpu.c; not available on the host). */
void cmpu_hw_enable(void);

#endif
