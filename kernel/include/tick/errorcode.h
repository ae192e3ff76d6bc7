/* Kernel names of the ABI's error codes and return variants (values in tick/abi.h), and the
 * system call result the kernel builds from them. */
#ifndef TICK_ERRORCODE_H
#define TICK_ERRORCODE_H

#include <stdint.h>
#include <tick/abi.h>

/* The kernel's short names for the ABI values: kept so that kernel and capsule code reads as
 * before; tick/abi.h is the one place the numbers are written. */
enum errorcode {
	ERR_FAIL = TICK_ERR_FAIL,
	ERR_BUSY = TICK_ERR_BUSY,
	ERR_ALREADY = TICK_ERR_ALREADY,
	ERR_OFF = TICK_ERR_OFF,
	ERR_RESERVE = TICK_ERR_RESERVE,
	ERR_INVAL = TICK_ERR_INVAL,
	ERR_SIZE = TICK_ERR_SIZE,
	ERR_CANCEL = TICK_ERR_CANCEL,
	ERR_NOMEM = TICK_ERR_NOMEM,
	ERR_NOSUPPORT = TICK_ERR_NOSUPPORT,
	ERR_NODEVICE = TICK_ERR_NODEVICE,
	ERR_UNINSTALLED = TICK_ERR_UNINSTALLED,
	ERR_NOACK = TICK_ERR_NOACK,
	/* Tick's IPC errors (docs/ipc.md); above 0xFF, so this enum is never a byte wide, even
	 * where enums are short (arm-none-eabi). */
	ERR_IPC_STALE = TICK_ERR_IPC_STALE,
	ERR_IPC_PEER_DIED = TICK_ERR_IPC_PEER_DIED,
	ERR_IPC_DENIED = TICK_ERR_IPC_DENIED,
	ERR_IPC_UNVERIFIED = TICK_ERR_IPC_UNVERIFIED,
	ERR_IPC_NOREGION = TICK_ERR_IPC_NOREGION,
};

/* Value placed in a0 to tell userspace which registers carry what. */
enum return_variant {
	SYSRET_FAILURE = TICK_FAILURE,
	SYSRET_FAILURE_U32 = TICK_FAILURE_U32,
	SYSRET_FAILURE_2U32 = TICK_FAILURE_2U32,
	SYSRET_FAILURE_U64 = TICK_FAILURE_U64,
	SYSRET_SUCCESS = TICK_SUCCESS,
	SYSRET_SUCCESS_U32 = TICK_SUCCESS_U32,
	SYSRET_SUCCESS_2U32 = TICK_SUCCESS_2U32,
	SYSRET_SUCCESS_U64 = TICK_SUCCESS_U64,
	SYSRET_SUCCESS_3U32 = TICK_SUCCESS_3U32,
	SYSRET_SUCCESS_U32_U64 = TICK_SUCCESS_U32_U64,
};

/* The four registers a system call returns. Registers a variant does not name are zero. */
struct sysret {
	uint32_t r[4];
};

static inline struct sysret sysret_success(void)
{
	return (struct sysret){ { SYSRET_SUCCESS, 0, 0, 0 } };
}

static inline struct sysret sysret_success_u32(uint32_t v)
{
	return (struct sysret){ { SYSRET_SUCCESS_U32, v, 0, 0 } };
}

static inline struct sysret sysret_success_2u32(uint32_t a, uint32_t b)
{
	return (struct sysret){ { SYSRET_SUCCESS_2U32, a, b, 0 } };
}

static inline struct sysret sysret_failure(enum errorcode e)
{
	return (struct sysret){ { SYSRET_FAILURE, (uint32_t)e, 0, 0 } };
}

static inline struct sysret sysret_failure_2u32(enum errorcode e, uint32_t a, uint32_t b)
{
	return (struct sysret){ { SYSRET_FAILURE_2U32, (uint32_t)e, a, b } };
}

#endif
