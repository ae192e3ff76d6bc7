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

/* Configures the UART (8N1, FIFOs, receive interrupt on) at base (cold boot code,
 * chips/uart16550_init.c). */
void uart16550_init(struct uart16550 *u, uintptr_t base);
/* Services the UART interrupt: drains the receiver, refills the transmitter. */
void uart16550_interrupt(struct uart16550 *u);

#endif
