/* Differential test: the PMP image of random process layouts against a spec-level hardware model, the reference model pmp_allows and the layout itself. */
/* sources: arch/rv32/pmp.c kernel/mpu.c */
#include <stdlib.h>
#include <string.h>

#include "../../arch/rv32/include/arch/pmp.h"
#define DIFF_SEED 0x9e3779b97f4a7c15u
#include "diff_common.h"

/* Written from the privileged spec, independently of pmp.c: pmpcfg0 holds entries 0-3 (low
 * byte first), entries 4-15 are OFF; an entry matches a byte by its A field (OFF, TOR, NA4,
 * NAPOT); the lowest-numbered entry matching any byte of the access decides, and it must then
 * match all of them and grant every requested bit; no match denies U-mode. */
static bool entry_matches(const struct pmp_csrs *s, unsigned i, uint64_t byte)
{
	uint8_t cfg = (uint8_t)(s->cfg0 >> (8 * i));
	uint64_t a = (uint64_t)s->addr[i] << 2;
	switch ((cfg >> 3) & 3) {
	case 1: { /* TOR */
		uint64_t lo = i == 0 ? 0 : (uint64_t)s->addr[i - 1] << 2;
		return byte >= lo && byte < a;
	}
	case 2: /* NA4 */
		return byte >= a && byte < a + 4;
	case 3: { /* NAPOT: trailing ones of addr give the size */
		unsigned t = 0;
		while (t < 32 && (s->addr[i] >> t) & 1)
			t++;
		uint64_t size = 8ull << t, base = a & ~(size - 1);
		return byte >= base && byte < base + size;
	}
	default:
		return false;
	}
}

static bool hw_allows(const struct pmp_csrs *s, uint32_t addr, uint32_t size, uint8_t acc)
{
	uint64_t first = addr, end = (uint64_t)addr + size;
	if (size == 0)
		return true;
	if (end > 0x100000000ull)
		return false;   /* the access wraps: no such access on rv32 */
	for (unsigned i = 0; i < PMP_CSR_ENTRIES; i++) {
		unsigned hits = 0;
		for (uint64_t b = first; b < end; b++)
			hits += entry_matches(s, i, b);
		if (hits == 0)
			continue;
		uint8_t cfg = (uint8_t)(s->cfg0 >> (8 * i));
		return hits == size && (cfg & acc) == acc;
	}
	return false;
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

/* A layout the loader and memop can produce (tests/verify/isolation.c: layout): word-aligned
 * TBF of >= 16 bytes, 8-aligned RAM block apart from it, break on a word below the kernel
 * break. Sizes are small, medium or huge; blocks sit anywhere, also at the ends of memory. */
static uint32_t pick_size(uint32_t max)
{
	uint32_t s;
	switch (rnd() % 4) {
	case 0: s = 16 + 8 * (rnd() % 8); break;
	case 1: s = 8 * (rnd() % 0x2000); break;
	case 2: s = rnd() & ~7u; break;
	default: s = 8 * (rnd() % 0x200000); break;
	}
	s &= ~7u;
	if (s < 16)
		s = 16;
	return s > max ? max & ~7u : s;
}

static bool make_layout(struct process *p)
{
	memset(p, 0, sizeof *p);
	uint32_t fsize = pick_size(0x40000000u) - 4 * (rnd() % 2), rsize = pick_size(0x40000000u);
	uint64_t fstart, rstart;
	switch (rnd() % 4) {
	case 0: /* RAM right after flash */
		fstart = (uint64_t)(rnd() & ~3u);
		rstart = (fstart + fsize + 7) & ~7ull;
		break;
	case 1: /* flash right after RAM */
		rstart = (uint64_t)(rnd() & ~7u);
		fstart = rstart + rsize;
		break;
	case 2: /* at the ends of the address space */
		fstart = rnd() % 2 ? 0 : 0xfffffffcull - fsize;
		rstart = fstart == 0 ? 0xfffffff8ull - rsize : 0;
		break;
	default:
		fstart = rnd() & ~3u;
		rstart = rnd() & ~7u;
		break;
	}
	/* A block cannot end at 2^32: its end would wrap to 0 (the board's memory does not). */
	if (fstart + fsize >= 0x100000000ull || rstart + rsize >= 0x100000000ull)
		return false;
	if (fstart < rstart + rsize && rstart < fstart + fsize)
		return false;
	p->flash_start = (uint32_t)fstart;
	p->flash_end = (uint32_t)(fstart + fsize);
	p->mem_start = (uint32_t)rstart;
	p->mem_end = (uint32_t)(rstart + rsize);
	p->kernel_brk = p->mem_end - 8 * (rnd() % (rsize / 8 + 1));
	uint32_t room = (p->kernel_brk - p->mem_start) / 4;
	switch (rnd() % 4) {
	case 0: p->app_brk = p->mem_start; break;
	case 1: p->app_brk = p->kernel_brk; break;
	default: p->app_brk = p->mem_start + 4 * (room ? rnd() % (room + 1) : 0); break;
	}
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
		struct pmp_csrs s;
		if (pmp_encode(r, n, &s) != PMP_OK) {
			if (mismatches++ < 10) {
				report_layout("pmp_diff", "layout rejected", &p);
				fputc('\n', stderr);
			}
			done++;
			continue;
		}
		struct pmp_config c;
		unpack(&s, &c);
		/* Every edge of the layout (and a few bytes either side), plus random addresses. */
		const uint32_t edges[] = { p.flash_start, p.flash_end, p.mem_start, p.app_brk,
					   p.kernel_brk, p.mem_end, 0, 0xfffffffcu };
		for (unsigned k = 0; k < 24; k++) {
			uint32_t a, size;
			uint8_t acc;
			pick_access(edges, 8, k, 4, &a, &size, &acc);
			bool want = spec_allows(&p, a, size, acc);
			bool model = pmp_allows(&c, a, size, acc);
			/* The privileged spec lets hardware split a misaligned access or deny it when
			 * it spans two entries; compare it on naturally aligned accesses only. */
			bool aligned = size <= 4 && (size & (size - 1)) == 0 && a % size == 0;
			bool hw = aligned ? hw_allows(&s, a, size, acc) : want;
			probes++;
			if (want != model || want != hw) {
				if (mismatches++ < 10) {
					report_layout("pmp_diff", "mismatch", &p);
					fprintf(stderr, ": %u bytes at %08x acc %u: layout %d, pmp_allows %d, hardware %d\n",
						size, a, acc, want, model, hw);
				}
			}
		}
		done++;
	}
	printf("pmp_diff: %lu layouts, %lu accesses, %lu mismatches\n", done, probes, mismatches);
	return mismatches != 0;
}
