/* PLIC driver: priorities, the hart-0 M-mode enable bits, claim and complete. */
#include "plic.h"

#define PRIORITY(irq) (0x0000u + 4u * (irq))
#define ENABLE0 0x2000u
#define THRESHOLD0 0x200000u
#define CLAIM0 0x200004u

static uintptr_t plic;

/* Bus access. tests/unit/test_plic.c #includes this file with PLIC_BUS defined and its own
 * rd/wr, to play the controller. */
#ifndef PLIC_BUS
static uint32_t rd(uintptr_t a)
{
	return *(volatile uint32_t *)a;
}

static void wr(uintptr_t a, uint32_t v)
{
	*(volatile uint32_t *)a = v;
}
#endif

void plic_init(uintptr_t base)
{
	plic = base;
	wr(plic + THRESHOLD0, 0);
	for (unsigned w = 0; w < 2; w++)
		wr(plic + ENABLE0 + 4 * w, 0);
}

/* The enable bit first, the priority last: QEMU's PLIC (7.2) re-evaluates its output on a
 * priority write but not on an enable write, so a source already pending when it is enabled
 * (a virtio device whose host sent bytes before the kernel started) would otherwise never
 * raise MEIP. On hardware the order does not matter: priority 0 never interrupts. */
void plic_enable(unsigned irq)
{
	uintptr_t enable = plic + ENABLE0 + 4 * (irq / 32);
	wr(enable, rd(enable) | 1u << (irq % 32));
	wr(plic + PRIORITY(irq), 1);
}

unsigned plic_claim(void)
{
	return rd(plic + CLAIM0);
}

void plic_complete(unsigned irq)
{
	wr(plic + CLAIM0, irq);
}
