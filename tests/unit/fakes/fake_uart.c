/* Fake UART hardware: transmit records the bytes at once; tx_done comes when the test completes it. */
#include <string.h>
#include <tick/errorcode.h>
#include "fakes/fake_uart.h"

struct fake_uart fake_uart;

static int transmit(void *dev, const uint8_t *buf, uint32_t len)
{
	struct fake_uart *u = dev;
	if (u->busy) {
		u->busy_rejects++;
		return -ERR_BUSY;
	}
	for (uint32_t i = 0; i < len && u->out_len < FAKE_UART_OUT; i++)
		u->out[u->out_len++] = (char)buf[i];
	u->out[u->out_len] = '\0';
	if (u->sends < FAKE_UART_SENDS)
		u->send_len[u->sends] = len;
	u->sends++;
	u->busy = true;
	return 0;
}

static void set_client(void *dev, struct uart_client *c)
{
	((struct fake_uart *)dev)->client = c;
}

static void putc_blocking(void *dev, char c)
{
	struct fake_uart *u = dev;
	if (u->out_len < FAKE_UART_OUT)
		u->out[u->out_len++] = c;
	u->out[u->out_len] = '\0';
}

static const struct uart_ops ops = { transmit, set_client, putc_blocking };
struct uart fake_uart_dev = { &ops, &fake_uart };

void fake_uart_reset(void)
{
	memset(&fake_uart, 0, sizeof fake_uart);
}

void fake_uart_clear(void)
{
	fake_uart.out_len = 0;
	fake_uart.out[0] = '\0';
	fake_uart.sends = 0;
}

bool fake_uart_complete(void)
{
	if (!fake_uart.busy)
		return false;
	fake_uart.busy = false;
	if (fake_uart.client && fake_uart.client->tx_done)
		fake_uart.client->tx_done(fake_uart.client);
	return true;
}

void fake_uart_receive(const char *bytes, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (fake_uart.client && fake_uart.client->rx_byte)
			fake_uart.client->rx_byte(fake_uart.client, (uint8_t)bytes[i]);
}
