/* Cortex-M protection image of a process (opaque to the core) and the ARMv7-M MPU's placement rules (tick/arch.h). */
#ifndef ARCH_MPU_H
#define ARCH_MPU_H

#include <stdbool.h>
#include <stdint.h>
#include <arch/cmpu.h>

/* Kept in struct process: the register image of its regions, computed once by cmpu_encode
 * and reused on every switch until its break or memory map changes (valid == 0 then). */
struct arch_mpu {
	struct cmpu_image img;
	uint8_t valid;
};

/* The placement rules are cmpu's pure ones (include/arch/cmpu.h), tested on the host. */
static inline uint64_t arch_mpu_ram_layout(uint64_t requested, uint32_t *align)
{
	return cmpu_ram_layout(requested, align);
}

static inline const char *arch_mpu_flash_check(uint32_t start, uint32_t size)
{
	return cmpu_flash_check(start, size);
}

static inline bool arch_mpu_round_brk(uint32_t *brk, uint32_t mem_start, uint32_t mem_end,
				      uint32_t limit)
{
	return cmpu_round_brk(brk, mem_start, mem_end, limit);
}

static inline uint32_t arch_mpu_initial_brk(uint32_t mem_start, uint32_t mem_end)
{
	return cmpu_initial_brk(mem_start, mem_end);
}

/* A share must fit 2 hardware regions (flash 2 + RAM 2 + two shares of 2 = CMPU_REGIONS):
 * whole granules inside the buffer, or, when those need more regions, the largest naturally
 * aligned power-of-two block inside it. Never a byte outside the buffer. */
static inline bool arch_mpu_share_bounds(uint32_t *start, uint32_t *end)
{
	uint64_t s = ((uint64_t)*start + CMPU_GRANULE - 1u) & ~(uint64_t)(CMPU_GRANULE - 1u);
	uint64_t e = *end & ~(CMPU_GRANULE - 1u);
	if (s >= e)
		return false;
	if (cmpu_regions_needed((uint32_t)s, (uint32_t)e) <= 2u) {
		*start = (uint32_t)s;
		*end = (uint32_t)e;
		return true;
	}
	for (uint64_t size = 1ull << 31; size >= CMPU_GRANULE; size >>= 1) {
		uint64_t b = (s + size - 1u) & ~(size - 1u);
		if (b + size <= e) {
			*start = (uint32_t)b;
			*end = (uint32_t)(b + size);
			return true;
		}
	}
	return false;
}

#endif
