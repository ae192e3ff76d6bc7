/* Writes a computed PMP configuration to the CSRs (entries 0-7; Tick uses at most 8). */
#include <arch/pmp.h>

#define CSRW(csr, v) __asm__ volatile("csrw " #csr ", %0" ::"r"(v))

void pmp_hw_apply(const struct pmp_config *c)
{
	/* Disable the entries first so that no half-written region is ever active. */
	CSRW(pmpcfg0, 0);
	CSRW(pmpaddr0, c->addr[0]);
	CSRW(pmpaddr1, c->addr[1]);
	CSRW(pmpaddr2, c->addr[2]);
	CSRW(pmpaddr3, c->addr[3]);
	uint32_t cfg0 = (uint32_t)c->cfg[0] | (uint32_t)c->cfg[1] << 8 |
			(uint32_t)c->cfg[2] << 16 | (uint32_t)c->cfg[3] << 24;
	if (c->entries > 4) {
		CSRW(pmpcfg1, 0);
		CSRW(pmpaddr4, c->addr[4]);
		CSRW(pmpaddr5, c->addr[5]);
		CSRW(pmpaddr6, c->addr[6]);
		CSRW(pmpaddr7, c->addr[7]);
		uint32_t cfg1 = (uint32_t)c->cfg[4] | (uint32_t)c->cfg[5] << 8 |
				(uint32_t)c->cfg[6] << 16 | (uint32_t)c->cfg[7] << 24;
		CSRW(pmpcfg1, cfg1);
	} else {
		CSRW(pmpcfg1, 0);
	}
	CSRW(pmpcfg0, cfg0);
}

void pmp_hw_reset(void)
{
	CSRW(pmpcfg0, 0);
	CSRW(pmpcfg1, 0);
	CSRW(pmpcfg2, 0);
	CSRW(pmpcfg3, 0);
}
