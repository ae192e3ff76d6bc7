/* RISC-V PLIC (QEMU virt): external interrupt routing for hart 0, M-mode context. */
#ifndef CHIPS_PLIC_H
#define CHIPS_PLIC_H

#include <stdint.h>

void plic_init(uintptr_t base);
void plic_enable(unsigned irq);
/* Returns the highest-priority pending interrupt (0 = none) and claims it. */
unsigned plic_claim(void);
void plic_complete(unsigned irq);

#endif
