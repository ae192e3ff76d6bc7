/* Layer 1: the buttons (driver 0x3): count, state, and blocking waits for the next edge. */
#include <tick/button.h>
#include <tick/upcall.h>
#include <tick/wait.h>

#include "pins_private.h"

enum { BUTTON_CMD_COUNT = 0, BUTTON_CMD_ENABLE = 1, BUTTON_CMD_DISABLE = 2, BUTTON_CMD_READ = 3 };

int tick_button_count(void) {
  return tick__command_rc(TICK_DRIVER_BUTTONS, BUTTON_CMD_COUNT, 0, 0, TICK_SUCCESS_U32);
}

int tick_button_read(uint32_t button) {
  return tick__command_rc(TICK_DRIVER_BUTTONS, BUTTON_CMD_READ, button, 0, TICK_SUCCESS_U32);
}

int tick_button_wait(uint32_t button) {
  TICK__REFUSE_IN_UPCALL("tick_button_wait");
  return tick__edge_wait(TICK_DRIVER_BUTTONS, button, BUTTON_CMD_ENABLE, 0, BUTTON_CMD_DISABLE,
                         TICK_NO_DEADLINE);
}

int tick_button_wait_timeout(uint32_t button, uint32_t timeout_ms) {
  TICK__REFUSE_IN_UPCALL("tick_button_wait_timeout");
  return tick__edge_wait(TICK_DRIVER_BUTTONS, button, BUTTON_CMD_ENABLE, 0, BUTTON_CMD_DISABLE,
                         tick_deadline_in_ms(timeout_ms));
}
