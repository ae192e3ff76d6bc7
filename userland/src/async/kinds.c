/* The drivers' operation kinds, shared by layer 2 (drivers.c) and layer 3's lean form (cw.c). */
#include "async_private.h"

/* driver, event subscribe number, allow class and slot, start command, stop command, flags */
const struct tick__op_kind tick__kind_console_write = {
    TICK_DRIVER_CONSOLE, 1, TICK_CLASS_ALLOW_RO, 1, 1, 0, KIND_WRITE KIND_NAME("console write")};
const struct tick__op_kind tick__kind_console_read = {
    TICK_DRIVER_CONSOLE, 2, TICK_CLASS_ALLOW_RW, 1, 2, 3, KIND_STATUS KIND_NAME("console read")};
const struct tick__op_kind tick__kind_rng = {
    TICK_DRIVER_RNG, 0, TICK_CLASS_ALLOW_RW, 0, 1, 0, KIND_STATUS KIND_NAME("rng")};
const struct tick__op_kind tick__kind_button = {
    TICK_DRIVER_BUTTONS, 0, 0, 0, 1, 2, KIND_PIN KIND_NAME("button")};
const struct tick__op_kind tick__kind_gpio_edge = {
    TICK_DRIVER_GPIO, 0, 0, 0, 7, 8, KIND_PIN KIND_NAME("gpio edge")};
