/* Tock ErrorCode values and system-call return variants (TRD104 §3.3-3.4). */
#ifndef TICK_ERRORCODE_H
#define TICK_ERRORCODE_H

#include <stdint.h>

enum errorcode {
	ERR_FAIL = 1,
	ERR_BUSY = 2,
	ERR_ALREADY = 3,
	ERR_OFF = 4,
	ERR_RESERVE = 5,
	ERR_INVAL = 6,
	ERR_SIZE = 7,
	ERR_CANCEL = 8,
	ERR_NOMEM = 9,
	ERR_NOSUPPORT = 10,
	ERR_NODEVICE = 11,
	ERR_UNINSTALLED = 12,
	ERR_NOACK = 13,
};

/* Value placed in a0 to tell userspace which registers carry what. */
enum return_variant {
	RV_FAILURE = 0,
	RV_FAILURE_U32 = 1,
	RV_FAILURE_2U32 = 2,
	RV_FAILURE_U64 = 3,
	RV_SUCCESS = 128,
	RV_SUCCESS_U32 = 129,
	RV_SUCCESS_2U32 = 130,
	RV_SUCCESS_U64 = 131,
	RV_SUCCESS_3U32 = 132,
	RV_SUCCESS_U32_U64 = 133,
};

/* The four registers a system call returns. Registers a variant does not name are zero. */
struct sysret {
	uint32_t r[4];
};

static inline struct sysret sysret_success(void)
{
	return (struct sysret){ { RV_SUCCESS, 0, 0, 0 } };
}

static inline struct sysret sysret_success_u32(uint32_t v)
{
	return (struct sysret){ { RV_SUCCESS_U32, v, 0, 0 } };
}

static inline struct sysret sysret_success_2u32(uint32_t a, uint32_t b)
{
	return (struct sysret){ { RV_SUCCESS_2U32, a, b, 0 } };
}

static inline struct sysret sysret_failure(enum errorcode e)
{
	return (struct sysret){ { RV_FAILURE, (uint32_t)e, 0, 0 } };
}

static inline struct sysret sysret_failure_2u32(enum errorcode e, uint32_t a, uint32_t b)
{
	return (struct sysret){ { RV_FAILURE_2U32, (uint32_t)e, a, b } };
}

#endif
