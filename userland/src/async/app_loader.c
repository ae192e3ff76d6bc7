/* Layer 2: the app loader driver's operations (0x10001: setup, write, finalize, load, abort) in async form. */
#include "async_private.h"

/* Command k (1..6) completes with upcall k - 1: (status, value, 0). None lends a buffer
 * through its kind: a write's chunk is allowed by tick_app_loader_write_async, so that the
 * command gets (offset, length) as the driver wants. No kind has a stop command: the driver
 * cannot stop one operation (command 5 aborts the session, as its own operation). Uninstall
 * (command 6) has none: its upcall carries the app's store slot beside the status even when it
 * failed, and a KIND_STATUS result cannot tell a slot from a count. */
#define LOADER_KIND(cmd, name) \
  {TICK_DRIVER_APP_LOADER, (cmd) - 1, 0, 0, (cmd), 0, KIND_STATUS KIND_NAME(name)}
static const struct tick__op_kind kinds[5] = {
    LOADER_KIND(1, "app loader setup"), LOADER_KIND(2, "app loader write"),
    LOADER_KIND(3, "app loader finalize"), LOADER_KIND(4, "app loader load"),
    LOADER_KIND(5, "app loader abort"),
};

int tick_app_loader_async(tick_op_t *op, uint32_t command, uint32_t arg0, uint32_t arg1,
                          tick_op_fn *fn, void *data) {
  if (command < 1 || command > 5) return TICK_EINVAL;
  return tick__op_start(op, &kinds[command - 1], NULL, arg0, arg1, fn, data);
}

int tick_app_loader_write_async(tick_op_t *op, uint32_t offset, const void *chunk, size_t len,
                                tick_op_fn *fn, void *data) {
  if (tick_op_pending(op)) return TICK_EBUSY;
  uint32_t err = tick_allow_ro(TICK_DRIVER_APP_LOADER, 0, chunk, len).error;
  if (err) return tick_rc_from_error(err);
  return tick__op_start(op, &kinds[1], NULL, offset, (uint32_t)len, fn, data);
}
