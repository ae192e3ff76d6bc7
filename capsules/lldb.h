/* Low-level debug capsule (driver 0x8): apps print alert codes and numbers to the kernel log. */
#ifndef CAPSULES_LLDB_H
#define CAPSULES_LLDB_H

#include <tick/abi.h>
#include <tick/driver.h>

#define LLDB_DRIVER_NUM TICK_DRIVER_LOW_LEVEL_DEBUG

extern const struct driver lldb_driver;

#endif
