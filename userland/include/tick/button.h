/* Layer 1: the buttons (driver 0x3): count, state, and a blocking wait for the next edge. */
#ifndef TICK_BUTTON_H
#define TICK_BUTTON_H

#include <stdint.h>
#include <tick/abi.h>
#include <tick/errors.h>

/* The number of buttons (>= 0), or TICK_ENODEVICE when the board has no button driver. */
int tick_button_count(void);

/* 1 if button `button` is pressed now, 0 if released; TICK_EINVAL for a button the board does
 * not have, TICK_ENODEVICE without the driver. Never blocks. */
int tick_button_read(uint32_t button);

/* Waits for the next press or release of `button` after the call starts: returns 1 (pressed)
 * or 0 (released), TICK_EINUPCALL inside an upcall, or a negative error as above. The button's
 * interrupt is on only while the call waits. Every button edge the kernel had queued when the
 * call starts is dropped (docs/userland.md, "Buttons and GPIO edges"), so an edge from before
 * the call, or from around an earlier call's timeout, is never returned; an edge that came
 * between two calls is missed: read the state with tick_button_read if it matters. Do not use
 * it while layer 0 upcalls or layer 2 operations wait for button edges: it takes their edges. */
int tick_button_wait(uint32_t button);

/* Like tick_button_wait but gives up after `timeout_ms`: the interrupt is turned off and
 * TICK_ETIMEOUT returned; an edge that raced the timeout is dropped by the next wait. */
int tick_button_wait_timeout(uint32_t button, uint32_t timeout_ms);

#endif /* TICK_BUTTON_H */
