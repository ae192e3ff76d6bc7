/* Layer 2: the drivers' async start calls, each one a kind table entry (docs/capsules.md). */
#include "async_private.h"

/* driver, event subscribe number, allow class and slot, start command, stop command, flags */
static const struct tick__op_kind console_write = {
    TICK_DRIVER_CONSOLE, 1, TICK_CLASS_ALLOW_RO, 1, 1, 0, KIND_WRITE KIND_NAME("console write")};
static const struct tick__op_kind console_read = {
    TICK_DRIVER_CONSOLE, 2, TICK_CLASS_ALLOW_RW, 1, 2, 3, KIND_STATUS KIND_NAME("console read")};
static const struct tick__op_kind rng = {
    TICK_DRIVER_RNG, 0, TICK_CLASS_ALLOW_RW, 0, 1, 0, KIND_STATUS KIND_NAME("rng")};
static const struct tick__op_kind button = {
    TICK_DRIVER_BUTTONS, 0, 0, 0, 1, 2, KIND_PIN KIND_NAME("button")};
static const struct tick__op_kind gpio_edge = {
    TICK_DRIVER_GPIO, 0, 0, 0, 7, 8, KIND_PIN KIND_NAME("gpio edge")};

int tick_console_write_async(tick_op_t *op, const void *buf, size_t len, tick_op_fn *fn,
                             void *data) {
  return tick__op_start(op, &console_write, (void *)buf, len, 0, fn, data);
}

int tick_console_read_async(tick_op_t *op, void *buf, size_t len, tick_op_fn *fn, void *data) {
  return tick__op_start(op, &console_read, buf, len, 0, fn, data);
}

int tick_rng_async(tick_op_t *op, void *buf, size_t len, tick_op_fn *fn, void *data) {
  return tick__op_start(op, &rng, buf, len, 0, fn, data);
}

int tick_button_async(tick_op_t *op, uint32_t b, tick_op_fn *fn, void *data) {
  return tick__op_start(op, &button, NULL, b, 0, fn, data);
}

int tick_gpio_edge_async(tick_op_t *op, uint32_t pin, uint32_t edge, tick_op_fn *fn,
                         void *data) {
  return tick__op_start(op, &gpio_edge, NULL, pin, edge, fn, data);
}
