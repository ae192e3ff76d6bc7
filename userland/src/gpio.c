/* Layer 1: GPIO pins (driver 0x4): modes and levels (one command each), blocking edge waits. */
#include <tick/gpio.h>
#include <tick/upcall.h>
#include <tick/wait.h>

#include "pins_private.h"

enum {
  GPIO_CMD_OUTPUT = 1, GPIO_CMD_SET = 2, GPIO_CMD_CLEAR = 3, GPIO_CMD_TOGGLE = 4,
  GPIO_CMD_INPUT = 5, GPIO_CMD_READ = 6, GPIO_CMD_IRQ_ON = 7, GPIO_CMD_IRQ_OFF = 8,
  GPIO_CMD_DISABLE = 9, GPIO_CMD_COUNT = 10,
};

/* A command on `pin` that answers Success. */
static int pin_command(uint32_t cmd, uint32_t pin, uint32_t arg) {
  return tick__command_rc(TICK_DRIVER_GPIO, cmd, pin, arg, TICK_SUCCESS);
}

int tick_gpio_count(void) {
  return tick__command_rc(TICK_DRIVER_GPIO, GPIO_CMD_COUNT, 0, 0, TICK_SUCCESS_U32);
}

int tick_gpio_enable_output(uint32_t pin) { return pin_command(GPIO_CMD_OUTPUT, pin, 0); }
int tick_gpio_enable_input(uint32_t pin, uint32_t pull) { return pin_command(GPIO_CMD_INPUT, pin, pull); }
int tick_gpio_disable(uint32_t pin) { return pin_command(GPIO_CMD_DISABLE, pin, 0); }
int tick_gpio_set(uint32_t pin) { return pin_command(GPIO_CMD_SET, pin, 0); }
int tick_gpio_clear(uint32_t pin) { return pin_command(GPIO_CMD_CLEAR, pin, 0); }
int tick_gpio_toggle(uint32_t pin) { return pin_command(GPIO_CMD_TOGGLE, pin, 0); }

int tick_gpio_read(uint32_t pin) {
  return tick__command_rc(TICK_DRIVER_GPIO, GPIO_CMD_READ, pin, 0, TICK_SUCCESS_U32);
}

int tick_gpio_wait(uint32_t pin, uint32_t edge) {
  TICK__REFUSE_IN_UPCALL("tick_gpio_wait");
  return tick__edge_wait(TICK_DRIVER_GPIO, pin, GPIO_CMD_IRQ_ON, edge, GPIO_CMD_IRQ_OFF,
                         TICK_NO_DEADLINE);
}

int tick_gpio_wait_timeout(uint32_t pin, uint32_t edge, uint32_t timeout_ms) {
  TICK__REFUSE_IN_UPCALL("tick_gpio_wait_timeout");
  return tick__edge_wait(TICK_DRIVER_GPIO, pin, GPIO_CMD_IRQ_ON, edge, GPIO_CMD_IRQ_OFF,
                         tick_deadline_in_ms(timeout_ms));
}
