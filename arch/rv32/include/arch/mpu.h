/* rv32 protection image of a process (opaque to the core) and the PMP's placement rules (tick/arch.h). */
#ifndef ARCH_MPU_H
#define ARCH_MPU_H

#include <stdbool.h>
#include <stdint.h>
#include <arch/pmp.h>

/* Kept in struct process: the CSR values for its regions, computed once by pmp_encode and
 * reused on every switch until its break or memory map changes. csrs.cfg0 == 0 says "not
 * valid, encode again": a process's regions always turn on at least its flash entry, and
 * pmp_encode's error image is all zero (no separate flag byte: 4 bytes per process). */
struct arch_mpu {
	struct pmp_csrs csrs;
};

/* PMP bounds have 4-byte granularity; RAM blocks are 8-aligned and a multiple of 8 so that
 * the stack at the bottom and the kernel area at the top stay doubleword aligned. */
static inline uint64_t arch_mpu_ram_layout(uint64_t requested, uint32_t *align)
{
	*align = 8;
	return (requested + 7u) & ~(uint64_t)7u;
}

/* TOR bounds are addr >> 2: a TBF that starts or ends inside a word cannot be given exactly. */
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
