/* UART hardware interface: split-phase transmit, byte-wise receive. */
#ifndef TICK_HIL_UART_H
#define TICK_HIL_UART_H

#include <stdint.h>

struct uart_client {
	/* The transmission started by transmit() has finished; buf may be reused. */
	void (*tx_done)(struct uart_client *c);
	/* A byte arrived (called from the kernel loop's interrupt service). */
	void (*rx_byte)(struct uart_client *c, uint8_t byte);
};

struct uart_ops {
	/* Starts sending len bytes of buf, which must stay untouched until tx_done.
	 * tx_done never runs inside this call. Returns 0, or -ERR_BUSY if a send is running. */
	int (*transmit)(void *dev, const uint8_t *buf, uint32_t len);
	void (*set_client)(void *dev, struct uart_client *c);
	/* Sends one byte, waiting for room; for panics and early boot only. */
	void (*putc_blocking)(void *dev, char c);
};

struct uart {
	const struct uart_ops *ops;
	void *dev;
};

#endif
