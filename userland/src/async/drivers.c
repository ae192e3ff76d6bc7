/* Layer 2: the drivers' async start calls, each one a kind table entry (docs/capsules.md). */
#include "async_private.h"

int tick_console_write_async(tick_op_t *op, const void *buf, size_t len, tick_op_fn *fn,
                             void *data) {
  return tick__op_start(op, &tick__kind_console_write, (void *)buf, len, 0, fn, data);
}

int tick_console_read_async(tick_op_t *op, void *buf, size_t len, tick_op_fn *fn, void *data) {
  return tick__op_start(op, &tick__kind_console_read, buf, len, 0, fn, data);
}

int tick_rng_async(tick_op_t *op, void *buf, size_t len, tick_op_fn *fn, void *data) {
  return tick__op_start(op, &tick__kind_rng, buf, len, 0, fn, data);
}

int tick_button_async(tick_op_t *op, uint32_t b, tick_op_fn *fn, void *data) {
  return tick__op_start(op, &tick__kind_button, NULL, b, 0, fn, data);
}

int tick_gpio_edge_async(tick_op_t *op, uint32_t pin, uint32_t edge, tick_op_fn *fn,
                         void *data) {
  return tick__op_start(op, &tick__kind_gpio_edge, NULL, pin, edge, fn, data);
}
