/* virtio console: one receive and one transmit buffer on port 0's two queues; received bytes go to the UART client one at a time. */
#include "virtio_console.h"
#include <tick/errorcode.h>

static int transmit(void *dev, const uint8_t *buf, uint32_t len)
{
	struct virtio_console *c = dev;
	if (c->tx_busy)
		return -ERR_BUSY;
	c->tx_busy = 1;
	virtio_mmio_submit(&c->q[1], (void *)buf, len, false);
	return 0;
}

static void set_client(void *dev, struct uart_client *client)
{
	((struct virtio_console *)dev)->client = client;
}

const struct uart_ops virtio_console_ops = { .transmit = transmit, .set_client = set_client };

int virtio_console_init(struct virtio_console *c, uintptr_t base, unsigned count)
{
	int slot = virtio_mmio_init_queues(c->q, 2, base, count, 0x1000, VIRTIO_ID_CONSOLE);
	if (slot >= 0) {   /* c may be uninitialised memory (.noinit) until here */
		c->client = 0;
		c->tx_busy = 0;
		virtio_mmio_submit(&c->q[0], c->rx, sizeof c->rx, true);
	}
	return slot;
}

void virtio_console_interrupt(struct virtio_console *c)
{
	uint32_t len;
	if (virtio_mmio_complete(&c->q[1], &len) && c->tx_busy) {
		c->tx_busy = 0;
		if (c->client && c->client->tx_done)
			c->client->tx_done(c->client);
	}
	if (virtio_mmio_complete(&c->q[0], &len)) {
		for (uint32_t i = 0; i < len; i++)
			if (c->client && c->client->rx_byte)
				c->client->rx_byte(c->client, c->rx[i]);
		virtio_mmio_submit(&c->q[0], c->rx, sizeof c->rx, true);
	}
}
