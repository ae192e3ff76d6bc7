/* Management service: the framed protocol of tick-load over a byte channel (a UART HIL device), served by the kernel's app store. */
#ifndef CAPSULES_MGMT_H
#define CAPSULES_MGMT_H

#include <stdint.h>
#include <tick/hil/uart.h>
#include <tick/mgmt_frame.h>
#include <tick/store.h>

/*
 * Not a system call driver: the host talks to it over its own channel (on qemu_rv32_virt a
 * virtio console on a Unix socket, chips/virtio_console.c; on hardware a second UART). The
 * protocol (docs/loading.md, "The management protocol") is stop and wait: one request, one
 * answer with the request's seq. Every frame is validated (magic, length, CRC, the payload's
 * length for its type, offsets) and answered with an error, never asserted. A request
 * repeated with the seq and type of the last one answered gets the same answer again without
 * being served twice. A transfer (BEGIN, DATA..., FINISH) stays open when the host goes
 * away: a BEGIN with the same size and CRC-32 resumes it at the next offset wanted; one with
 * another app aborts it first. Bytes that arrive while a request is served are dropped (a
 * host that waits for its answers never sends any).
 */
struct mgmt {
	struct uart_client uart_client;
	struct store_client store_client;
	const struct uart *uart;
	const char *arch;                 /* the board's app architecture, e.g. "rv32imac" */
	uint32_t store_base;              /* the store flash's address (slot k at base + k x size) */
	struct mgmt_decoder dec;
	uint8_t tx[MGMT_MAX_FRAME];       /* the last answer (sent again for a repeated request) */
	uint8_t note[MGMT_HEADER + 4];    /* a notice about a frame that could not be read */
	uint32_t tx_len;
	uint32_t size, crc, next, wlen;   /* the transfer: its TBF's size and CRC, bytes acknowledged */
	const char *why;                  /* a refusal to report after the abort that follows it */
	int err;
	uint16_t seq;                     /* of the request served or last answered */
	uint8_t type;                     /* ... and its type */
	uint8_t answered;                 /* seq and type name an answer in tx */
	uint8_t phase;                    /* enum mgmt_phase (mgmt.c) */
	uint8_t pending;                  /* a store operation runs: its done answers */
	uint8_t then;                     /* what follows the abort that runs */
	uint8_t held;                     /* dec.buf holds a frame to serve when idle */
	uint8_t tx_busy;
};

/* Serves the protocol on uart (NULL: nothing happens) for the board's app arch, with the
 * store flash at store_base (for the host to place fixed-address apps). */
void mgmt_init(struct mgmt *m, const struct uart *uart, const char *arch, uint32_t store_base);

#endif
