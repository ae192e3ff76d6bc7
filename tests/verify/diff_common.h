/* What the PMP and MPU differential tests share: their random numbers, the layout's own rights and the random accesses they probe. */
#ifndef DIFF_COMMON_H
#define DIFF_COMMON_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "../../kernel/internal/process.h"   /* struct process: the kernel's own layout */

/* xorshift64, seeded by the test (DIFF_SEED) so that each run probes the same layouts. */
static uint64_t rng = DIFF_SEED;

static uint32_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng >> 16);
}

/* What the process may do, from its memory map alone. */
static bool spec_allows(const struct process *p, uint32_t addr, uint32_t size, uint8_t acc)
{
	for (uint64_t b = addr; b < (uint64_t)addr + size; b++) {
		bool f = b >= p->flash_start && b < p->flash_end && (acc & ~(MPU_R | MPU_X)) == 0;
		bool r = b >= p->mem_start && b < p->app_brk && (acc & ~(MPU_R | MPU_W)) == 0;
		if (b > 0xffffffffu || !(f || r))
			return false;
	}
	return true;
}

/* Probe k of a layout: for k < 2 * n_edges an address within spread bytes of edges[k / 2],
 * after that a random one; 1, 2, 3, 4 or 8 bytes, often aligned to their size; random rights. */
static void pick_access(const uint32_t *edges, unsigned n_edges, unsigned k, int spread,
			uint32_t *a, uint32_t *size, uint8_t *acc)
{
	static const uint32_t sizes[] = { 1, 1, 1, 2, 4, 4, 8, 3 };
	if (k < 2 * n_edges)
		*a = edges[k / 2] + (uint32_t)(int32_t)((int)(rnd() % (2u * (unsigned)spread + 1)) - spread);
	else
		*a = rnd();
	*size = sizes[rnd() % 8];
	if (rnd() % 2)
		*a &= ~(*size - 1) | (*size & (*size - 1) ? ~0u : 0);   /* often aligned */
	*acc = (uint8_t)(1 + rnd() % 7);
}

/* "<tool>: <what>: flash ... ram ... brk ..." on stderr: the start of every failure line (the
 * caller ends it). */
static void report_layout(const char *tool, const char *what, const struct process *p)
{
	fprintf(stderr, "%s: %s: flash %08x-%08x ram %08x-%08x brk %08x", tool, what,
		p->flash_start, p->flash_end, p->mem_start, p->mem_end, p->app_brk);
}

#endif
