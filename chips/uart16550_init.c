/* NS16550A set-up: cold boot code (chips.mk), link-time optimized into the board's. */
#include "uart16550_regs.h"

void uart16550_init(struct uart16550 *u, uintptr_t base)
{
	volatile uint8_t *r = (volatile uint8_t *)base;   /* not re-read from u after each store */
	u->base = r;
	u->tx_done_call.fn = uart16550_tx_done;
	deferred_register(&u->tx_done_call);
	r[IER] = 0;
	r[LCR] = 0x03;   /* 8 data bits, no parity, 1 stop bit */
	r[FCR] = 0x07;   /* enable and clear FIFOs */
	r[MCR] = 0x08;   /* OUT2: route the interrupt to the PLIC */
	r[IER] = IER_RX;
}
