/* Kernel names of the system call classes, yield numbers and Yield-WaitAny values (numbers in
 * tick/abi.h; Tock 2.x ABI plus Tick's Yield-WaitAny, docs/abi.md), and memop. */
#ifndef TICK_SYSCALL_H
#define TICK_SYSCALL_H

#include <stdint.h>
#include <tick/abi.h>

enum syscall_class {
	SYS_YIELD = TICK_CLASS_YIELD,
	SYS_SUBSCRIBE = TICK_CLASS_SUBSCRIBE,
	SYS_COMMAND = TICK_CLASS_COMMAND,
	SYS_ALLOW_RW = TICK_CLASS_ALLOW_RW,
	SYS_ALLOW_RO = TICK_CLASS_ALLOW_RO,
	SYS_MEMOP = TICK_CLASS_MEMOP,
	SYS_EXIT = TICK_CLASS_EXIT,
	SYS_ALLOW_UR = TICK_CLASS_ALLOW_UR,
};

enum yield_number {
	YIELD_NO_WAIT = TICK_YIELD_NO_WAIT,
	YIELD_WAIT = TICK_YIELD_WAIT,
	YIELD_WAIT_FOR = TICK_YIELD_WAIT_FOR,
	YIELD_WAIT_ANY = TICK_YIELD_WAIT_ANY,
	YIELD_IPC_CALL = TICK_YIELD_IPC_CALL,
	YIELD_IPC_RECV = TICK_YIELD_IPC_RECV,
};

/* Yield-WaitAny results in a0 besides an event index, and its count/flags word. */
#define WAIT_ANY_TIMEOUT TICK_WAITANY_DEADLINE
#define WAIT_ANY_BADARGS TICK_WAITANY_BADARGS
#define WAIT_ANY_COUNT_MASK TICK_WAITANY_COUNT_MASK
#define WAIT_ANY_HAS_DEADLINE TICK_WAITANY_HAS_DEADLINE

struct process;
struct sysret;

/* Memop (class 5): op in a0, argument in a1. */
struct sysret memop(struct process *p, uint32_t op, uint32_t arg);

#endif
