/* virtio console (virtio-serial's port 0) on the virtio-mmio transport, offering the UART HIL: a byte channel to the host, e.g. a Unix socket in QEMU. */
#ifndef CHIPS_VIRTIO_CONSOLE_H
#define CHIPS_VIRTIO_CONSOLE_H

#include "virtio_mmio.h"
#include <tick/hil/uart.h>

#define VIRTIO_CONSOLE_RX 256u   /* bytes one receive buffer takes */

struct virtio_console {
	struct virtio_mmio q[2];   /* 0: port 0's receiveq, 1: its transmitq */
	struct uart_client *client;
	uint8_t tx_busy;
	uint8_t rx[VIRTIO_CONSOLE_RX];
};

/* transmit and set_client of the UART HIL; putc_blocking is NULL (not a console for panics). */
extern const struct uart_ops virtio_console_ops;

/* Finds and starts the first console device among count virtio-mmio slots at base (stride
 * 0x1000) and offers it the receive buffer. Only port 0 is used (no multiport feature):
 * QEMU's `-device virtio-serial-device -device virtconsole,chardev=ID`. Returns its slot
 * index (its interrupt is the board's first virtio IRQ + slot), or -1 if there is none (then
 * c is not touched: it may live in memory boot does not zero). */
int virtio_console_init(struct virtio_console *c, uintptr_t base, unsigned count);

/* Services the device's interrupt: a finished send goes to tx_done, received bytes to
 * rx_byte one by one (then the buffer is offered again). While no buffer is offered the
 * device holds the host's bytes back: nothing is lost. */
void virtio_console_interrupt(struct virtio_console *c);

#endif
