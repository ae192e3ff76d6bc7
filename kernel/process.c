/* Process life cycle: start, restart, terminate, faults and the fault report (cold code; the memory checks of every allow are in process_memory.c). */
#include <tick/string.h>
#include <tick/strlist.h>
#include <tick/klog.h>
#include <tick/trap.h>
#include <tick/valarm.h>
#include "internal/deadline.h"
#include "internal/exposure.h"
#include "internal/ipc.h"
#include "internal/kernel_area.h"
#include "internal/process.h"

struct process processes[CONFIG_MAX_PROCS];
unsigned process_slots;
struct process *current_process;
uint32_t process_generations;

process_id_t process_id(const struct process *p)
{
	return (uint32_t)p->generation << 8 | p->index;
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

void process_name(const struct process *p, char *buf, unsigned size)
{
	unsigned n = p->name_len < size - 1 ? p->name_len : size - 1;
	memcpy(buf, p->name, n);
	buf[n] = '\0';
}

/* Not inlined (noinline): LTO copied it into the start and the restart. */
__attribute__((noinline)) void kernel_area_reset(struct process *p)
{
	struct process_kernel_area *ka = process_kernel_area(p);
	memset(ka, 0, sizeof *ka);
	p->upcall_count = p->upcall_latched = 0;
	p->kernel_brk = (uint32_t)(uintptr_t)ka & ~7u;
}

bool process_start(struct process *p)
{
	/* One global counter, not one per slot: an id is never reused, so a capsule or a peer
	 * holding a stale id can never reach a later run of the process. */
	if (process_generations >= PROCESS_GENERATION_MAX) {
		klog(KLOG_KERNEL "no process id left (never reused)\n");
		return false;
	}
	p->generation = ++process_generations;
	memset((void *)(uintptr_t)p->mem_start, 0, p->mem_end - p->mem_start);
	kernel_area_reset(p);
	/* The first bytes of RAM are the process's from the start (arch_mpu_initial_brk): on rv32
	 * the first word, as on Tock (its PMP regions are at least 4 bytes), so code before the
	 * first brk may use it; the break itself says so, so protection, allow and memop agree.
	 * A block with no room below the kernel area (no RAM asked for) gets nothing: never a byte
	 * of the kernel's. */
	uint32_t brk = arch_mpu_initial_brk(p->mem_start, p->mem_end);
	p->app_brk = brk <= p->kernel_brk ? brk : p->mem_start;
	/* Only a layout the protection can express runs (the loader checked the flash, the
	 * placement rules the break): never one arch_mpu_switch could not enforce. */
	if (!arch_mpu_fits(p)) {
		klog(KLOG_KERNEL "process '%.*s' not started: no protection fits it\n",
		     p->name_len, p->name);
		return false;
	}
	p->allow_high_water = p->mem_start;
	p->stack_hint = p->heap_hint = 0;
	p->has_deadline = 0;
	p->state = PS_RUNNABLE;
	if (p->index >= process_slots)
		process_slots = p->index + 1u;
	arch_mpu_invalidate(p);   /* its image still has the old break */
	/* Entry as libtock-c's crt0 expects: a0 = app binary, a1 = RAM start, a2 = RAM
	 * length, a3 = break; sp = the initial break (rv32: RAM start + 4). */
	arch_context_init(&p->ctx, p->init_pc, p->app_brk, p->app_start, p->mem_start,
			  p->mem_end - p->mem_start, p->app_brk);
	return true;
}

static void end(struct process *p, enum process_state st)
{
	exposure_process_ended(p);   /* nobody reaches its memory any more (before any reuse) */
	ipc_process_ended(p);        /* its services go away, their pending calls fail */
	deadline_clear(p);
	valarm_drop_within(p->mem_start, p->mem_end);   /* alarms kept in its grants */
	p->state = (uint8_t)st;  /* its id no longer finds it (process_lookup) */
	kernel_area_reset(p);    /* revokes every allow and subscription, drops queued upcalls */
}

/* Names are printed whole from flash with %.*s: a harness looks for them in the log. */
void process_terminate(struct process *p, uint32_t code)
{
	p->exit_code = code;
	end(p, PS_TERMINATED);
	klog(KLOG_KERNEL "process '%.*s' exited with code %d\n", p->name_len, p->name, (int32_t)code);
}

void process_restart(struct process *p)
{
	end(p, PS_TERMINATED);
	if (process_start(p))
		klog(KLOG_KERNEL "process '%.*s' restarted\n", p->name_len, p->name);
}

void process_remove(struct process *p)
{
	if (process_alive(p))
		end(p, PS_TERMINATED);   /* every allow, subscription, upcall and deadline goes */
	arch_mpu_invalidate(p);      /* its regions leave the protection cache */
	p->state = PS_EMPTY;         /* the slot and the RAM block are free */
	p->stopped = 0;
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
	klog(" flash  0x%08x-0x%08x  header+trailer to 0x%08x, entry 0x%08x\n"
	     " ram    0x%08x-0x%08x  %u bytes\n", p->flash_start, p->flash_end, p->app_start,
	     p->init_pc, p->mem_start, p->mem_end, p->mem_end - p->mem_start);
	klog("   app    0x%08x-0x%08x  (break; stack top hint 0x%08x, heap start hint 0x%08x)\n"
	     "   free   0x%08x-0x%08x\n"
	     "   grants 0x%08x-0x%08x  (%u bytes incl. upcall queue)\n", p->mem_start, p->app_brk,
	     p->stack_hint, p->heap_hint, p->app_brk, p->kernel_brk, p->kernel_brk, p->mem_end,
	     p->mem_end - p->kernel_brk);
}

void process_fault(struct process *p, uint32_t cause, uint32_t tval)
{
	p->faults++;
	klog_set_urgent(true);   /* the report may use the log's room kept from processes */
	klog("\n---| process '%.*s' faulted |---\n", p->name_len, p->name);
	klog(" cause: %s (mcause %u), pc 0x%08x, address/value 0x%08x\n", fault_name(cause),
	     cause, arch_pc(&p->ctx), tval);
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
	klog_set_urgent(false);
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
	return process_start(p);
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
	/* One NUL-separated string indexed by enum process_state, not a table of pointers. */
	static const char names[] = "unused\0running\0yielded\0yielded-for\0faulted\0terminated";
	return p->stopped ? "stopped" : strlist_nth(names, PS_TERMINATED + 1, p->state, names);
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
	s->kernel_bytes = p->mem_end - p->kernel_brk;
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
