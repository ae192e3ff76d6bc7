/* Turns every PMP entry off (boot, restart). Per-process images are written by context.c. */
#include <arch/pmp.h>

#define CSRW(csr, v) __asm__ volatile("csrw " #csr ", %0" ::"r"(v))

void pmp_hw_reset(void)
{
	CSRW(pmpcfg0, 0);
	CSRW(pmpcfg1, 0);
	CSRW(pmpcfg2, 0);
	CSRW(pmpcfg3, 0);
}
