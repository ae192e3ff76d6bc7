/* CMSDK UART set-up: cold boot code (chips.mk), link-time optimized into the board's. */
#include "cmsdk_uart_regs.h"

void cmsdk_uart_init(struct cmsdk_uart *u, uintptr_t base)
{
	u->base = (volatile uint32_t *)base;
	u->tx_done_call.fn = cmsdk_uart_tx_done;
	deferred_register(&u->tx_done_call);
	u->base[BAUDDIV] = 16;   /* the smallest divisor the UART accepts */
	u->base[CTRL] = CTRL_TX_EN | CTRL_RX_EN | CTRL_RX_INT;
}
