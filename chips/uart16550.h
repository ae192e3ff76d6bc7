/* NS16550A UART driver (QEMU virt UART0), offering the UART HIL. */
#ifndef CHIPS_UART16550_H
#define CHIPS_UART16550_H

#include <tick/deferred.h>
#include <tick/hil/uart.h>

struct uart16550 {
	volatile uint8_t *base;
	struct uart_client *client;
	const uint8_t *tx_buf;
	uint32_t tx_len, tx_pos;
	struct deferred_call tx_done_call;
};

extern const struct uart_ops uart16550_ops;

/* The registers and the deferred call uart16550_init (below) uses. */
enum { UART16550_IER = 1, UART16550_FCR = 2, UART16550_LCR = 3, UART16550_MCR = 4 };
#define UART16550_IER_RX 0x01
void uart16550_tx_done(struct deferred_call *dc);

/* Configures the UART (8N1, FIFOs, receive interrupt on) at base. Inline so that it is
 * compiled into the board's cold boot code instead of kept in this hot driver. */
static inline void uart16550_init(struct uart16550 *u, uintptr_t base)
{
	volatile uint8_t *r = (volatile uint8_t *)base;   /* not re-read from u after each store */
	u->base = r;
	u->tx_done_call.fn = uart16550_tx_done;
	deferred_register(&u->tx_done_call);
	r[UART16550_IER] = 0;
	r[UART16550_LCR] = 0x03;   /* 8 data bits, no parity, 1 stop bit */
	r[UART16550_FCR] = 0x07;   /* enable and clear FIFOs */
	r[UART16550_MCR] = 0x08;   /* OUT2: route the interrupt to the PLIC */
	r[UART16550_IER] = UART16550_IER_RX;
}
/* Services the UART interrupt: drains the receiver, refills the transmitter. */
void uart16550_interrupt(struct uart16550 *u);

#endif
