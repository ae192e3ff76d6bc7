/* Exposures: memory of one process made reachable by another through its protection (IPC shares), revoked before the memory is reused. */
#ifndef TICK_INTERNAL_EXPOSURE_H
#define TICK_INTERNAL_EXPOSURE_H

#include <stdbool.h>
#include <stdint.h>
#include <tick/config.h>
#include <tick/grant.h>
#include <tick/mpu.h>
#include "process.h"

/*
 * DESIGN decision 2: every lending of a process's memory is a tracked object, and memory is
 * reused only after every exposure of it is revoked. Two kinds exist:
 *
 * - Allows to capsules (the kernel itself reaches the buffer). They live in the owner's
 *   grants: a restart or end discards them with the grant region, and the owner's break can
 *   never move below allow_high_water, the highest byte it ever allowed. No table needed.
 * - Shares: [start, end) of the owner's app RAM added to another process's (the holder's)
 *   protection regions. They are recorded here, at most MPU_SHARED_REGIONS per holder (the
 *   spare slots of tick/mpu.h), and revoked when the owner changes the allow slot they came
 *   from, when the owner ends or restarts (before its RAM is zeroed for the new run), and
 *   when the holder ends. Revocation invalidates the holder's cached protection image and,
 *   if the holder is the process running now (a system call on the fast path), loads the new
 *   image before the holder can execute another instruction: no stale mapping survives.
 *
 * Invariant (checked by the unit tests' env_check): every share lies inside its owner's app
 * RAM [mem_start, app_brk) while the owner is alive, and below its allow_high_water, so the
 * owner's break cannot shrink under it.
 */

/* Exposures of each process's memory (by slot); the allow path tests it to skip the table. */
extern uint8_t exposure_owned[CONFIG_MAX_PROCS];

/* Makes [start, end) of owner's memory reachable by holder with perms (MPU_R, MPU_W), as
 * made from owner's allow slot `source` (in owner's grant).
 * Contract: owner != holder, both alive; start < end with bounds the architecture can
 * protect exactly (arch_mpu_share_bounds). Returns false, changing nothing, if the range is
 * not inside owner's app RAM. A holder keeps one share per owner: a new one replaces the
 * previous (an identical one is kept as it is). When the holder has no free shared region,
 * its oldest share is revoked to make room. Raises owner's allow_high_water to end. */
bool exposure_share(struct process *owner, struct process *holder, uint32_t start, uint32_t end,
		    uint8_t perms, const struct allow_slot *source);

/* owner allowed again the slot at `slot` (in its grant): revokes every share made from it.
 * The allow path calls it only when exposure_owned says owner has shares. */
void exposure_allow_changed(struct process *owner, const struct allow_slot *slot);

/* p ends or restarts: revokes every share of its memory (from every holder's protection)
 * and drops the shares it holds. Called before its RAM is reused (kernel/process.c). */
void exposure_process_ended(struct process *p);

/* Whether a share of owner's memory overlaps [start, end) (a buffer transfer refuses then). */
bool exposure_shared(const struct process *owner, uint32_t start, uint32_t end);

/* The shares holder may reach, as protection regions (at most MPU_SHARED_REGIONS), oldest
 * first; returns how many. Pure: reads the table only. */
unsigned exposure_regions(const struct process *holder, struct mpu_region *out);

/* The slot of the process whose memory the k-th share of holder (exposure_regions order)
 * exposes; CONFIG_MAX_PROCS if there is none. For checks and reports. */
unsigned exposure_owner(const struct process *holder, unsigned k);

#endif
