/* Console capsule (driver 0x1): whole-message writes from every process, reads from the UART. */
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

struct console {
	struct driver driver;
	struct mux_client mux;
	process_id_t writers[CONFIG_MAX_PROCS];   /* FIFO of processes with a write pending */
	unsigned nwriters;
	process_id_t writing;                      /* owner of the message being sent */
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
