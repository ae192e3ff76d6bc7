/* The system call ABI as numbers, shared by the kernel, the userland library and the benchmark
 * apps: classes, yield numbers, return variants, error codes, memops, driver numbers (Tock 2.x
 * TRD104 plus Tick's Yield-WaitAny; docs/abi.md). Constants only: no types, no code. */
#ifndef TICK_ABI_H
#define TICK_ABI_H

/* System call classes (a4 on rv32). */
enum tick_class {
	TICK_CLASS_YIELD = 0,
	TICK_CLASS_SUBSCRIBE = 1,
	TICK_CLASS_COMMAND = 2,
	TICK_CLASS_ALLOW_RW = 3,
	TICK_CLASS_ALLOW_RO = 4,
	TICK_CLASS_MEMOP = 5,
	TICK_CLASS_EXIT = 6,
	TICK_CLASS_ALLOW_UR = 7,
};

/* Yield numbers (a0 of class 0). */
enum tick_yield_number {
	TICK_YIELD_NO_WAIT = 0,
	TICK_YIELD_WAIT = 1,
	TICK_YIELD_WAIT_FOR = 2,
	TICK_YIELD_WAIT_ANY = 0x100, /* Tick extension */
	TICK_YIELD_IPC_CALL = 0x101, /* Tick extension: call an endpoint and wait for the reply */
	TICK_YIELD_IPC_RECV = 0x102, /* Tick extension: (reply, then) wait for the next call */
};

/* Yield-WaitAny: a2 holds the id count and flags; a0 comes back with the index of the event
 * or one of the two values below (BADARGS: a1 is the error code). */
#define TICK_WAITANY_COUNT_MASK 0xFFu
#define TICK_WAITANY_HAS_DEADLINE 0x100u  /* a3 holds an absolute alarm deadline */
#define TICK_WAITANY_MAX 8u               /* most ids one call accepts */
#define TICK_WAITANY_DEADLINE 0xFFFFFFFFu /* the deadline was reached */
#define TICK_WAITANY_BADARGS 0xFFFFFFFEu

/* IPC endpoint yields (docs/ipc.md). a2 of Yield-IPC-Call / Yield-IPC-Recv: the payload
 * length of the call / of the reply, the deadline flag, and (Recv) a reply code for the client;
 * a3 holds the deadline. a0 comes back with TICK_IPC_OK, TICK_WAITANY_DEADLINE, TICK_IPC_FAILED
 * with the error code in a1, or (Recv with TICK_IPC_WAIT_EVENTS) the index of an event. */
#define TICK_IPC_LEN_MASK 0x1FFu       /* bytes of payload, at most TICK_IPC_MAX_PAYLOAD */
#define TICK_IPC_HAS_DEADLINE 0x200u   /* a3 holds an absolute alarm deadline */
/* Call: lend lease n (0-1: the caller's read-write allows 2-3, read and write; 2-3: its
 * read-only allows 2-3, read only) for the duration of the call; leases 0-1 may be made
 * write-only (the server cannot read what they hold). */
#define TICK_IPC_LEASE(n) (0x400u << (n))
#define TICK_IPC_LEASE_WRITE_ONLY(n) (0x4000u << (n))
#define TICK_IPC_LEASES 4u
/* Recv: also end the wait for the upcall ids ({driver, subscribe} pairs, 4-byte aligned, at
 * most TICK_WAITANY_MAX) in read-only allow 4 of driver 0xE0000: a0 then comes back with the
 * index of the event and a1..a3 with its arguments, as from Yield-WaitAny. */
#define TICK_IPC_WAIT_EVENTS 0x400u
#define TICK_IPC_CODE_SHIFT 16         /* Recv: bits 16-31 = the reply's code */
#define TICK_IPC_MAX_PAYLOAD 256u
/* Buffer transfer event (subscribe 2): the length has this bit when the buffer came back, or
 * went, because its holder or its home ended (docs/ipc.md). */
#define TICK_IPC_XFER_RETURNED 0x80000000u
#define TICK_IPC_OK 0xFFFFFFFCu       /* not an event index: Recv may also wait for events */
#define TICK_IPC_FAILED 0xFFFFFFFEu

/* Return variants: a0 of every result, saying which registers carry what. */
enum tick_return_variant {
	TICK_FAILURE = 0,
	TICK_FAILURE_U32 = 1,
	TICK_FAILURE_2U32 = 2,
	TICK_FAILURE_U64 = 3,
	TICK_SUCCESS = 128,
	TICK_SUCCESS_U32 = 129,
	TICK_SUCCESS_2U32 = 130,
	TICK_SUCCESS_U64 = 131,
	TICK_SUCCESS_3U32 = 132,
	TICK_SUCCESS_U32_U64 = 133,
};

/* Error codes (a1 of a failure variant; Tock's ErrorCode). */
enum tick_error {
	TICK_ERR_FAIL = 1,
	TICK_ERR_BUSY = 2,
	TICK_ERR_ALREADY = 3,
	TICK_ERR_OFF = 4,
	TICK_ERR_RESERVE = 5,
	TICK_ERR_INVAL = 6,
	TICK_ERR_SIZE = 7,
	TICK_ERR_CANCEL = 8,
	TICK_ERR_NOMEM = 9,
	TICK_ERR_NOSUPPORT = 10,
	TICK_ERR_NODEVICE = 11,
	TICK_ERR_UNINSTALLED = 12,
	TICK_ERR_NOACK = 13,
	/* Tick's IPC endpoints (docs/ipc.md), beyond Tock's codes: */
	TICK_ERR_IPC_STALE = 0x100,     /* the handle's service ended or restarted: find it again */
	TICK_ERR_IPC_PEER_DIED = 0x101, /* the service ended while the call was pending */
	TICK_ERR_IPC_DENIED = 0x102,    /* the service does not accept this client, or is not
	                                 * the one the client asked for */
	TICK_ERR_IPC_UNVERIFIED = 0x103, /* the service's credentials did not verify with the
	                                  * board key the client required */
	TICK_ERR_IPC_NOREGION = 0x110,  /* buffer transfer: the receiver (or the sender, for the
	                                 * hole it leaves) has no protection region left for it */
};

/* Memop operations (a0 of class 5). */
enum tick_memop_op {
	TICK_MEMOP_BRK = 0,
	TICK_MEMOP_SBRK = 1,
	TICK_MEMOP_RAM_START = 2,
	TICK_MEMOP_RAM_END = 3,
	TICK_MEMOP_FLASH_START = 4,
	TICK_MEMOP_FLASH_END = 5,
	TICK_MEMOP_GRANT_START = 6,
	TICK_MEMOP_WFR_COUNT = 7,
	TICK_MEMOP_WFR_START = 8,
	TICK_MEMOP_WFR_END = 9,
	TICK_MEMOP_STACK_TOP = 10,
	TICK_MEMOP_HEAP_START = 11,
};

/* Driver numbers of the capsules Tick provides (a0 of subscribe, command and allow). */
#define TICK_DRIVER_ALARM 0x0u
#define TICK_DRIVER_CONSOLE 0x1u
#define TICK_DRIVER_LEDS 0x2u
#define TICK_DRIVER_BUTTONS 0x3u
#define TICK_DRIVER_GPIO 0x4u
#define TICK_DRIVER_LOW_LEVEL_DEBUG 0x8u
#define TICK_DRIVER_ROS 0x9u
#define TICK_DRIVER_IPC_LEGACY 0x10000u   /* Tock's IPC (docs/ipc.md) */
#define TICK_DRIVER_APP_LOADER 0x10001u
/* Tick's own drivers use 0xE0000-0xEFFFF, a range Tock does not assign. */
#define TICK_DRIVER_IPC 0xE0000u          /* IPC endpoints (docs/ipc.md) */
#define TICK_DRIVER_PROCESS_INFO 0x10002u
#define TICK_DRIVER_RNG 0x40001u
/* Test kernels only (TEST_DRIVERS=1): Tock's system call return test driver (docs/capsules.md). */
#define TICK_DRIVER_SYSCALL_TEST 0xA0000u

#endif
