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

/*
 * RAM: a process's block is a power of two S >= CMPU_RAM_MIN, aligned to S, with the kernel
 * area at its top. Its break moves in steps of S/64, so [mem_start, brk) is one region with
 * subregions (S/8 steps) plus at most one more for the rest (S/64 steps): two hardware
 * regions at most (tests/unit/test_cmpu.c checks every break of every block size).
 */
#define CMPU_RAM_MIN 2048u
#define CMPU_FLASH_REGIONS 2u   /* hardware regions a process's flash may take */

/* The block is large enough that rounding the break up (by < S/64) still fits below it. */
static inline uint64_t arch_mpu_ram_layout(uint64_t requested, uint32_t *align)
{
	uint64_t s = CMPU_RAM_MIN;
	while (s < requested + s / 64u)
		s <<= 1;
	*align = s > 0x80000000u ? 0x80000000u : (uint32_t)s;
	return s;
}

static inline const char *arch_mpu_flash_check(uint32_t start, uint32_t size)
{
	if ((uint64_t)start + size > 0xffffffffu ||
	    cmpu_regions_needed(start, start + size) > CMPU_FLASH_REGIONS)
		return "not coverable by 2 ARMv7-M MPU regions (place a TBF at a multiple of its power-of-two size)";
	return 0;
}

static inline uint32_t cmpu_brk_step(uint32_t mem_start, uint32_t mem_end)
{
	uint32_t g = (mem_end - mem_start) / 64u;
	return g < CMPU_GRANULE ? CMPU_GRANULE : g;
}

static inline bool arch_mpu_round_brk(uint32_t *brk, uint32_t mem_start, uint32_t mem_end,
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
static inline uint32_t arch_mpu_initial_brk(uint32_t mem_start, uint32_t mem_end)
{
	uint32_t g = cmpu_brk_step(mem_start, mem_end);
	return mem_start + (g > 64u ? g : 64u);
}

#endif
