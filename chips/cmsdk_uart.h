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

/* Enables transmitter and receiver at base, receive interrupt on (cold boot code,
 * chips/cmsdk_uart_init.c). */
void cmsdk_uart_init(struct cmsdk_uart *u, uintptr_t base);
/* Services the UART's interrupts (receive and transmit): drains the receiver, refills the
 * transmitter, acknowledges both. */
void cmsdk_uart_interrupt(struct cmsdk_uart *u);

#endif
