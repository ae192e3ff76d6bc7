/* Cortex-M memory protection: encodes a process's regions once, loads them into the MPU on a switch. */
#include <arch/cmpu.h>
#include <arch/cortexm.h>
#include <tick/arch.h>
#include <tick/klog.h>
#include <tick/mpu.h>
#include "../../kernel/internal/process.h"   /* struct process: arch code is kernel-internal */

static const struct process *mpu_loaded;   /* whose regions are in the MPU now */

/* The core's region list for p, encoded with the pure cmpu_encode and kept in p->mpu. */
static __attribute__((noinline)) void encode(struct process *p)
{
	struct mpu_region r[MPU_MAX_REGIONS];
	unsigned n = mpu_all_regions(p, r);
	/* Unreachable: a start, a break or a share adopts only a map arch_mpu_fits accepted. */
	if (cmpu_encode(r, n, &p->mpu.img) != CMPU_OK)
		kpanic("MPU: invalid regions for process %u", p->index);
	p->mpu.valid = 1;
}

static void load(struct process *p)
{
	if (!p->mpu.valid)
		encode(p);
	/* The regions bind only unprivileged code (PRIVDEFENA), so a half-written set is
	 * harmless until the kernel returns into the process; the barrier in trap.S's
	 * return path orders these writes before it. */
	for (unsigned i = 0; i < CMPU_REGIONS; i++) {
		CM_MPU_RBAR = p->mpu.img.rbar[i];
		CM_MPU_RASR = p->mpu.img.rasr[i];
	}
	__asm__ volatile("dsb" ::: "memory");
	mpu_loaded = p;
}

void arch_mpu_switch(struct process *p)
{
	if (mpu_loaded != p)
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
	struct cmpu_image img;
	return cmpu_encode(r, mpu_all_regions(p, r), &img) == CMPU_OK;
}

void arch_mpu_invalidate(struct process *p)
{
	p->mpu.valid = 0;
	if (mpu_loaded == p)
		mpu_loaded = 0;
}

void cmpu_hw_enable(void)
{
	for (unsigned i = 0; i < CMPU_REGIONS; i++) {
		CM_MPU_RBAR = CMPU_RBAR_VALID | i;
		CM_MPU_RASR = 0;
	}
	CM_MPU_CTRL = 1u << 2 | 1u;   /* PRIVDEFENA | ENABLE */
	__asm__ volatile("dsb\n\tisb" ::: "memory");
}
