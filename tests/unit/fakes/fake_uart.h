/* Fake UART (struct uart_ops): records sent bytes, injects received ones, completes sends on demand. */
#ifndef FAKES_FAKE_UART_H
#define FAKES_FAKE_UART_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <tick/hil/uart.h>

#define FAKE_UART_OUT 65536u
#define FAKE_UART_SENDS 1024u

struct fake_uart {
	char out[FAKE_UART_OUT + 1];      /* every byte transmitted, NUL-terminated */
	size_t out_len;
	uint32_t send_len[FAKE_UART_SENDS];  /* length of each transmit() call, in order */
	unsigned sends;
	bool busy;                       /* a transmit() waits for its tx_done */
	bool auto_complete;              /* complete sends when the board services interrupts */
	unsigned busy_rejects;           /* transmit() while busy */
	struct uart_client *client;
};

extern struct fake_uart fake_uart;
extern struct uart fake_uart_dev;    /* pass to uart_mux_init */

void fake_uart_reset(void);
/* Finishes the transmission in progress (calls tx_done). False if none. */
bool fake_uart_complete(void);
/* Delivers received bytes to the client, as the receive interrupt would. */
void fake_uart_receive(const char *bytes, size_t n);
/* Clears the recorded output. */
void fake_uart_clear(void);

#endif
