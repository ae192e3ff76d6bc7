/* Host tests: the fake kernel's model of the app loader driver (0x10001): each command 1-6 is answered by its upcall (command - 1) 1 ms later, one at a time, as capsules/app_loader.c does. */
#include "fake_loader.h"

struct fk_loader fk_loader;

tick_regs_t fk_loader_command(uint32_t cmd, uint32_t a0, uint32_t a1) {
  if (cmd == 0) return (tick_regs_t){TICK_SUCCESS, 0, 0, 0};
  if (cmd > 6) return (tick_regs_t){TICK_FAILURE, TICK_ERR_NOSUPPORT, 0, 0};
  if (fk_loader.pending) return (tick_regs_t){TICK_FAILURE, TICK_ERR_BUSY, 0, 0};
  uint32_t value = 0;
  if (cmd == 2) { /* write min(length, allowed) bytes */
    size_t allowed = fk_allowed_len(TICK_CLASS_ALLOW_RO, TICK_DRIVER_APP_LOADER, 0);
    if (!allowed) return (tick_regs_t){TICK_FAILURE, TICK_ERR_RESERVE, 0, 0};
    value = a1 < allowed ? a1 : (uint32_t)allowed;
    fk_loader.written += value;
  }
  (void)a0;
  fk_loader.pending = true;
  fk_loader.commands++;
  uint32_t status = cmd == fk_loader.fail_command ? fk_loader.fail_status : 0;
  fk_event_at(fk.now + fk_ms(1), TICK_DRIVER_APP_LOADER, cmd - 1, status, value, 0);
  return (tick_regs_t){TICK_SUCCESS, 0, 0, 0};
}
