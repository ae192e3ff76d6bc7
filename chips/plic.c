/* PLIC driver: priorities, the hart-0 M-mode enable bits, claim and complete. */
#include <chips/plic.h>

#define PRIORITY(irq) (0x0000u + 4u * (irq))
#define ENABLE0 0x2000u
#define THRESHOLD0 0x200000u
#define CLAIM0 0x200004u

static uintptr_t plic;

static volatile uint32_t *reg(uintptr_t off)
{
	return (volatile uint32_t *)(plic + off);
}

void plic_init(uintptr_t base)
{
	plic = base;
	*reg(THRESHOLD0) = 0;
	for (unsigned w = 0; w < 2; w++)
		*reg(ENABLE0 + 4 * w) = 0;
}

void plic_enable(unsigned irq)
{
	*reg(PRIORITY(irq)) = 1;
	*reg(ENABLE0 + 4 * (irq / 32)) |= 1u << (irq % 32);
}

unsigned plic_claim(void)
{
	return *reg(CLAIM0);
}

void plic_complete(unsigned irq)
{
	*reg(CLAIM0) = irq;
}
