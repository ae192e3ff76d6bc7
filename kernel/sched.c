/* The kernel loop: services interrupts and deferred calls, then runs processes round-robin. */
#include <stddef.h>
#include <tick/deferred.h>
#include <tick/kernel.h>
#include <tick/klog.h>
#include <tick/process.h>
#include <tick/syscall.h>
#include <tick/upcall.h>
#include <tick/valarm.h>

uint32_t klog_pending(void);

void (*sched_before_run)(struct process *p);

static struct process *last;          /* the process that ran most recently */
static void slice_fired(struct valarm *a);
static void deadline_fired(struct valarm *a);
static struct valarm slice_alarm = { .fired = slice_fired };  /* preempts a process that keeps the CPU */
static bool slice_over;
static struct valarm deadline_alarm = { .fired = deadline_fired };  /* Yield-WaitAny deadlines */

static void slice_fired(struct valarm *a)
{
	(void)a;
	slice_over = true;
}

static bool deadline_reached(uint32_t deadline)
{
	return (int32_t)((uint32_t)valarm_now() - deadline) >= 0;
}

static void deadline_fired(struct valarm *a)
{
	(void)a;
	for (unsigned i = 0; i < CONFIG_MAX_PROCS; i++) {
		struct process *p = &processes[i];
		if (p->state == PS_YIELDED_FOR && p->has_deadline && deadline_reached(p->wait_deadline)) {
			p->has_deadline = 0;
			p->state = PS_RUNNABLE;
			arch_set_arg(&p->ctx, 0, WAIT_ANY_TIMEOUT);
		}
	}
	sched_deadline_changed();
}

void sched_deadline_changed(void)
{
	bool any = false;
	uint64_t earliest = UINT64_MAX;
	for (unsigned i = 0; i < CONFIG_MAX_PROCS; i++) {
		struct process *p = &processes[i];
		if (p->state == PS_YIELDED_FOR && p->has_deadline) {
			uint64_t d = valarm_expand(p->wait_deadline);
			if (deadline_reached(p->wait_deadline))
				d = 0;   /* fire at once */
			if (d < earliest)
				earliest = d;
			any = true;
		}
	}
	if (any)
		valarm_set(&deadline_alarm, earliest);
	else
		valarm_cancel(&deadline_alarm);
}

static bool ready(struct process *p)
{
	if (p->stopped)
		return false;
	if (p->state == PS_RUNNABLE)
		return true;
	return p->state == PS_YIELDED && upcall_first_callable(p) >= 0;
}

/* Keeps the last process while its slice lasts, else the next ready one after it. */
static struct process *pick(void)
{
	if (last && !slice_over && ready(last))
		return last;
	unsigned start = last ? last->index + 1u : 0;
	for (unsigned k = 0; k < CONFIG_MAX_PROCS; k++) {
		struct process *p = &processes[(start + k) % CONFIG_MAX_PROCS];
		if (ready(p))
			return p;
	}
	return NULL;
}

static bool all_ended(void)
{
	for (unsigned i = 0; i < CONFIG_MAX_PROCS; i++) {
		uint8_t s = processes[i].state;
		if (s != PS_EMPTY && s != PS_TERMINATED && s != PS_FAULTED)
			return false;
	}
	return true;
}

void kernel_loop(bool halt_when_done)
{
	for (;;) {
		board_service_interrupts();
		deferred_run_all();
		struct process *p = pick();
		if (!p) {
			if (deferred_pending())
				continue;
			if (halt_when_done && all_ended() && klog_pending() == 0) {
				klog("[kernel] all processes have ended; halting\n");
				while (klog_pending() || deferred_pending()) {
					board_service_interrupts();
					deferred_run_all();
				}
				board_halt(0);
			}
			if (!board_interrupts_pending())
				arch_wait_for_interrupt();
			continue;
		}
		if (slice_over) {
			if (p != last && last && last->state == PS_RUNNABLE)
				last->timeslice_expirations++;   /* preempted */
			slice_over = false;
		}
		/* The slice timer is armed when it is not running, not on every switch: a process
		 * runs at most CONFIG_TIMESLICE_TICKS before the scheduler looks again (possibly
		 * less when it was switched in late in a slice). */
		if (!slice_alarm.armed)
			valarm_set(&slice_alarm, valarm_now() + CONFIG_TIMESLICE_TICKS);
		if (p->state == PS_YIELDED) {
			struct upcall_entry e;
			upcall_remove(p, upcall_first_callable(p), &e);
			p->state = PS_RUNNABLE;
			arch_deliver_upcall(&p->ctx, e.fn, e.arg[0], e.arg[1], e.arg[2], e.appdata);
		}
		if (sched_before_run)
			sched_before_run(p);
		last = p;
		current_process = p;
		arch_mpu_switch(p);
		arch_switch_to(&p->ctx);
		current_process = NULL;
	}
}
