/* Differential test: the ARMv7-M MPU image of random Arm process layouts against a separately written PMSAv7 hardware model, the reference model cmpu_allows and the layout itself. */
/* sources: arch/cortex-m/cmpu.c kernel/mpu.c */
#include <stdlib.h>
#include <string.h>

#include "../../arch/cortex-m/include/arch/cmpu.h"   /* by path: the host's <arch/...> is the host model */
#define DIFF_SEED 0x2545f4914f6cdd1du
#include "diff_common.h"

/* Written from the ARMv7-M Architecture Reference Manual (PMSAv7), independently of cmpu.c:
 * RBAR bits 31:5 are the base address; RASR bit 0 enables, SIZE (bits 5:1) gives 2^(SIZE+1)
 * bytes, SRD (bits 15:8) disables eighths of a region of 256 bytes or more, AP (bits 26:24)
 * gives the unprivileged rights, XN (bit 28) forbids instruction fetches. The highest-numbered
 * enabled region that matches a byte decides it; no match denies unprivileged code. Anything
 * the manual calls UNPREDICTABLE (SIZE < 4, a base not aligned to the size, SRD bits on a
 * region under 256 bytes, AP 100) sets *bad: the kernel must never write it. */
static uint8_t hw_rights(const struct cmpu_image *m, uint32_t byte, bool *bad)
{
	for (int i = CMPU_REGIONS - 1; i >= 0; i--) {
		uint32_t rasr = m->rasr[i];
		if ((rasr & 1u) == 0)
			continue;
		unsigned size_field = (rasr >> 1) & 0x1fu;
		unsigned srd = (rasr >> 8) & 0xffu, ap = (rasr >> 24) & 7u;
		if (size_field < 4 || ap == 4)
			*bad = true;
		uint64_t size = 2ull << size_field;
		uint64_t base = m->rbar[i] & 0xffffffe0u;
		if (base % size)
			*bad = true;
		if (size < 256 && srd)
			*bad = true;
		if (byte < base || byte >= base + size)
			continue;
		if (size >= 256 && (srd >> ((byte - base) / (size / 8))) & 1u)
			continue;
		uint8_t r;
		if (ap == 3)
			r = MPU_R | MPU_W;
		else if (ap == 2 || ap == 6 || ap == 7)
			r = MPU_R;
		else
			r = 0;
		if (r && !(rasr & (1u << 28)))
			r |= MPU_X;
		return r;
	}
	return 0;
}

static bool hw_allows(const struct cmpu_image *m, uint32_t addr, uint32_t size, uint8_t acc, bool *bad)
{
	for (uint64_t b = addr; b < (uint64_t)addr + size; b++)
		if (b > 0xffffffffu || (hw_rights(m, (uint32_t)b, bad) & acc) != acc)
			return false;
	return true;
}

/* A layout the Arm loader and memop can produce (cmpu.h's placement rules): a RAM block of
 * 2^s >= CMPU_RAM_MIN bytes aligned to its size, the break a multiple of cmpu_brk_step above
 * its start, at most the kernel break, which is at most the block's end; a TBF that
 * cmpu_flash_check accepts (granule bounds, at most two regions), apart from the block. The
 * TBF is a power of two at a multiple of it (what tick-image makes), or any accepted bounds,
 * often right before or after the block. Blocks sit anywhere, also at the ends of memory. */
static bool make_layout(struct process *p)
{
	memset(p, 0, sizeof *p);
	unsigned s = 11 + (rnd() % 4 ? rnd() % 10 : rnd() % 21);   /* mostly 2 KiB - 1 MiB */
	uint64_t S = 1ull << s;
	uint64_t rstart = rnd() % 8 ? ((uint64_t)rnd() << 16 ^ rnd()) & 0xffffffffu & ~(S - 1)
				    : (rnd() % 2 ? 0 : 0x100000000ull - 2 * S);
	if (rstart + S >= 0x100000000ull)
		return false;   /* the block's end would wrap to 0 (the board's memory does not) */
	uint64_t fstart, fsize;
	switch (rnd() % 4) {
	case 0: { /* a power of two at a multiple of it */
		unsigned t = 5 + rnd() % 20;
		fsize = 1ull << t;
		fstart = (uint64_t)rnd() << 16 & 0xffffffffu & ~(fsize - 1);
		break;
	}
	case 1: /* right before the block */
		fsize = CMPU_GRANULE * (1 + rnd() % (rnd() % 2 ? 64 : 65536));
		fstart = rstart - fsize;
		break;
	case 2: /* right after the block */
		fsize = CMPU_GRANULE * (1 + rnd() % (rnd() % 2 ? 64 : 65536));
		fstart = rstart + S;
		break;
	default: /* any granule bounds */
		fsize = CMPU_GRANULE * (1 + rnd() % (rnd() % 2 ? 256 : 0x100000));
		fstart = (uint64_t)rnd() << 5 & 0xffffffffu;
		break;
	}
	if (fstart + fsize >= 0x100000000ull || (fstart < rstart + S && rstart < fstart + fsize))
		return false;
	if (cmpu_flash_check((uint32_t)fstart, (uint32_t)fsize))
		return false;   /* the loader refuses it */
	p->flash_start = (uint32_t)fstart;
	p->flash_end = (uint32_t)(fstart + fsize);
	p->mem_start = (uint32_t)rstart;
	p->mem_end = (uint32_t)(rstart + S);
	uint32_t g = cmpu_brk_step(p->mem_start, p->mem_end);
	uint32_t steps = (uint32_t)(S / g);
	uint32_t kb = steps - rnd() % (steps + 1) * (rnd() % 2);   /* kernel break, in steps */
	p->kernel_brk = p->mem_start + kb * g;
	switch (rnd() % 4) {
	case 0: p->app_brk = cmpu_initial_brk(p->mem_start, p->mem_end); break;
	case 1: p->app_brk = p->kernel_brk; break;
	default: p->app_brk = p->mem_start + g * (rnd() % (kb + 1)); break;
	}
	if (p->app_brk > p->kernel_brk)
		p->app_brk = p->kernel_brk;
	return true;
}

int main(int argc, char **argv)
{
	unsigned long layouts = argc > 1 ? strtoul(argv[1], NULL, 0) : 1000000;
	unsigned long done = 0, probes = 0, mismatches = 0;
	while (done < layouts) {
		struct process p;
		if (!make_layout(&p))
			continue;
		struct mpu_region r[MPU_MAX_REGIONS];
		unsigned n = mpu_process_regions(&p, r);
		struct cmpu_image m;
		if (cmpu_encode(r, n, &m) != CMPU_OK) {
			if (mismatches++ < 10) {
				report_layout("mpu_diff", "layout rejected", &p);
				fputc('\n', stderr);
			}
			done++;
			continue;
		}
		/* Every edge of the layout and of the RAM block's eighths (a granule either side),
		 * plus random addresses. */
		uint32_t eighth = (p.mem_end - p.mem_start) / 8;
		const uint32_t edges[] = { p.flash_start, p.flash_end, p.mem_start, p.app_brk,
					   p.kernel_brk, p.mem_end, 0, 0xfffffffcu,
					   p.mem_start + eighth * (1 + rnd() % 7),
					   p.flash_start + (p.flash_end - p.flash_start) / 2 };
		for (unsigned k = 0; k < 32; k++) {
			uint32_t a, size;
			uint8_t acc;
			pick_access(edges, 10, k, 32, &a, &size, &acc);
			bool bad = false;
			bool want = spec_allows(&p, a, size, acc);
			bool model = cmpu_allows(&m, a, size, acc);
			bool hw = hw_allows(&m, a, size, acc, &bad);
			probes++;
			if (want != model || want != hw || bad) {
				if (mismatches++ < 10) {
					report_layout("mpu_diff", "mismatch", &p);
					fprintf(stderr, ": %u bytes at %08x acc %u: layout %d, cmpu_allows %d, hardware %d%s\n",
						size, a, acc, want, model, hw, bad ? " (unpredictable encoding)" : "");
				}
			}
		}
		done++;
	}
	printf("mpu_diff: %lu layouts, %lu accesses, %lu mismatches\n", done, probes, mismatches);
	return mismatches != 0;
}
