/* The kernel loop: services interrupts and deferred calls, then runs processes round-robin. */
#include <stddef.h>
#include <tick/board.h>
#include <tick/deferred.h>
#include <tick/driver.h>
#include <tick/klog.h>
#include <tick/sched.h>
#include <tick/valarm.h>
#include "internal/kernel_area.h"
#include "internal/process.h"
#include "internal/upcall.h"

void (*sched_before_run)(struct process *p);
uint8_t sched_before_run_grant = DRIVER_NO_GRANT;

static struct process *last;          /* the process that ran most recently */
static void slice_fired(struct valarm *a);
static struct valarm slice_alarm = { .fired = slice_fired };  /* preempts a process that keeps the CPU */
static bool slice_over;

static void slice_fired(struct valarm *a)
{
	(void)a;
	slice_over = true;
}

static inline bool ready(const struct process *p)
{
	if (p->state == PS_RUNNABLE)
		return !p->stopped;
	return p->state == PS_YIELDED && !p->stopped && upcall_first_callable(p) >= 0;
}

bool sched_any_ready(void)
{
	for (unsigned i = 0; i < process_slots; i++)
		if (ready(&processes[i]))
			return true;
	return false;
}

/* Keeps the last process while its slice lasts, else the next ready one after it. Only slots
 * that have ever held a process are scanned. */
static struct process *pick(void)
{
	if (last && !slice_over && ready(last))
		return last;
	unsigned n = process_slots;
	unsigned i = last ? last->index : n - 1u;
	for (unsigned k = 0; k < n; k++) {
		if (++i >= n)
			i = 0;
		if (ready(&processes[i]))
			return &processes[i];
	}
	return NULL;
}

static bool all_ended(void)
{
	for (unsigned i = 0; i < CONFIG_MAX_PROCS; i++)
		if (process_alive(&processes[i]))
			return false;
	return true;
}

static bool halt_when_all_ended;   /* kernel_loop's argument, kept for kernel_loop_reenter */

/*
 * One turn of the kernel loop: services interrupts and deferred calls, picks a process and
 * enters it. Returns when there was nothing to run. When it enters a process it returns only
 * on an arch whose arch_switch_to returns (the host); on rv32 the process's next trap into
 * the kernel comes back through kernel_loop_reenter on a fresh kernel stack instead, so no
 * kernel registers are saved or restored around a process's run.
 */
static __attribute__((noinline)) void turn(void)
{
	board_service_interrupts();
	deferred_run_all();
	struct process *p = pick();
	if (!p) {
		if (deferred_pending())
			return;
		if (halt_when_all_ended && all_ended() && klog_pending() == 0) {
			klog("[kernel] all processes have ended; halting\n");
			while (klog_pending() || deferred_pending()) {
				board_service_interrupts();
				deferred_run_all();
			}
			board_halt(0);
		}
		if (!board_interrupts_pending())
			arch_wait_for_interrupt();
		return;
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
	if (p->state == PS_YIELDED)
		upcall_deliver(p, upcall_first_callable(p));
	if (sched_before_run && (sched_before_run_grant >= CONFIG_GRANT_SLOTS ||
				 process_kernel_area(p)->grant[sched_before_run_grant]))
		sched_before_run(p);
	last = p;
	current_process = p;
	arch_mpu_switch(p);
	arch_switch_to(&p->ctx);
	current_process = NULL;
}

void kernel_loop(bool halt_when_done)
{
	halt_when_all_ended = halt_when_done;
	for (;;)
		turn();
}

void kernel_loop_reenter(void)
{
	current_process = NULL;
	for (;;)
		turn();
}
