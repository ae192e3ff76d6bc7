/* Process life cycle: start, restart, terminate, faults and the fault report. */
#include <tick/string.h>
#include <tick/klog.h>
#include <tick/trap.h>
#include "internal/deadline.h"
#include "internal/exposure.h"
#include "internal/ipc.h"
#include "internal/kernel_area.h"
#include "internal/process.h"

struct process processes[CONFIG_MAX_PROCS];
unsigned process_slots;
struct process *current_process;

process_id_t process_id(const struct process *p)
{
	return ((uint32_t)p->generation << 8) | p->index;
}

struct process *process_lookup(process_id_t id)
{
	unsigned i = PROCESS_ID_SLOT(id);
	if (i >= CONFIG_MAX_PROCS)
		return NULL;
	struct process *p = &processes[i];
	return process_alive(p) && process_id(p) == id ? p : NULL;
}

struct process *process_next(const struct process *p)
{
	for (unsigned i = p ? p->index + 1u : 0; i < process_slots; i++)
		if (processes[i].state != PS_EMPTY)
			return &processes[i];
	return NULL;
}

bool process_in_ram(const struct process *p, uint32_t addr, uint32_t len)
{
	return addr >= p->mem_start && addr <= p->app_brk && len <= p->app_brk - addr;
}

bool process_in_flash(const struct process *p, uint32_t addr, uint32_t len)
{
	return addr >= p->app_start && addr <= p->flash_end && len <= p->flash_end - addr;
}

void process_name(const struct process *p, char *buf, unsigned size)
{
	unsigned n = p->name_len < size - 1 ? p->name_len : size - 1;
	memcpy(buf, p->name, n);
	buf[n] = '\0';
}

void kernel_area_reset(struct process *p)
{
	struct process_kernel_area *ka = process_kernel_area(p);
	memset(ka, 0, sizeof *ka);
	p->kernel_brk = (uint32_t)(uintptr_t)ka & ~7u;
}

void process_start(struct process *p)
{
	memset((void *)(uintptr_t)p->mem_start, 0, p->mem_end - p->mem_start);
	kernel_area_reset(p);
	p->app_brk = p->mem_start;
	p->allow_high_water = p->mem_start;
	p->stack_hint = p->heap_hint = 0;
	p->has_deadline = 0;
	p->generation++;
	p->state = PS_RUNNABLE;
	if (p->index >= process_slots)
		process_slots = p->index + 1u;
	arch_mpu_invalidate(p);   /* its image still has the old break */
	/* Entry as libtock-c's crt0 expects: a0 = app binary, a1 = RAM start, a2 = RAM
	 * length, a3 = break; sp = RAM start with nothing accessible yet. */
	arch_context_init(&p->ctx, p->init_pc, p->mem_start, p->app_start, p->mem_start,
			  p->mem_end - p->mem_start, p->app_brk);
}

static void end(struct process *p, enum process_state st)
{
	exposure_process_ended(p);   /* nobody reaches its memory any more (before any reuse) */
	ipc_process_ended(p);        /* its services go away, their pending calls fail */
	deadline_clear(p);
	p->state = (uint8_t)st;
	p->generation++;         /* stale ids held by capsules stop matching */
	kernel_area_reset(p);    /* revokes every allow and subscription, drops queued upcalls */
}

void process_terminate(struct process *p, uint32_t code)
{
	char name[32];
	process_name(p, name, sizeof name);
	p->exit_code = code;
	end(p, PS_TERMINATED);
	klog("[kernel] process '%s' exited with code %d\n", name, (int32_t)code);
}

void process_restart(struct process *p)
{
	char name[32];
	process_name(p, name, sizeof name);
	end(p, PS_TERMINATED);
	process_start(p);
	klog("[kernel] process '%s' restarted\n", name);
}

static const char *fault_name(uint32_t cause)
{
	if (cause == FAULT_BAD_SYSCALL_CLASS)
		return "invalid system call class";
	if (cause == FAULT_BAD_YIELD)
		return "invalid yield number";
	if (cause == FAULT_FORCED)
		return "fault forced by the operator";
	return arch_cause_name(cause);
}

void process_print_memory_map(const struct process *p)
{
	klog(" flash  0x%08x-0x%08x  header+trailer to 0x%08x, entry 0x%08x\n",
	     p->flash_start, p->flash_end, p->app_start, p->init_pc);
	klog(" ram    0x%08x-0x%08x  %u bytes\n", p->mem_start, p->mem_end, p->mem_end - p->mem_start);
	klog("   app    0x%08x-0x%08x  (break; stack top hint 0x%08x, heap start hint 0x%08x)\n",
	     p->mem_start, p->app_brk, p->stack_hint, p->heap_hint);
	klog("   free   0x%08x-0x%08x\n", p->app_brk, p->kernel_brk);
	klog("   grants 0x%08x-0x%08x  (%u bytes incl. upcall queue)\n", p->kernel_brk, p->mem_end,
	     p->mem_end - p->kernel_brk);
}

void process_fault(struct process *p, uint32_t cause, uint32_t tval)
{
	char name[32];
	process_name(p, name, sizeof name);
	p->faults++;
	klog("\n---| process '%s' faulted |---\n", name);
	klog(" cause: %s (mcause %u), pc 0x%08x, address/value 0x%08x\n", fault_name(cause),
	     cause, p->ctx.pc, tval);
	arch_print_context(&p->ctx);
	process_print_memory_map(p);
	if (p->restarts < CONFIG_RESTART_LIMIT) {
		p->restarts++;
		klog(" policy: restart %u of %u\n", p->restarts, (unsigned)CONFIG_RESTART_LIMIT);
		end(p, PS_TERMINATED);
		process_start(p);
	} else {
		klog(" policy: stopped, it faulted after %u restarts\n", (unsigned)CONFIG_RESTART_LIMIT);
		end(p, PS_FAULTED);
	}
}

uint32_t trap_exception(struct process *p, uint32_t cause, uint32_t tval)
{
	process_fault(p, cause, tval);
	return TRAP_CONTEXT_REPLACED;
}

bool process_stop(struct process *p)
{
	if (!process_alive(p) || p->stopped)
		return false;
	p->stopped = 1;
	return true;
}

bool process_resume(struct process *p)
{
	if (!p->stopped)
		return false;
	p->stopped = 0;
	return true;
}

bool process_boot(struct process *p)
{
	if (p->state != PS_TERMINATED && p->state != PS_FAULTED)
		return false;
	p->restarts = 0;
	p->stopped = 0;
	process_start(p);
	return true;
}

bool process_force_fault(struct process *p)
{
	if (!process_alive(p))
		return false;
	process_fault(p, FAULT_FORCED, 0);
	return true;
}

bool process_kill(struct process *p)
{
	if (!process_alive(p))
		return false;
	process_terminate(p, 0);
	return true;
}

const char *process_state_name(const struct process *p)
{
	if (p->stopped)
		return "stopped";
	switch (p->state) {
	case PS_RUNNABLE:
		return "running";
	case PS_YIELDED:
		return "yielded";
	case PS_YIELDED_FOR:
		return "yielded-for";
	case PS_FAULTED:
		return "faulted";
	case PS_TERMINATED:
		return "terminated";
	default:
		return "unused";
	}
}

unsigned process_count(void)
{
	unsigned n = 0;
	for (unsigned i = 0; i < CONFIG_MAX_PROCS; i++)
		n += processes[i].state != PS_EMPTY;
	return n;
}

void process_get_stats(const struct process *p, struct process_stats *s)
{
	s->id = process_id(p);
	s->short_id = p->short_id;
	s->syscalls = p->syscall_count;
	s->exit_code = p->exit_code;
	s->ram = p->mem_end - p->mem_start;
	s->name = p->name;
	s->dropped_upcalls = p->dropped_upcalls;
	s->name_len = p->name_len;
	s->slot = p->index;
	s->state = p->state;
	s->stopped = p->stopped;
	s->restarts = p->restarts;
	s->faults = p->faults;
	s->timeslice_expirations = p->timeslice_expirations;
}
