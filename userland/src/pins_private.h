/* Internal: the commands and edge waits shared by the LED, button and GPIO calls (layer 1). */
#ifndef TICK_PINS_PRIVATE_H
#define TICK_PINS_PRIVATE_H

#include <stdint.h>
#include <tick/wait.h>

/* Issues a command that completes at once and expects the return variant `expected`
 * (TICK_SUCCESS or TICK_SUCCESS_U32). Returns 0 for Success, the u32 for Success-with-u32
 * (TICK_EBADRVAL above INT32_MAX), or -(kernel error). */
int tick__command_rc(uint32_t driver, uint32_t cmd, uint32_t a0, uint32_t a1, uint32_t expected);

/* Waits for the next edge of input `index` of `driver` (buttons or GPIO: subscribe 0 reports
 * (index, level, 0)). Drops every edge of the driver already queued, turns the input's
 * interrupt on with command `on` (index, edge), waits until an edge of `index` whose level
 * matches `edge` (0 either, 1 rising, 2 falling) or the deadline, and turns the interrupt off
 * with command `off` (index) on every path. Returns the level (0/1), TICK_ETIMEOUT or
 * -(kernel error). Does not check the upcall depth. */
int tick__edge_wait(uint32_t driver, uint32_t index, uint32_t on, uint32_t edge, uint32_t off,
                    tick_deadline_t deadline);

#endif /* TICK_PINS_PRIVATE_H */
