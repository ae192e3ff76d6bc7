/* Memop (class 5): break management and memory-layout queries (Tock's ops 0-11). */
#include <tick/string.h>
#include <tick/errorcode.h>
#include <tick/syscall.h>
#include "internal/process.h"

/* Moves the break to nb if that keeps every allowed buffer reachable and stays below the
 * grant region; newly exposed bytes are zeroed, and the protection follows at once. */
static struct sysret set_brk(struct process *p, uint32_t nb)
{
	if (nb < p->mem_start || nb > p->kernel_brk || nb < p->allow_high_water)
		return sysret_failure(ERR_NOMEM);
	if (!arch_mpu_round_brk(&nb, p->mem_start, p->mem_end, p->kernel_brk))
		return sysret_failure(ERR_NOMEM);   /* rounding would reach the kernel area */
	/* The new layout must be one the protection can express (with any transfer regions,
	 * which take slots too), so that the kernel never adopts a break it cannot enforce:
	 * this is what makes the MPU theorem's "on CMPU_OK" hold for every break
	 * (docs/verification.md). */
	uint32_t old = p->app_brk;
	p->app_brk = nb;
	bool fits = arch_mpu_fits(p);
	p->app_brk = old;
	if (!fits)
		return sysret_failure(ERR_NOMEM);
	if (nb > p->app_brk)
		memset((void *)(uintptr_t)p->app_brk, 0, nb - p->app_brk);
	p->app_brk = nb;
	arch_mpu_update_brk(p);
	return sysret_success();
}

static uint32_t wfr_field(const struct process *p, unsigned i, unsigned word)
{
	const uint8_t *b = p->wfr + 8 * i + 4 * word;
	return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

struct sysret memop(struct process *p, uint32_t op, uint32_t arg)
{
	switch (op) {
	case 0:
		return set_brk(p, arg);
	case 1: {
		uint32_t old = p->app_brk;
		uint32_t nb = old + arg;
		/* Reject wrap-around in either direction (arg is a signed increment). */
		if (((int32_t)arg > 0 && nb < old) || ((int32_t)arg < 0 && nb > old))
			return sysret_failure(ERR_NOMEM);
		struct sysret r = set_brk(p, nb);
		return r.r[0] == SYSRET_SUCCESS ? sysret_success_u32(old) : r;
	}
	case 2:
		return sysret_success_u32(p->mem_start);
	case 3:
		return sysret_success_u32(p->mem_end);
	case 4:
		return sysret_success_u32(p->flash_start);
	case 5:
		return sysret_success_u32(p->flash_end);
	case 6:
		return sysret_success_u32(p->kernel_brk);
	case 7:
		return sysret_success_u32(p->wfr_count);
	case 8:
	case 9:
		if (arg >= p->wfr_count)
			return sysret_failure(ERR_FAIL);
		return sysret_success_u32(p->flash_start + wfr_field(p, arg, 0) +
					  (op == 9 ? wfr_field(p, arg, 1) : 0));
	case 10:
		p->stack_hint = arg;
		return sysret_success();
	case 11:
		p->heap_hint = arg;
		return sysret_success();
	default:
		return sysret_failure(ERR_NOSUPPORT);
	}
}
