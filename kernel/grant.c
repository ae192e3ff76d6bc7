/* Grants: per-driver, per-process kernel memory allocated downward from the top of the process's RAM. */
#include <stddef.h>
#include <tick/string.h>
#include <tick/grant.h>
#include "internal/grant.h"
#include "internal/kernel_area.h"
#include "internal/process.h"

uint32_t grant_size(const struct driver *drv)
{
	return (grant_header_size(drv) + drv->grant_data_size + 7u) & ~7u;
}

__attribute__((noinline)) uint8_t *grant_carve(struct process *p, uint32_t size)
{
	/* Never hand out memory the process can reach (stay above its break), nor a grant the
	 * table cannot name (kernel_area.h: mem_end - address in 16 bits). */
	if (p->kernel_brk - p->app_brk < size || p->mem_end - (p->kernel_brk - size) > UINT16_MAX)
		return NULL;
	p->kernel_brk -= size;
	memset((void *)(uintptr_t)p->kernel_brk, 0, size);
	return (uint8_t *)(uintptr_t)p->kernel_brk;
}

/* First use of drv's grant by p: carve it below the kernel break. Out of line so that the
 * lookups stay leaf functions without register saves. */
static __attribute__((noinline)) uint8_t *grant_alloc(struct process *p, const struct driver *drv)
{
	uint8_t *b = grant_carve(p, grant_size(drv));
	if (b)
		process_kernel_area(p)->grant[drv->grant_slot] = (uint16_t)(p->mem_end - (uint32_t)(uintptr_t)b);
	return b;
}

/* grant_base_slotted, allocating on first use when alloc is set. */
static inline __attribute__((always_inline)) uint8_t *grant_base_alloc(struct process *p, const struct driver *drv, bool alloc)
{
	uint8_t *b = grant_base_slotted(p, drv);
	if (b || !alloc)
		return b;
	return grant_alloc(p, drv);
}

void *grant_enter(struct process *p, const struct driver *drv)
{
	if (drv->grant_slot >= CONFIG_GRANT_SLOTS)
		return NULL;
	uint8_t *b = grant_base_alloc(p, drv, true);
	return b ? b + grant_header_size(drv) : NULL;
}

void *grant_peek(struct process *p, const struct driver *drv)
{
	uint8_t *b = grant_base(p, drv);
	return b ? b + grant_header_size(drv) : NULL;
}

struct grant_ref grant_next(const struct driver *drv, struct process *after)
{
	struct process *end = processes + process_slots;
	for (struct process *p = after ? after + 1 : processes; p < end; p++) {
		/* Only a live process's kernel area may be read (an empty slot has none). */
		uint8_t *b = process_alive(p) ? grant_base(p, drv) : NULL;
		if (b)
			return (struct grant_ref){ p, b + grant_header_size(drv) };
	}
	return (struct grant_ref){ NULL, NULL };
}

struct upcall_slot *grant_upcall(struct process *p, const struct driver *drv, unsigned n, bool alloc)
{
	if (n >= drv->num_upcalls)
		return NULL;
	uint8_t *b = grant_base_alloc(p, drv, alloc);
	return b ? (struct upcall_slot *)b + n : NULL;
}

struct allow_slot *grant_allow(struct process *p, const struct driver *drv, unsigned cls, unsigned n, bool alloc)
{
	unsigned skip;
	switch (cls) {
	case ALLOW_RW:
		if (n >= drv->num_allow_rw)
			return NULL;
		skip = 0;
		break;
	case ALLOW_RO:
		if (n >= drv->num_allow_ro)
			return NULL;
		skip = drv->num_allow_rw;
		break;
	case ALLOW_UR:
		if (n >= drv->num_allow_ur)
			return NULL;
		skip = (unsigned)drv->num_allow_rw + drv->num_allow_ro;
		break;
	default:
		return NULL;
	}
	uint8_t *b = grant_base_alloc(p, drv, alloc);
	if (!b)
		return NULL;
	struct allow_slot *slots = (struct allow_slot *)(b + drv->num_upcalls * sizeof(struct upcall_slot));
	return slots + skip + n;
}

bool grant_buffer(struct process *p, const struct driver *drv, unsigned cls, unsigned n,
		  uint8_t **ptr, uint32_t *len)
{
	struct allow_slot *s = grant_allow(p, drv, cls, n, false);
	if (!s || s->len == 0) {
		*ptr = NULL;
		*len = 0;
		return false;
	}
	*ptr = (uint8_t *)(uintptr_t)s->ptr;
	*len = s->len;
	return true;
}

uint32_t grant_bytes_used(const struct process *p)
{
	return p->mem_end - p->kernel_brk;
}

unsigned grant_count(const struct process *p)
{
	const struct process_kernel_area *ka = process_kernel_area(p);
	unsigned n = 0;
	for (unsigned g = 0; g < CONFIG_GRANT_SLOTS; g++)
		n += ka->grant[g] != 0;
	return n;
}
