/* qemu_rv32_virt board: its hot paths (interrupt service, blocking console output) and CSR access, built as hot code apart from main.c's cold boot and wiring. */
#include <stdint.h>
#include <chips/plic.h>
#include <tick/board.h>
#include <tick/valarm.h>
#include "devices.h"

uint32_t kernel_boot_instret;

static inline uint32_t read_mip(void)
{
	uint32_t v;
	__asm__ volatile("csrr %0, mip" : "=r"(v));
	return v;
}

void board_boot_csrs(void)
{
	__asm__ volatile("csrr %0, minstret" : "=r"(kernel_boot_instret));
	__asm__ volatile("csrw mcounteren, %0" ::"r"(7));
	__asm__ volatile("csrw scounteren, %0" ::"r"(7));
}

void board_interrupts_on(void)
{
	__asm__ volatile("csrw mie, %0" ::"r"(MIP_MTIP | MIP_MEIP));
}

void board_console_putc_blocking(char c)
{
	if (c == '\n')
		uart16550_ops.putc_blocking(&virt_uart0, '\r');
	uart16550_ops.putc_blocking(&virt_uart0, c);
}

bool board_interrupts_pending(void)
{
	return (read_mip() & (MIP_MTIP | MIP_MEIP)) != 0;
}

/* The virtio devices' interrupts, out of service() so that its timer path stays as short. */
static void __attribute__((noinline)) virtio_interrupt(unsigned irq)
{
	if (irq == virt_rng_irq)
		virtio_rng_interrupt(&virt_rng);
	else if (irq == virt_mgmt_irq)
		virtio_console_interrupt(&virt_mgmt_console);
}

static void __attribute__((noinline)) service(uint32_t mip)
{
	if (mip & MIP_MTIP)
		valarm_service();
	if (mip & MIP_MEIP) {
		unsigned irq;
		while ((irq = plic_claim()) != 0) {
			if (irq == UART0_IRQ)
				uart16550_interrupt(&virt_uart0);
			else
				virtio_interrupt(irq);
			plic_complete(irq);
		}
	}
}

/* Called on every kernel-loop turn: the common cases (nothing pending, or only the timer)
 * stay a few instructions and a tail call, without the register saves of the servicing code. */
void board_service_interrupts(void)
{
	uint32_t mip = read_mip();
	if (mip & MIP_MEIP)
		service(mip);
	else if (mip & MIP_MTIP)
		valarm_service();
}
