/* ARM CMSDK APB UART driver (QEMU mps2 boards), offering the UART HIL. */
#ifndef CHIPS_CMSDK_UART_H
#define CHIPS_CMSDK_UART_H

#include <tick/deferred.h>
#include <tick/hil/uart.h>

struct cmsdk_uart {
	volatile uint32_t *base;
	struct uart_client *client;
	const uint8_t *tx_buf;
	uint32_t tx_len, tx_pos;
	struct deferred_call tx_done_call;
};

extern const struct uart_ops cmsdk_uart_ops;

/* The registers (word indexes) and the deferred call cmsdk_uart_init (below) uses. */
enum { CMSDK_UART_CTRL = 2, CMSDK_UART_BAUDDIV = 4 };
#define CMSDK_UART_CTRL_TX_EN 0x1u
#define CMSDK_UART_CTRL_RX_EN 0x2u
#define CMSDK_UART_CTRL_RX_INT 0x8u
void cmsdk_uart_tx_done(struct deferred_call *dc);

/* Enables transmitter and receiver at base, receive interrupt on. Inline so that it is
 * compiled into the board's cold boot code instead of kept in this hot driver. */
static inline void cmsdk_uart_init(struct cmsdk_uart *u, uintptr_t base)
{
	u->base = (volatile uint32_t *)base;
	u->tx_done_call.fn = cmsdk_uart_tx_done;
	deferred_register(&u->tx_done_call);
	u->base[CMSDK_UART_BAUDDIV] = 16;   /* the smallest divisor the UART accepts */
	u->base[CMSDK_UART_CTRL] = CMSDK_UART_CTRL_TX_EN | CMSDK_UART_CTRL_RX_EN | CMSDK_UART_CTRL_RX_INT;
}
/* Services the UART's interrupts (receive and transmit): drains the receiver, refills the
 * transmitter, acknowledges both. */
void cmsdk_uart_interrupt(struct cmsdk_uart *u);

#endif
