/* Host protection model: a process's image is the portable region list itself, with the placement rules of a word-granular unit. */
#ifndef ARCH_MPU_H
#define ARCH_MPU_H

#include <stdbool.h>
#include <stdint.h>
#include <tick/mpu.h>

/* Kept in struct process (opaque to the core): the region list the core gave for it, checked
 * and recorded once, reused on every switch until its break or memory map changes (valid == 0
 * then), exactly as rv32 caches its PMP image, so that a change the kernel forgets to
 * announce shows up here as a stale image. */
struct arch_mpu {
	struct mpu_region region[MPU_MAX_REGIONS];
	uint8_t count;
	uint8_t valid;
};

/* The rules of rv32's PMP (arch/rv32/include/arch/mpu.h), so that the loader and memop behave
 * on the host as on the board: 4-byte bounds, 8-aligned RAM blocks of a multiple of 8. */
static inline uint64_t arch_mpu_ram_layout(uint64_t requested, uint32_t *align)
{
	*align = 8;
	return (requested + 7u) & ~(uint64_t)7u;
}

static inline const char *arch_mpu_flash_check(uint32_t start, uint32_t size)
{
	return (start | size) & 3u ?
	       "not word-aligned in flash (start and total size must be multiples of 4)" : 0;
}

/* Word granular: the rounded break stays at or below the 8-aligned limit, so never refused. */
static inline bool arch_mpu_round_brk(uint32_t *brk, uint32_t mem_start, uint32_t mem_end,
				      uint32_t limit)
{
	(void)mem_start, (void)mem_end, (void)limit;
	*brk = (*brk + 3u) & ~3u;
	return true;
}

/* An ecall pushes nothing, but the first word of RAM is the process's from the start, as on
 * Tock (whose PMP regions are at least 4 bytes): code before its first brk may use it. */
static inline uint32_t arch_mpu_initial_brk(uint32_t mem_start, uint32_t mem_end)
{
	(void)mem_end;
	return mem_start + 4;
}

/* Whole words only: the first and last partial words of an unaligned buffer stay private. */
static inline bool arch_mpu_share_bounds(uint32_t *start, uint32_t *end)
{
	uint32_t s = (*start + 3u) & ~3u, e = *end & ~3u;
	if (s < *start || s >= e)
		return false;   /* wrapped, or no whole word inside */
	*start = s;
	*end = e;
	return true;
}

#endif
