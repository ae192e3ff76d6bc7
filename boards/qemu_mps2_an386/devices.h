/* qemu_mps2_an386: what the board's boot and wiring (main.c, cold code) share with its interrupt service (service.c, hot code). */
#ifndef BOARDS_QEMU_MPS2_AN386_DEVICES_H
#define BOARDS_QEMU_MPS2_AN386_DEVICES_H

#include <chips/cmsdk_timer.h>
#include <chips/cmsdk_uart.h>

/* NVIC lines (QEMU's mps2-an385/an386 wiring). */
#define IRQ_UART0_RX (1u << 0)
#define IRQ_UART0_TX (1u << 1)
#define IRQ_TIMER0 (1u << 8)
#define IRQ_TIMER1 (1u << 9)
#define IRQ_USED (IRQ_UART0_RX | IRQ_UART0_TX | IRQ_TIMER0 | IRQ_TIMER1)

/* Defined in main.c, serviced by service.c. */
extern struct cmsdk_uart mps2_uart0;
extern struct cmsdk_timer mps2_timers;

#endif
