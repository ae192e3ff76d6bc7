/* NS16550A UART: polled-when-ready transmit with THR-empty interrupts, interrupt-driven receive. */
#include <chips/uart16550.h>
#include <tick/container_of.h>
#include <tick/errorcode.h>
#include "uart16550_regs.h"

static void fill(struct uart16550 *u)
{
	while (u->tx_pos < u->tx_len && (u->base[LSR] & LSR_THRE))
		u->base[THR] = u->tx_buf[u->tx_pos++];
	if (u->tx_pos < u->tx_len) {
		u->base[IER] = IER_RX | IER_THRE;   /* continue from the interrupt */
	} else {
		u->base[IER] = IER_RX;
		deferred_schedule(&u->tx_done_call);
	}
}

void uart16550_tx_done(struct deferred_call *dc)
{
	struct uart16550 *u = container_of(dc, struct uart16550, tx_done_call);
	u->tx_buf = 0;
	u->tx_len = u->tx_pos = 0;
	if (u->client && u->client->tx_done)
		u->client->tx_done(u->client);
}

static int transmit(void *dev, const uint8_t *buf, uint32_t len)
{
	struct uart16550 *u = dev;
	if (u->tx_buf)
		return -ERR_BUSY;
	u->tx_buf = buf;
	u->tx_len = len;
	u->tx_pos = 0;
	fill(u);
	return 0;
}

static void set_client(void *dev, struct uart_client *c)
{
	((struct uart16550 *)dev)->client = c;
}

static void putc_blocking(void *dev, char c)
{
	struct uart16550 *u = dev;
	while (!(u->base[LSR] & LSR_THRE))
		;
	u->base[THR] = (uint8_t)c;
}

const struct uart_ops uart16550_ops = {
	.transmit = transmit,
	.set_client = set_client,
	.putc_blocking = putc_blocking,
};

void uart16550_interrupt(struct uart16550 *u)
{
	while (u->base[LSR] & LSR_DR) {
		uint8_t b = u->base[RBR];
		if (u->client && u->client->rx_byte)
			u->client->rx_byte(u->client, b);
	}
	if (u->tx_buf && u->tx_pos < u->tx_len)
		fill(u);
}
