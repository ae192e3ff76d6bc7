/* Layer 1: GPIO pins (driver 0x4): modes, levels, and a blocking wait for an input's edge. */
#ifndef TICK_GPIO_H
#define TICK_GPIO_H

#include <stdint.h>
#include <tick/abi.h>
#include <tick/errors.h>

/* Edges (tick_gpio_wait, layer 2's tick_gpio_edge_async) and input pulls (GPIO commands 7, 5). */
enum { TICK_GPIO_EITHER = 0, TICK_GPIO_RISING = 1, TICK_GPIO_FALLING = 2 };
enum { TICK_GPIO_PULL_NONE = 0, TICK_GPIO_PULL_UP = 1, TICK_GPIO_PULL_DOWN = 2 };

/* The number of pins (>= 0), or TICK_ENODEVICE when the board has no GPIO driver. */
int tick_gpio_count(void);

/* Pin modes: output; input with `pull` (TICK_GPIO_PULL_...); disabled. The calls below return
 * TICK_OK, TICK_EINVAL for a pin the board does not have, TICK_ENOSUPPORT for a bad pull or
 * edge, TICK_ENODEVICE without the driver. None blocks. */
int tick_gpio_enable_output(uint32_t pin);
int tick_gpio_enable_input(uint32_t pin, uint32_t pull);
int tick_gpio_disable(uint32_t pin);

/* Drives an output pin high / low / to the other level (an input pin is left as it is). */
int tick_gpio_set(uint32_t pin);
int tick_gpio_clear(uint32_t pin);
int tick_gpio_toggle(uint32_t pin);

/* The pin's level now (0 or 1), or a negative error. */
int tick_gpio_read(uint32_t pin);

/* Waits for the next `edge` (TICK_GPIO_EITHER, _RISING, _FALLING) of input `pin` after the
 * call starts: returns the level after it (1 rising, 0 falling), TICK_EINUPCALL inside an
 * upcall, or a negative error. The pin's interrupt is on only while the call waits (the GPIO
 * driver has one interrupt setting per pin for all processes: the call turns it off at the
 * end). Every GPIO edge the kernel had queued when the call starts is dropped
 * (docs/userland.md, "Buttons and GPIO edges"); edges of other pins that arrive meanwhile are
 * consumed. Do not use it while layer 0 upcalls or layer 2 operations wait for GPIO edges. */
int tick_gpio_wait(uint32_t pin, uint32_t edge);

/* Like tick_gpio_wait but gives up after `timeout_ms`: the interrupt is turned off and
 * TICK_ETIMEOUT returned; an edge that raced the timeout is dropped by the next wait. */
int tick_gpio_wait_timeout(uint32_t pin, uint32_t edge, uint32_t timeout_ms);

#endif /* TICK_GPIO_H */
