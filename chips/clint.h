/* SiFive-compatible CLINT (QEMU virt): 64-bit mtime and hart 0's mtimecmp, as the time HIL. */
#ifndef CHIPS_CLINT_H
#define CHIPS_CLINT_H

#include <stdint.h>
#include <tick/hil/time.h>

struct clint {
	uintptr_t base;
};

extern const struct time_ops clint_time_ops;

void clint_init(struct clint *c, uintptr_t base);

#endif
