/* rv32 memory protection: encodes a process's regions once, loads them into the PMP CSRs on a switch. */
#include <stddef.h>
#include <arch/pmp.h>
#include <arch/trap_offsets.h>
#include <tick/driver.h>
#include <tick/arch.h>
#include <tick/klog.h>
#include <tick/mpu.h>
#include "../../kernel/internal/process.h"   /* struct process: arch code is kernel-internal */

/* trap.S's command fast path reads these fields by offset. */
_Static_assert(offsetof(struct process, permissions) == TRAP_P_PERMISSIONS, "TRAP_P_PERMISSIONS");
_Static_assert(offsetof(struct process, syscall_count) == TRAP_P_SYSCALLS, "TRAP_P_SYSCALLS");
_Static_assert(offsetof(struct driver, command) == TRAP_DRV_COMMAND, "TRAP_DRV_COMMAND");
_Static_assert(offsetof(struct driver, self) == TRAP_DRV_SELF, "TRAP_DRV_SELF");
_Static_assert(DRIVER_DIRECT_SLOTS == TRAP_DRIVER_DIRECT, "TRAP_DRIVER_DIRECT");

static const struct process *pmp_loaded;   /* whose regions are in the CSRs now */

#define CSRW(csr, v) __asm__ volatile("csrw " #csr ", %0" ::"r"(v))

/* always_inline: else GCC calls it, though -mtune=size compiles its body into one lw (-58 B). */
static inline __attribute__((always_inline)) uint32_t cfg_word(const uint8_t *cfg)
{
	return (uint32_t)cfg[0] | (uint32_t)cfg[1] << 8 | (uint32_t)cfg[2] << 16 | (uint32_t)cfg[3] << 24;
}

/* Writes p's cached entries 0-3. */
static inline __attribute__((always_inline)) void write_cached(struct process *p)
{
	/* Entries 0-7 are never locked, so they do not bind M-mode: a half-written set is
	 * harmless until the mret into the process, and pmpcfg0 is written last. */
	CSRW(pmpaddr0, p->mpu.csrs.addr[0]);
	CSRW(pmpaddr1, p->mpu.csrs.addr[1]);
	CSRW(pmpaddr2, p->mpu.csrs.addr[2]);
	CSRW(pmpaddr3, p->mpu.csrs.addr[3]);
	CSRW(pmpcfg0, p->mpu.csrs.cfg0);
	pmp_loaded = p;
}

/*
 * Entries 0-3 hold a process's flash and RAM; they are cached in p->mpu and written on every
 * switch. Entries 4-7 hold the regions other processes share with it (IPC, at most
 * MPU_SHARED_REGIONS), and are OFF for everybody else. Only processes that hold shares pay
 * for them: their image never stays valid, so each switch to them comes here, encodes the
 * whole list again and writes entries 4-7; and since those entries then hold their shares,
 * every other process's image is marked invalid so that its next load comes here too and
 * turns them off. A process without shares that follows another one without shares takes
 * the short path in load(), as before.
 */
/* Encodes p's image and loads all of it (entries 0-3 from the image). */
static __attribute__((noinline)) void encode_and_load(struct process *p)
{
	struct mpu_region r[MPU_MAX_REGIONS];
	struct pmp_config c;
	unsigned n = mpu_all_regions(p, r);
	/* Unreachable: a start, a break or a share adopts only a map arch_mpu_fits accepted. */
	if (pmp_compute(r, n, 2 * MPU_MAX_REGIONS, &c) != PMP_OK)
		kpanic("PMP: invalid regions for process %u", p->index);
	for (unsigned i = 0; i < PMP_CSR_ENTRIES; i++)
		p->mpu.csrs.addr[i] = c.addr[i];
	p->mpu.csrs.cfg0 = cfg_word(&c.cfg[0]);
	CSRW(pmpcfg1, 0);   /* off while the addresses change */
	CSRW(pmpaddr4, c.addr[4]);
	CSRW(pmpaddr5, c.addr[5]);
	CSRW(pmpaddr6, c.addr[6]);
	CSRW(pmpaddr7, c.addr[7]);
	CSRW(pmpcfg1, cfg_word(&c.cfg[4]));
	/* Entries 8-15: only buffer transfers need them (more than two extra regions); whoever
	 * follows a process that used them turns them off. */
	static uint8_t high_in_use;
	if (c.entries > 8 || high_in_use) {
		CSRW(pmpcfg2, 0);
		CSRW(pmpcfg3, 0);
		CSRW(pmpaddr8, c.addr[8]);
		CSRW(pmpaddr9, c.addr[9]);
		CSRW(pmpaddr10, c.addr[10]);
		CSRW(pmpaddr11, c.addr[11]);
		CSRW(pmpaddr12, c.addr[12]);
		CSRW(pmpaddr13, c.addr[13]);
		CSRW(pmpaddr14, c.addr[14]);
		CSRW(pmpaddr15, c.addr[15]);
		CSRW(pmpcfg2, cfg_word(&c.cfg[8]));
		CSRW(pmpcfg3, cfg_word(&c.cfg[12]));
		high_in_use = c.entries > 8;
	}
	write_cached(p);
	if (n > MPU_PROCESS_REGIONS)   /* p's image and everybody else's: not valid */
		for (struct process *q = processes; q < processes + process_slots; q++)
			q->mpu.csrs.cfg0 = 0;
}

/* A valid cached image is a leaf: five loads and five CSR writes. */
static void load(struct process *p)
{
	if (!p->mpu.csrs.cfg0)   /* not valid */
		encode_and_load(p);
	else
		write_cached(p);
}

void arch_mpu_switch(struct process *p)
{
	if (pmp_loaded != p)
		load(p);
}

void arch_mpu_update_brk(struct process *p)
{
	p->mpu.csrs.cfg0 = 0;   /* not valid */
	load(p);
}

bool arch_mpu_fits(const struct process *p)
{
	struct mpu_region r[MPU_MAX_REGIONS];
	struct pmp_config c;
	return pmp_compute(r, mpu_all_regions(p, r), 2 * MPU_MAX_REGIONS, &c) == PMP_OK;
}

void arch_mpu_invalidate(struct process *p)
{
	p->mpu.csrs.cfg0 = 0;   /* not valid */
	/* Its old image may stay in the CSRs while the kernel runs (entries 0-7 do not bind
	 * M-mode); the kernel enters a process only through arch_mpu_switch, which now reloads
	 * (a system call that takes a share away from its own caller calls it at once, see
	 * kernel/exposure.c). Any other process's image stays loaded: a system call that
	 * restarted p resumes its caller on the fast path, with the caller's regions in place. */
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
