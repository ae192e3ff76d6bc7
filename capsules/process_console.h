/* Process console: the operator's shell on the console UART (prompt "tick$ "): list, inspect and
 * control processes, show the kernel's memory, watch LEDs, drive buttons and GPIO inputs, list and remove installed apps. */
#ifndef CAPSULES_PROCESS_CONSOLE_H
#define CAPSULES_PROCESS_CONSOLE_H

#include <stdint.h>
#include <capsules/console.h>
#include <tick/deferred.h>
#include <tick/store.h>
#include <tick/hil/gpio.h>

#define PCONSOLE_LINE 48
#define PCONSOLE_HISTORY 4
#define PCONSOLE_HOLD 64        /* input held while its destination is undecided */
#define PCONSOLE_HOLD_MS 100    /* decide at the latest this long after a line's first byte */
#define PCONSOLE_CTRL_P 0x10   /* at the start of a line: this line is for the process console */

/* What the board tells the console about itself (every field is required). */
struct pconsole_board {
	const struct gpio_port *ports[3];   /* LEDs, buttons, GPIO pins */
	uint32_t kernel_image;      /* bytes of flash the kernel image takes */
	uint32_t kernel_ram;        /* bytes of RAM for kernel data and bss */
	uint32_t kernel_stack;
	uint32_t app_ram;           /* bytes of the RAM pool apps are placed in */
	void (*reset)(void);        /* restarts the machine */
};

struct pconsole {
	struct console *console;
	const struct pconsole_board *board;
	char line[PCONSOLE_LINE];
	char history[PCONSOLE_HISTORY][PCONSOLE_LINE];
	uint8_t len;
	uint8_t stored;      /* history entries in use */
	uint8_t next;        /* history slot the next line goes to */
	uint8_t browse;      /* 0: editing a new line; k: showing the k-th most recent entry */
	uint8_t esc;         /* escape sequence state: 1 after ESC, 2 after ESC [ */
	uint8_t route;       /* where the current input line goes (see pconsole_init) */
	uint8_t last;        /* previous byte ("\r\n" ends one line) */
	uint8_t held;        /* bytes in hold */
	uint8_t hold[PCONSOLE_HOLD];
	uint32_t held_since; /* alarm ticks when the first held byte arrived */
	struct deferred_call decide;
	struct store_client store_client;   /* "store remove <name>" */
};

/* Takes over UART input from console (call after console_init). Input is shared line by line.
 * A line that starts with Ctrl-P is for the process console. For any other line the decision
 * waits until the system is quiet (no process ready to run, the UART idle; at the latest
 * PCONSOLE_HOLD_MS after the line's first byte), so that an app that is about to read
 * (printing its prompt, say) gets there first: then, if some process has a console read
 * pending, the line goes to the apps (console driver 0x1, which buffers ahead of reads),
 * otherwise to the process console. Bytes wait in hold meanwhile. Output goes through the
 * kernel log, so it never interleaves with an app's message. */
void pconsole_init(struct pconsole *pc, struct console *console, const struct pconsole_board *board);

/* Prints the prompt (the board calls it once the kernel is up). */
void pconsole_start(struct pconsole *pc);

/* Feeds one received byte (the UART mux calls this). */
void pconsole_receive(void *pc, uint8_t byte);

#endif
