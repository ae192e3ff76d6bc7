/* CMSDK APB UART registers: private to the driver (cmsdk_uart.c) and its set-up (cmsdk_uart_init.c). */
#ifndef CHIPS_CMSDK_UART_REGS_H
#define CHIPS_CMSDK_UART_REGS_H

#include <chips/cmsdk_uart.h>

enum { DATA = 0, STATE = 1, CTRL = 2, INTSTATUS = 3, BAUDDIV = 4 };   /* word indexes */
#define STATE_TX_FULL 0x1u
#define STATE_RX_FULL 0x2u
#define CTRL_TX_EN 0x1u
#define CTRL_RX_EN 0x2u
#define CTRL_TX_INT 0x4u
#define CTRL_RX_INT 0x8u
#define INT_TX 0x1u
#define INT_RX 0x2u

/* The deferred call that reports a finished transmission (cmsdk_uart.c). */
void cmsdk_uart_tx_done(struct deferred_call *dc);

#endif
