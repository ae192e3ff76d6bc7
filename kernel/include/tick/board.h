/* Board hooks: what every board provides to the portable kernel (boards/<board>/main.c). */
#ifndef TICK_BOARD_H
#define TICK_BOARD_H

#include <stdbool.h>
#include <stdint.h>

/* Handles every pending interrupt (the kernel loop calls it on every turn). */
void board_service_interrupts(void);
/* True while an interrupt is pending (the loop then services it instead of sleeping). */
bool board_interrupts_pending(void);
/* Stops the machine with code (0: success; QEMU: exits through the test finisher). */
void board_halt(int code) __attribute__((noreturn));

/* Raw, blocking console output: kpanic uses it, and the kernel log before a UART mux drains
 * it (tick/klog.h). */
void board_console_putc_blocking(char c);

/* Instruction counter when the kernel started (the board stores it first thing). */
extern uint32_t kernel_boot_instret;

#endif
