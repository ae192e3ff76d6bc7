/* Console capsule (driver 0x1): writes from every process in turns that end at line ends, reads from the UART. */
#ifndef CAPSULES_CONSOLE_H
#define CAPSULES_CONSOLE_H

#include <capsules/uart_mux.h>
#include <tick/abi.h>
#include <tick/deferred.h>
#include <tick/driver.h>
#include <tick/process.h>

#define CONSOLE_DRIVER_NUM TICK_DRIVER_CONSOLE
#define CONSOLE_CHUNK 64
#define CONSOLE_RX_RING 64
/* A write holds the UART for one turn at a time: once a turn has sent CONSOLE_TURN bytes it
 * ends at the next line end, after CONSOLE_TURN_MAX bytes at the latest; then the kernel log
 * and the other writers waiting get the UART before the rest. So a message of up to
 * CONSOLE_TURN bytes is never interleaved, and a longer one only between its lines, unless
 * a line is longer than CONSOLE_TURN_MAX - CONSOLE_TURN bytes. */
#define CONSOLE_TURN 256
#define CONSOLE_TURN_MAX 1024

struct console {
	struct driver driver;
	struct mux_client mux;
	uint32_t tickets;                          /* the next write ticket (console.c) */
	process_id_t writing;                      /* owner of the message being sent */
	uint32_t turn;                             /* bytes it sent in this turn */
	uint8_t chunk[CONSOLE_CHUNK];
	uint32_t chunk_len;
	uint8_t rx_ring[CONSOLE_RX_RING];
	uint32_t rx_head, rx_tail;
	struct deferred_call work;                 /* completes reads and zero-length writes */
};

/* Sets up the capsule; grant_slot must be unique on the board. Receives UART input. */
void console_init(struct console *c, uint8_t grant_slot);
/* Feeds one received byte (the UART mux calls this; the process console may too). */
void console_receive(void *console, uint8_t byte);
/* True while some process has a read pending (the process console routes input by it). */
bool console_reading(struct console *c);

#endif
