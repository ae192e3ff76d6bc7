/* qemu_rv32_virt: what the board's boot and wiring (main.c, cold code) share with its interrupt service (service.c, hot code). */
#ifndef BOARDS_QEMU_RV32_VIRT_DEVICES_H
#define BOARDS_QEMU_RV32_VIRT_DEVICES_H

#include <chips/uart16550.h>
#include <chips/virtio_console.h>
#include <chips/virtio_rng.h>

#define UART0_IRQ 10
#define MIP_MTIP (1u << 7)
#define MIP_MEIP (1u << 11)

/* Defined in main.c, serviced by service.c. */
extern struct uart16550 virt_uart0;
extern struct virtio_rng virt_rng;
extern struct virtio_console virt_mgmt_console;
extern unsigned virt_rng_irq, virt_mgmt_irq;   /* 0: the device is not there */

/* CSR access stays in hot files: the link that generates the cold code (kernel.mk) has no
 * zicsr. board_boot_csrs: first thing at boot, records minstret in kernel_boot_instret and
 * lets U-mode read cycle/time/instret (the benchmarks need them). board_interrupts_on: the
 * timer and external interrupts on, last thing before the kernel loop. */
void board_boot_csrs(void);
void board_interrupts_on(void);

#endif
