/* Host protection model: records the core's region list per process and answers reachability questions about it. */
#include <string.h>
#include <arch/host.h>
#include <tick/arch.h>
#include <tick/klog.h>
#include "../../kernel/internal/process.h"   /* struct process: arch code is kernel-internal */

bool host_mpu_set(struct arch_mpu *m, const struct mpu_region *r, unsigned n)
{
	memset(m, 0, sizeof *m);
	if (n > MPU_MAX_REGIONS)
		return false;
	for (unsigned i = 0; i < n; i++) {
		if (((r[i].start | r[i].end) & 3u) || r[i].end < r[i].start ||
		    (r[i].perms & ~(MPU_R | MPU_W | MPU_X)))
			return false;
		for (unsigned j = 0; j < i; j++)
			if (r[i].start < r[j].end && r[j].start < r[i].end)
				return false;   /* empty regions never satisfy both */
	}
	memcpy(m->region, r, n * sizeof *r);
	m->count = (uint8_t)n;
	return true;
}

bool host_mpu_allows(const struct arch_mpu *m, uint32_t addr, uint32_t size, uint8_t access)
{
	if (size == 0)
		return true;
	if (addr + (size - 1) < addr)
		return false;   /* wraps around the address space */
	/* Regions do not overlap: walk from addr through the region that holds each next byte. */
	uint64_t at = addr, end = (uint64_t)addr + size;
	while (at < end) {
		unsigned i = 0;
		while (i < m->count && !(m->region[i].start <= at && at < m->region[i].end))
			i++;
		if (i == m->count || (m->region[i].perms & access) != access)
			return false;
		at = m->region[i].end;
	}
	return true;
}

bool host_mpu_reaches(const struct arch_mpu *m, uint32_t start, uint32_t end, uint8_t access,
		      uint32_t *first)
{
	uint32_t best = end;
	for (unsigned i = 0; i < m->count; i++) {
		const struct mpu_region *r = &m->region[i];
		uint32_t lo = r->start > start ? r->start : start;
		uint32_t hi = r->end < end ? r->end : end;
		if ((r->perms & access) && lo < hi && lo < best)
			best = lo;
	}
	if (best == end)
		return false;
	if (first)
		*first = best;
	return true;
}

/* Like rv32, each process's image is made once and kept until its break moves or its memory
 * map changes. */
static void load(struct process *p)
{
	if (!p->mpu.valid) {
		struct mpu_region r[MPU_MAX_REGIONS];
		unsigned n = mpu_all_regions(p, r);
		if (!host_mpu_set(&p->mpu, r, n))
			kpanic("MPU: invalid regions for process %u", p->index);
		p->mpu.valid = 1;
	}
	host_arch.mpu = p->mpu;
	host_arch.mpu_owner = p;
	host_arch.mpu_loads++;
}

void arch_mpu_switch(struct process *p)
{
	if (host_arch.mpu_owner != p)
		load(p);
}

void arch_mpu_update_brk(struct process *p)
{
	p->mpu.valid = 0;
	load(p);
}

bool arch_mpu_fits(const struct process *p)
{
	struct mpu_region r[MPU_MAX_REGIONS];
	struct arch_mpu m;
	return host_mpu_set(&m, r, mpu_all_regions(p, r));
}

void arch_mpu_invalidate(struct process *p)
{
	p->mpu.valid = 0;
	if (host_arch.mpu_owner == p)
		host_arch.mpu_owner = NULL;
	host_arch.mpu_invalidates++;
}
