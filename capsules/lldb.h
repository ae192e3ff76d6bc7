/* Low-level debug capsule (driver 0x8): apps print alert codes and numbers to the kernel log. */
#ifndef CAPSULES_LLDB_H
#define CAPSULES_LLDB_H

#include <tick/driver.h>

#define LLDB_DRIVER_NUM 0x8

extern const struct driver lldb_driver;

#endif
