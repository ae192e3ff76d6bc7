/* System call dispatch, run straight from the trap path (the fast path: design decision 1 in docs/design.md). */
#include <tick/driver.h>
#include <tick/grant.h>
#include <tick/sched.h>
#include <tick/syscall.h>
#include <tick/tbf.h>
#include <tick/trap.h>
#include "internal/deadline.h"
#include "internal/exposure.h"
#include "internal/ipc.h"
#include "internal/process.h"
#include "internal/upcall.h"

static inline void set_ret(struct arch_context *c, struct sysret r)
{
	arch_set_arg(c, 0, r.r[0]);
	arch_set_arg(c, 1, r.r[1]);
	arch_set_arg(c, 2, r.r[2]);
	arch_set_arg(c, 3, r.r[3]);
}

/* Memop's and Exit's answers (Failure, Success, Success with u32) use r0-r1 (a0-a1) only, and
 * the rest must keep what the caller had: libtock-c's and libtock-rs's wrappers name only those
 * two as outputs, so compiled code keeps values live in r2-r3 across the call. */
static inline void set_ret2(struct arch_context *c, struct sysret r)
{
	arch_set_arg(c, 0, r.r[0]);
	arch_set_arg(c, 1, r.r[1]);
}

/* The TBF Permissions filter (tbf_permits) on p's entries. Out of line: only processes with
 * a Permissions TLV pay for it. */
static __attribute__((noinline)) bool permitted(const struct process *p, uint32_t driver, bool is_command, uint32_t cmd)
{
	return tbf_permits(p->permissions, p->permission_count, driver, is_command, cmd);
}

static struct sysret subscribe(struct process *p, uint32_t num, uint32_t n, uint32_t fn, uint32_t data)
{
	const struct driver *drv = driver_find(num);
	if (p->permissions && drv && !permitted(p, num, false, 0))
		return sysret_failure(ERR_NODEVICE);
	if (!drv)
		return sysret_failure_2u32(ERR_NODEVICE, fn, data);
	if (n >= drv->num_upcalls)
		return sysret_failure_2u32(ERR_NOSUPPORT, fn, data);
	if (fn != 0 && !process_in_flash(p, fn, 2) && !process_in_ram(p, fn, 2))
		return sysret_failure_2u32(ERR_INVAL, fn, data);
	struct upcall_slot *slot = grant_upcall(p, drv, n, true);
	if (!slot)
		return sysret_failure_2u32(ERR_NOMEM, fn, data);
	struct upcall_slot old = *slot;
	slot->fn = fn;
	slot->appdata = data;
	/* The old function must not run after this returns, nor the new one for old events. */
	if (p->upcall_count)
		upcall_drop_calls(p, drv, n);
	return sysret_success_2u32(old.fn, old.appdata);
}

static unsigned slot_count(const struct driver *drv, unsigned cls)
{
	return cls == ALLOW_RW ? drv->num_allow_rw : cls == ALLOW_RO ? drv->num_allow_ro : drv->num_allow_ur;
}

static struct sysret allow(struct process *p, unsigned cls, uint32_t num, uint32_t n, uint32_t ptr, uint32_t len)
{
	const struct driver *drv = driver_find(num);
	if (p->permissions && drv && !permitted(p, num, false, 0))
		return sysret_failure(ERR_NODEVICE);
	if (!drv)
		return sysret_failure_2u32(ERR_NODEVICE, ptr, len);
	if (n >= slot_count(drv, cls))
		return sysret_failure_2u32(ERR_NOSUPPORT, ptr, len);
	bool in_ram = process_in_ram(p, ptr, len);
	if (len != 0 && !in_ram && !(cls == ALLOW_RO && process_in_flash(p, ptr, len)))
		return sysret_failure_2u32(ERR_INVAL, ptr, len);
	struct allow_slot *slot = grant_allow(p, drv, cls, n, true);
	if (!slot)
		return sysret_failure_2u32(ERR_NOMEM, ptr, len);
	struct allow_slot old = *slot;
	slot->ptr = ptr;
	slot->len = len;
	if (exposure_owned[p->index])   /* a share made from the old buffer ends with it */
		exposure_allow_changed(p, slot);
	if (len != 0 && in_ram && ptr + len > p->allow_high_water)
		p->allow_high_water = ptr + len;
	return sysret_success_2u32(old.ptr, old.len);
}

/* p has just blocked in a yield: another ready process is entered directly where the arch
 * can (sched_switch_from), else the kernel loop runs. */
static inline uint32_t blocked(struct process *p)
{
#ifdef ARCH_DIRECT_SWITCH
	return sched_switch_from(p);
#else
	(void)p;
	return TRAP_TO_KERNEL;
#endif
}

static uint32_t wait_any(struct process *p)
{
	struct arch_context *c = &p->ctx;
	uint32_t list = arch_arg(c, 1), spec = arch_arg(c, 2);
	unsigned count = spec & WAIT_ANY_COUNT_MASK;
	bool has_deadline = spec & WAIT_ANY_HAS_DEADLINE;
	bool bad = (spec & ~(WAIT_ANY_COUNT_MASK | WAIT_ANY_HAS_DEADLINE)) != 0 ||
		   count > CONFIG_WAIT_ANY_MAX || (count == 0 && !has_deadline);
	if (!bad && count > 0)
		bad = (list & 3u) != 0 ||
		      (!process_in_ram(p, list, 8 * count) && !process_in_flash(p, list, 8 * count));
	if (bad) {
		set_ret(c, (struct sysret){ { WAIT_ANY_BADARGS, ERR_INVAL, 0, 0 } });
		return TRAP_RESUME;
	}
	p->state = PS_YIELDED_FOR;
	if (count > 0 && upcall_try_complete_wait(p))
		return TRAP_RESUME;
	if (has_deadline && !deadline_wait(p, arch_arg(c, 3)))
		return TRAP_RESUME;   /* the deadline has passed already */
	return blocked(p);
}

/* Yield-WaitFor, the waiting of a blocking call: out of line and before do_yield's register
 * saves. An empty queue without latched records cannot complete the wait. */
static __attribute__((noinline)) uint32_t wait_for_queued(struct process *p)
{
	return upcall_try_complete_wait(p) ? TRAP_RESUME : blocked(p);
}

static __attribute__((noinline)) uint32_t yield_wait_for(struct process *p)
{
	p->state = PS_YIELDED_FOR;
	return (p->upcall_count | p->upcall_latched) == 0 ? blocked(p) : wait_for_queued(p);
}

/* Yield-NoWait with something queued or a flag to write. */
static __attribute__((noinline)) uint32_t yield_no_wait(struct process *p)
{
	int i = upcall_first_callable(p);
	uint32_t flag = arch_arg(&p->ctx, 1);
	if (flag && process_in_ram(p, flag, 1))
		*(volatile uint8_t *)(uintptr_t)flag = i >= 0;
	if (i >= 0)
		upcall_deliver(p, i);
	return TRAP_RESUME;
}

/* The other yields, out of line: they need none of the register saves that syscall_other's
 * other classes make it pay. */
static __attribute__((noinline)) uint32_t do_yield(struct process *p)
{
	struct arch_context *c = &p->ctx;
	int i;
	switch (arch_arg(c, 0)) {
	case YIELD_WAIT:
		i = upcall_first_callable(p);
		if (i >= 0) {
			upcall_deliver(p, i);
			return TRAP_RESUME;
		}
		p->state = PS_YIELDED;
		return blocked(p);
	case YIELD_WAIT_ANY:
		return wait_any(p);
	default:
		/* The IPC yields here, so that the cases above keep their code. */
		if (arch_arg(c, 0) == YIELD_IPC_CALL)
			return ipc_yield_call(p);
		if (arch_arg(c, 0) == YIELD_IPC_RECV)
			return ipc_yield_recv(p);
		process_fault(p, FAULT_BAD_YIELD, arch_arg(c, 0));
		return TRAP_CONTEXT_REPLACED;
	}
}

/* Yield-WaitFor and Yield-NoWait first, without do_yield's register saves; a poll with
 * nothing queued and no flag returns from here. */
__attribute__((noinline)) uint32_t syscall_yield(struct process *p)
{
	uint32_t which = arch_arg(&p->ctx, 0);
	if (which == YIELD_WAIT_FOR)
		return yield_wait_for(p);
	if (which != YIELD_NO_WAIT)
		return do_yield(p);
	if ((p->upcall_count | arch_arg(&p->ctx, 1)) == 0)
		return TRAP_RESUME;
	return yield_no_wait(p);
}

/* Every class but command: kept out of line so that the command path stays short. */
__attribute__((noinline)) uint32_t syscall_other(struct process *p)
{
	struct arch_context *c = &p->ctx;
	switch (arch_syscall_class(c)) {
	case SYS_YIELD:
		return syscall_yield(p);
	case SYS_SUBSCRIBE:
		set_ret(c, subscribe(p, arch_arg(c, 0), arch_arg(c, 1), arch_arg(c, 2), arch_arg(c, 3)));
		return TRAP_RESUME;
	case SYS_ALLOW_RW:
	case SYS_ALLOW_RO:
	case SYS_ALLOW_UR:
		set_ret(c, allow(p, arch_syscall_class(c), arch_arg(c, 0), arch_arg(c, 1),
				 arch_arg(c, 2), arch_arg(c, 3)));
		return TRAP_RESUME;
	case SYS_MEMOP:
		set_ret2(c, memop(p, arch_arg(c, 0), arch_arg(c, 1)));
		return TRAP_RESUME;
	case SYS_EXIT:
		if (arch_arg(c, 0) == 0) {
			process_terminate(p, arch_arg(c, 1));
			return TRAP_CONTEXT_REPLACED;
		}
		if (arch_arg(c, 0) == 1) {
			p->exit_code = arch_arg(c, 1);
			process_restart(p);
			return TRAP_CONTEXT_REPLACED;
		}
		set_ret2(c, sysret_failure(ERR_NOSUPPORT));
		return TRAP_RESUME;
	default:
		process_fault(p, FAULT_BAD_SYSCALL_CLASS, arch_syscall_class(c));
		return TRAP_CONTEXT_REPLACED;
	}
}

__attribute__((noinline)) uint32_t syscall_command(struct process *p)
{
	struct arch_context *c = &p->ctx;
	uint32_t num = arch_arg(c, 0);
	const struct driver *drv = driver_find(num);
	struct sysret r;
	if (drv && (!p->permissions || permitted(p, num, true, arch_arg(c, 1))))
		r = drv->command(drv->self, p, arch_arg(c, 1), arch_arg(c, 2), arch_arg(c, 3));
	else
		r = sysret_failure(ERR_NODEVICE);
	set_ret(c, r);
	return TRAP_RESUME;
}

/* Entered from the trap path with pc already past the ecall (on rv32 only when tracing:
 * trap.S dispatches by class itself). */
uint32_t syscall_dispatch(struct process *p)
{
	struct arch_context *c = &p->ctx;
	p->syscall_count++;
	if (arch_syscall_class(c) != SYS_COMMAND)
		return arch_syscall_class(c) == SYS_YIELD ? syscall_yield(p) : syscall_other(p);
	return syscall_command(p);
}
