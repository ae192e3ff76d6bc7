/* System call classes and yield numbers (Tock 2.x ABI plus Tick's Yield-WaitAny, docs/abi.md). */
#ifndef TICK_SYSCALL_H
#define TICK_SYSCALL_H

#include <stdint.h>

enum syscall_class {
	SYS_YIELD = 0,
	SYS_SUBSCRIBE = 1,
	SYS_COMMAND = 2,
	SYS_ALLOW_RW = 3,
	SYS_ALLOW_RO = 4,
	SYS_MEMOP = 5,
	SYS_EXIT = 6,
	SYS_ALLOW_UR = 7,
};

enum yield_number {
	YIELD_NO_WAIT = 0,
	YIELD_WAIT = 1,
	YIELD_WAIT_FOR = 2,
	YIELD_WAIT_ANY = 0x100,
};

/* Yield-WaitAny results in a0 besides an event index. */
#define WAIT_ANY_TIMEOUT 0xffffffffu
#define WAIT_ANY_BADARGS 0xfffffffeu
#define WAIT_ANY_COUNT_MASK 0xffu
#define WAIT_ANY_HAS_DEADLINE 0x100u

struct process;
struct sysret;

/* Memop (class 5): op in a0, argument in a1. */
struct sysret memop(struct process *p, uint32_t op, uint32_t arg);

#endif
