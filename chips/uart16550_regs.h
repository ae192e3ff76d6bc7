/* NS16550A registers: private to the driver (uart16550.c) and its set-up (uart16550_init.c). */
#ifndef CHIPS_UART16550_REGS_H
#define CHIPS_UART16550_REGS_H

#include <chips/uart16550.h>

/* Byte offsets of the registers (RBR and THR share one) and their bits. */
enum { RBR = 0, THR = 0, IER = 1, FCR = 2, LCR = 3, MCR = 4, LSR = 5 };
#define LSR_DR 0x01
#define LSR_THRE 0x20
#define IER_RX 0x01
#define IER_THRE 0x02

/* The deferred call that reports a finished transmission (uart16550.c). */
void uart16550_tx_done(struct deferred_call *dc);

#endif
