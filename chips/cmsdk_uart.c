/* ARM CMSDK APB UART: one-byte transmit buffer refilled from its TX interrupt, interrupt-driven receive. */
#include <chips/cmsdk_uart.h>
#include <tick/container_of.h>
#include <tick/errorcode.h>
#include "cmsdk_uart_regs.h"

/* The TX interrupt is an edge: it is raised when a byte leaves while it is enabled. So it is
 * enabled before the last look at the buffer; a byte that left in between is seen there. */
static void fill(struct cmsdk_uart *u)
{
	for (;;) {
		while (u->tx_pos < u->tx_len && !(u->base[STATE] & STATE_TX_FULL))
			u->base[DATA] = u->tx_buf[u->tx_pos++];
		if (u->tx_pos == u->tx_len) {
			u->base[CTRL] = CTRL_TX_EN | CTRL_RX_EN | CTRL_RX_INT;
			deferred_schedule(&u->tx_done_call);
			return;
		}
		u->base[CTRL] = CTRL_TX_EN | CTRL_RX_EN | CTRL_RX_INT | CTRL_TX_INT;
		if (u->base[STATE] & STATE_TX_FULL)
			return;   /* continues from the interrupt */
	}
}

void cmsdk_uart_tx_done(struct deferred_call *dc)
{
	struct cmsdk_uart *u = container_of(dc, struct cmsdk_uart, tx_done_call);
	u->tx_buf = 0;
	u->tx_len = u->tx_pos = 0;
	if (u->client && u->client->tx_done)
		u->client->tx_done(u->client);
}

static int transmit(void *dev, const uint8_t *buf, uint32_t len)
{
	struct cmsdk_uart *u = dev;
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
	((struct cmsdk_uart *)dev)->client = c;
}

static void putc_blocking(void *dev, char c)
{
	struct cmsdk_uart *u = dev;
	while (u->base[STATE] & STATE_TX_FULL)
		;
	u->base[DATA] = (uint8_t)c;
}

const struct uart_ops cmsdk_uart_ops = {
	.transmit = transmit,
	.set_client = set_client,
	.putc_blocking = putc_blocking,
};

void cmsdk_uart_interrupt(struct cmsdk_uart *u)
{
	u->base[INTSTATUS] = INT_TX | INT_RX;   /* write-one-to-clear, before draining */
	while (u->base[STATE] & STATE_RX_FULL) {
		uint8_t b = (uint8_t)u->base[DATA];
		if (u->client && u->client->rx_byte)
			u->client->rx_byte(u->client, b);
	}
	if (u->tx_buf && u->tx_pos < u->tx_len)
		fill(u);
}
