/* qemu_mps2_an386 board: its hot paths (interrupt service, blocking console output), built as hot code apart from main.c's cold boot and wiring. */
#include <stdint.h>
#include <arch/cortexm.h>
#include <tick/board.h>
#include <tick/valarm.h>
#include "devices.h"

uint32_t kernel_boot_instret;   /* no instruction counter on this core: stays 0 */

void board_console_putc_blocking(char c)
{
	if (c == '\n')
		cmsdk_uart_ops.putc_blocking(&mps2_uart0, '\r');
	cmsdk_uart_ops.putc_blocking(&mps2_uart0, c);
}

bool board_interrupts_pending(void)
{
	return (CM_NVIC_ISPR0 & IRQ_USED) != 0;
}

/* Level-triggered lines: the pending bits are cleared before the devices are serviced, so
 * an event during servicing pends the line again. */
static void __attribute__((noinline)) service(uint32_t pending)
{
	CM_NVIC_ICPR0 = pending;
	if (pending & (IRQ_UART0_RX | IRQ_UART0_TX))
		cmsdk_uart_interrupt(&mps2_uart0);
	if (pending & IRQ_TIMER0)
		cmsdk_timer_counter_interrupt(&mps2_timers);
	if (pending & IRQ_TIMER1) {
		cmsdk_timer_alarm_interrupt(&mps2_timers);
		valarm_service();
	}
}

void board_service_interrupts(void)
{
	uint32_t pending = CM_NVIC_ISPR0 & IRQ_USED;
	if (pending)
		service(pending);
}
