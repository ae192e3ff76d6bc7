/* rv32 memory protection: encodes a process's regions once, loads them into the PMP CSRs on a switch. */
#include <arch/pmp.h>
#include <tick/arch.h>
#include <tick/klog.h>
#include <tick/mpu.h>
#include "../../kernel/internal/process.h"   /* struct process: arch code is kernel-internal */

static const struct process *pmp_loaded;   /* whose regions are in the CSRs now */

/* The core's region list for p, encoded with the pure pmp_encode and kept in p->mpu. */
static __attribute__((noinline)) void encode(struct process *p)
{
	struct mpu_region r[MPU_MAX_REGIONS];
	unsigned n = mpu_process_regions(p, r);
	if (pmp_encode(r, n, &p->mpu.csrs) != PMP_OK)
		kpanic("PMP: invalid regions for process %u", p->index);   /* loader checked them */
	p->mpu.valid = 1;
}

#define CSRW(csr, v) __asm__ volatile("csrw " #csr ", %0" ::"r"(v))

static void load(struct process *p)
{
	if (!p->mpu.valid)
		encode(p);
	/* Entries 0-3 are never locked, so they do not bind M-mode: a half-written set is
	 * harmless until the mret into the process, and pmpcfg0 is written last. */
	CSRW(pmpaddr0, p->mpu.csrs.addr[0]);
	CSRW(pmpaddr1, p->mpu.csrs.addr[1]);
	CSRW(pmpaddr2, p->mpu.csrs.addr[2]);
	CSRW(pmpaddr3, p->mpu.csrs.addr[3]);
	CSRW(pmpcfg0, p->mpu.csrs.cfg0);
	pmp_loaded = p;
}

void arch_mpu_switch(struct process *p)
{
	if (pmp_loaded != p)
		load(p);
}

void arch_mpu_update_brk(struct process *p)
{
	p->mpu.valid = 0;
	load(p);
}

void arch_mpu_invalidate(struct process *p)
{
	p->mpu.valid = 0;
	/* Its old image may stay in the CSRs while the kernel runs (entries 0-3 do not bind
	 * M-mode); the kernel enters a process only through arch_mpu_switch, which now reloads.
	 * Any other process's image stays loaded: a system call that restarted p resumes its
	 * caller on the fast path, with the caller's regions still in place. */
	if (pmp_loaded == p)
		pmp_loaded = 0;
}

void pmp_hw_reset(void)
{
	CSRW(pmpcfg0, 0);
	CSRW(pmpcfg1, 0);
	CSRW(pmpcfg2, 0);
	CSRW(pmpcfg3, 0);
}
