/* RISC-V PMP region arithmetic (pure; compiled for the host too so it can be tested and proven). */
#include "include/arch/pmp.h"   /* by path: the host build (tests/unit/test_pmp.c) compiles this file too */

static void clear(struct pmp_config *out)
{
	for (unsigned i = 0; i < PMP_MAX_ENTRIES; i++) {
		out->addr[i] = 0;
		out->cfg[i] = 0;
	}
	out->entries = 0;
}

static enum pmp_error check_region(const struct mpu_region *r)
{
	if ((r->start & 3u) != 0 || (r->end & 3u) != 0)
		return PMP_EALIGN;
	if (r->end < r->start)
		return PMP_EORDER;
	if ((r->perms & ~(PMP_R | PMP_W | PMP_X)) != 0)
		return PMP_EPERM;
	if ((r->perms & PMP_W) && !(r->perms & PMP_R))
		return PMP_EPERM;   /* R=0,W=1 is reserved by the privileged spec */
	return PMP_OK;
}

static bool overlaps(const struct mpu_region *a, const struct mpu_region *b)
{
	if (a->start == a->end || b->start == b->end)
		return false;
	return a->start < b->end && b->start < a->end;
}

enum pmp_error pmp_compute(const struct mpu_region *regions, unsigned n, unsigned max_entries,
			   struct pmp_config *out)
{
	clear(out);
	if (max_entries > PMP_MAX_ENTRIES || n > max_entries / 2)
		return PMP_ETOOMANY;
	for (unsigned i = 0; i < n; i++) {
		enum pmp_error e = check_region(&regions[i]);
		if (e != PMP_OK)
			return e;
		for (unsigned j = 0; j < i; j++)
			if (overlaps(&regions[i], &regions[j]))
				return PMP_EOVERLAP;
	}
	for (unsigned i = 0; i < n; i++) {
		out->addr[2 * i] = regions[i].start >> 2;
		out->cfg[2 * i] = 0;   /* OFF: only supplies the TOR lower bound */
		out->addr[2 * i + 1] = regions[i].end >> 2;
		out->cfg[2 * i + 1] = (uint8_t)(PMP_A_TOR | regions[i].perms);
	}
	out->entries = (uint8_t)(2 * n);
	return PMP_OK;
}

enum pmp_error pmp_encode(const struct mpu_region *regions, unsigned n, struct pmp_csrs *out)
{
	struct pmp_config c;
	enum pmp_error e = pmp_compute(regions, n, PMP_CSR_ENTRIES, &c);
	for (unsigned i = 0; i < PMP_CSR_ENTRIES; i++)
		out->addr[i] = c.addr[i];
	out->cfg0 = (uint32_t)c.cfg[0] | (uint32_t)c.cfg[1] << 8 | (uint32_t)c.cfg[2] << 16 |
		    (uint32_t)c.cfg[3] << 24;
	return e;
}

/* The entry that matches byte address a, or -1. Implements the TOR rule:
 * entry i matches when addr[i-1] <= a>>2 < addr[i] (addr[-1] = 0). */
static int match(const struct pmp_config *c, uint32_t a)
{
	for (unsigned i = 0; i < PMP_MAX_ENTRIES; i++) {
		if ((c->cfg[i] & PMP_A_MASK) != PMP_A_TOR)
			continue;   /* OFF (this model does not use NA4/NAPOT) */
		uint32_t lo = i == 0 ? 0 : c->addr[i - 1];
		uint32_t w = a >> 2;
		if (lo <= w && w < c->addr[i])
			return (int)i;
	}
	return -1;
}

bool pmp_allows(const struct pmp_config *c, uint32_t addr, uint32_t size, uint8_t access)
{
	if (size == 0)
		return true;
	if (addr + (size - 1) < addr)
		return false;   /* wraps around the address space */
	/* Matching is per 4-byte word, so checking each word of the access is exact. */
	uint32_t first = addr & ~3u, last = (addr + size - 1) & ~3u;
	for (uint32_t w = first;; w += 4) {
		int i = match(c, w);
		if (i < 0 || (c->cfg[i] & access) != access)
			return false;
		if (w == last)
			break;
	}
	return true;
}
