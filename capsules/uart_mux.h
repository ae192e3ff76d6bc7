/* UART mux: gives the one console UART to one client at a time, for a bounded turn. */
#ifndef CAPSULES_UART_MUX_H
#define CAPSULES_UART_MUX_H

#include <stdbool.h>
#include <stdint.h>
#include <tick/hil/uart.h>

/* A client asks for the UART, gets granted() (from a deferred call), transmits chunks (each
 * ending in tx_done()), then releases it. Nobody else writes in between. Every client keeps
 * its turn bounded and asks again when it has more, so that nobody holds the UART for an
 * unbounded message: the console ends a turn at a line end (capsules/console.h), the kernel
 * log after what it held when its turn began (at most its 4 KiB buffer). */
struct mux_client {
	void (*granted)(struct mux_client *c);
	void (*tx_done)(struct mux_client *c);
	struct mux_client *next;
	bool queued;
};

/* Binds the mux to the UART and starts routing the kernel log through it. */
void uart_mux_init(struct uart *u);
/* Queues c for the UART (no-op if already queued or owning it). */
void uart_mux_request(struct mux_client *c);
/* Sends len bytes of buf for the owner c; buf must stay valid until c->tx_done. */
int uart_mux_transmit(struct mux_client *c, const uint8_t *buf, uint32_t len);
/* Gives the UART to the next waiting client. */
void uart_mux_release(struct mux_client *c);
/* Routes received bytes to fn (one receiver at a time; the console, or the process console). */
void uart_mux_set_receiver(void (*fn)(void *ctx, uint8_t byte), void *ctx);
/* True when nobody owns the UART and nobody waits. */
bool uart_mux_idle(void);

#endif
