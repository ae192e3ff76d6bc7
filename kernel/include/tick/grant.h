/* Grants: per-process kernel memory, carved from the top of each process's RAM block on first use. */
#ifndef TICK_GRANT_H
#define TICK_GRANT_H

#include <stdbool.h>
#include <stdint.h>
#include <tick/driver.h>

struct process;

/* A buffer a process allowed. ptr/len are validated at allow time and stay valid while the
 * process keeps the allow: the process cannot shrink its break below it, and a restart
 * discards the whole grant. Capsules must look the buffer up again on every use and never
 * keep ptr across calls that return to the kernel loop. */
struct allow_slot {
	uint32_t ptr;
	uint32_t len;
};

/* 8 bytes, as in Tock, so that apps sized for Tock's grants fit. A null-upcall record that
 * finds the upcall queue full is latched outside the slot (kernel/internal/grant.h). */
struct upcall_slot {
	uint32_t fn;       /* 0 = Null Upcall */
	uint32_t appdata;
};

/* Returns the capsule data of drv's grant for p, allocating (zeroed) on first use.
 * NULL if drv has no grant or p's RAM has no room (the caller answers NOMEM). */
void *grant_enter(struct process *p, const struct driver *drv);
/* Like grant_enter but never allocates: NULL if p never used drv. A leaf function without
 * the allocation path: capsules call it for every process on their event paths. */
void *grant_peek(struct process *p, const struct driver *drv);

/* A live process holding a driver's grant, and its capsule data (p NULL: no more). */
struct grant_ref {
	struct process *p;
	void *data;
};

/* The live processes that hold drv's grant, in slot order, with their grant data. This is
 * how a capsule visits processes from a callback:
 *     for (struct grant_ref r = grant_first(drv); r.p; r = grant_next(drv, r.p)) ...
 * The loop body may schedule upcalls. grant_next returns the first holder after `after`. */
struct grant_ref grant_next(const struct driver *drv, struct process *after);
static inline struct grant_ref grant_first(const struct driver *drv)
{
	return grant_next(drv, (struct process *)0);
}

/* Slots inside the grant; NULL if the grant does not exist or n is out of range. */
struct upcall_slot *grant_upcall(struct process *p, const struct driver *drv, unsigned n, bool alloc);
struct allow_slot *grant_allow(struct process *p, const struct driver *drv, unsigned cls, unsigned n, bool alloc);

/* Allow classes as the syscall classes that set them. */
enum { ALLOW_RW = 3, ALLOW_RO = 4, ALLOW_UR = 7 };

/* Convenience for capsules: the buffer in slot n of class cls, as a kernel pointer.
 * Returns false (and len 0) when nothing is allowed there. */
bool grant_buffer(struct process *p, const struct driver *drv, unsigned cls, unsigned n,
		  uint8_t **ptr, uint32_t *len);

/* Bytes a grant of drv occupies (header with slots + capsule data), 8-aligned. */
uint32_t grant_size(const struct driver *drv);

/* Bytes of a grant before the capsule data: upcall slots, then the allow slots. */
static inline __attribute__((always_inline)) uint32_t grant_header_size(const struct driver *drv)
{
	return (uint32_t)drv->num_upcalls * sizeof(struct upcall_slot) +
	       ((uint32_t)drv->num_allow_rw + drv->num_allow_ro + drv->num_allow_ur) *
		       sizeof(struct allow_slot);
}

/* Bytes of grant memory p currently uses. */
uint32_t grant_bytes_used(const struct process *p);
/* Grant slots p uses (drivers that keep per-process state for it). */
unsigned grant_count(const struct process *p);

#endif
