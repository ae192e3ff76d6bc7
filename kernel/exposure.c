/* Exposures: the table of process memory shared into other processes' protection, and its revocation (DESIGN decision 2). */
#include <tick/arch.h>
#include <tick/mpu.h>
#include "internal/exposure.h"
#include "internal/process.h"
#include "internal/transfer.h"

/* One share: [start, end) of process `owner`, with MPU rights perms, made from the allow
 * slot at address `source` in the owner's grant. end == 0 marks a free entry (a share is
 * never empty). */
struct share {
	uint32_t start, end;
	uint32_t source;
	uint8_t owner;
	uint8_t perms;
};

/* Row h: the shares process h holds, oldest first, free entries last. Fixed storage, like
 * the process table: no allocation, and a process's shares cost nothing until it has some. */
static struct share shares[CONFIG_MAX_PROCS][MPU_SHARED_REGIONS];
uint8_t exposure_owned[CONFIG_MAX_PROCS];

/* The holder's protection changed. If it is the process running now (the share was revoked
 * by a system call it made, e.g. restarting the owner through the process info driver), it
 * resumes on the fast path without a switch: load its new image now. */
static void holder_changed(struct process *holder)
{
	arch_mpu_invalidate(holder);
	if (holder == current_process)
		arch_mpu_switch(holder);
}

/* Removes share k of holder's row, keeping the row oldest first. Does not touch the
 * protection: the caller calls holder_changed once it is done with the row. */
static void remove_at(struct process *holder, unsigned k)
{
	struct share *row = shares[holder->index];
	exposure_owned[row[k].owner]--;
	for (; k + 1 < MPU_SHARED_REGIONS; k++)
		row[k] = row[k + 1];
	row[MPU_SHARED_REGIONS - 1] = (struct share){ 0, 0, 0, 0, 0 };
}

bool exposure_share(struct process *owner, struct process *holder, uint32_t start, uint32_t end,
		    uint8_t perms, const struct allow_slot *slot)
{
	uint32_t source = (uint32_t)(uintptr_t)slot;
	if (start >= end || !process_in_ram(owner, start, end - start))
		return false;
	struct share *row = shares[holder->index];
	unsigned k;
	for (k = 0; k < MPU_SHARED_REGIONS && row[k].end; k++) {
		if (row[k].owner != owner->index)
			continue;
		if (row[k].start == start && row[k].end == end && row[k].perms == perms &&
		    row[k].source == source)
			return true;   /* already mapped: nothing changes */
		remove_at(holder, k);   /* one share per owner: the new one replaces it */
		break;
	}
	/* First free entry; with none, the oldest share gives way. */
	for (k = 0; k < MPU_SHARED_REGIONS && row[k].end; k++)
		;
	if (k == MPU_SHARED_REGIONS) {
		remove_at(holder, 0);
		k = MPU_SHARED_REGIONS - 1;
	}
	row[k] = (struct share){ start, end, source, owner->index, perms };
	exposure_owned[owner->index]++;
	/* Every map the kernel adopts is one the protection can express (transfer regions take
	 * slots too): checked, not assumed (docs/verification.md). */
	if (!arch_mpu_fits(holder)) {
		remove_at(holder, k);   /* no region left for it: not shared */
		holder_changed(holder);
		return false;
	}
	if (owner->allow_high_water < end)
		owner->allow_high_water = end;   /* its break cannot shrink under the share */
	holder_changed(holder);
	return true;
}

/* Revokes every share of owner's memory (all of them when source is 0, else those made from
 * the allow slot at that address). */
static void revoke(struct process *owner, uint32_t source)
{
	for (unsigned h = 0; h < process_slots && exposure_owned[owner->index]; h++) {
		struct share *row = shares[h];
		bool changed = false;
		for (unsigned k = 0; k < MPU_SHARED_REGIONS && row[k].end;) {
			if (row[k].owner == owner->index && (source == 0 || row[k].source == source)) {
				remove_at(&processes[h], k);
				changed = true;
			} else {
				k++;
			}
		}
		if (changed)
			holder_changed(&processes[h]);
	}
}

void exposure_allow_changed(struct process *owner, const struct allow_slot *slot)
{
	revoke(owner, (uint32_t)(uintptr_t)slot);
}

bool exposure_shared(const struct process *owner, uint32_t start, uint32_t end)
{
	for (unsigned h = 0; h < process_slots && exposure_owned[owner->index]; h++)
		for (unsigned k = 0; k < MPU_SHARED_REGIONS && shares[h][k].end; k++)
			if (shares[h][k].owner == owner->index && shares[h][k].start < end &&
			    start < shares[h][k].end)
				return true;
	return false;
}

void exposure_process_ended(struct process *p)
{
	transfer_process_ended(p);   /* buffers it holds go home; its own leave their holders */
	if (exposure_owned[p->index])
		revoke(p, 0);
	struct share *row = shares[p->index];
	if (row[0].end) {
		while (row[0].end)
			remove_at(p, 0);
		holder_changed(p);
	}
}

unsigned exposure_regions(const struct process *holder, struct mpu_region *out)
{
	const struct share *row = shares[holder->index];
	unsigned n = 0;
	for (; n < MPU_SHARED_REGIONS && row[n].end; n++)
		out[n] = (struct mpu_region){ row[n].start, row[n].end, row[n].perms };
	return n;
}

unsigned exposure_owner(const struct process *holder, unsigned k)
{
	const struct share *row = shares[holder->index];
	return k < MPU_SHARED_REGIONS && row[k].end ? row[k].owner : CONFIG_MAX_PROCS;
}

unsigned mpu_shared_regions(const struct process *p, struct mpu_region *out)
{
	return exposure_regions(p, out);
}
