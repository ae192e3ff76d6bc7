/* The kernel loop: services interrupts and deferred calls, then runs processes round-robin. */
#include <stddef.h>
#include <tick/board.h>
#include <tick/deferred.h>
#include <tick/driver.h>
#include <tick/klog.h>
#include <tick/sched.h>
#include <tick/trap.h>
#include <tick/valarm.h>
#include "internal/kernel_area.h"
#include "internal/process.h"
#include "internal/upcall.h"

void (*sched_before_run)(struct process *p);
uint8_t sched_before_run_grant = DRIVER_NO_GRANT;

static struct process *last;          /* the process that ran most recently */
static void slice_fired(struct valarm *a);
static struct valarm slice_alarm = { .fired = slice_fired };  /* preempts a process that keeps the CPU */
/* Set when the slice timer fired, and from boot: the slice timer is not armed exactly while it
 * is set (only prepare_slow arms it), so prepare tests this one flag. */
static bool slice_over = true;

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

/* The rarer parts of entering p (prepare): the slice timer, a queued upcall of a Yield-Wait
 * process. Out of line, so that a plain switch pays one test for them. */
static __attribute__((noinline)) void prepare_slow(struct process *p)
{
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
}

/* What the loop does right before it enters p, and the direct switch (sched_switch_from)
 * too: then p is current with its protection loaded. */
static inline __attribute__((always_inline)) void prepare(struct process *p)
{
	if (slice_over | (p->state == PS_YIELDED))
		prepare_slow(p);
	if (sched_before_run && (sched_before_run_grant >= CONFIG_GRANT_SLOTS ||
				 process_kernel_area(p)->grant[sched_before_run_grant]))
		sched_before_run(p);
	last = p;
	current_process = p;
	arch_mpu_switch(p);
}

/*
 * One turn of the kernel loop: services interrupts and deferred calls until it can pick a
 * process (idling in between), and enters it. It returns only
 * on an arch whose arch_switch_to returns (the host); on rv32 the process's next trap into
 * the kernel comes back through kernel_loop_reenter on a fresh kernel stack instead, so no
 * kernel registers are saved or restored around a process's run.
 */
static __attribute__((noinline)) void turn(void)
{
	struct process *p;
	/* Until there is a process to enter. Waking from the idle wait goes straight back to
	 * servicing the interrupt (the timer's is the alarm path), without leaving turn. */
	for (;;) {
		board_service_interrupts();
		deferred_run_all();
		p = pick();
		if (p)
			break;
		if (deferred_pending())
			continue;
		if (halt_when_all_ended && all_ended() && klog_pending() == 0) {
			klog(KLOG_KERNEL "all processes have ended; halting\n");
			while (klog_pending() || deferred_pending()) {
				board_service_interrupts();
				deferred_run_all();
			}
			board_halt(0);
		}
		if (!board_interrupts_pending())
			arch_wait_for_interrupt();
	}
	prepare(p);
	arch_switch_to(&p->ctx);
	current_process = NULL;
}

/* The first ready process after p in slot order (pick() with last = p, p blocked), or NULL.
 * A leaf: ready() spelled out, with upcall_first_callable's test inline. */
static __attribute__((noinline)) struct process *next_ready(struct process *p)
{
	struct process *end = processes + process_slots, *n = p;
	for (unsigned k = process_slots; k > 1; k--) {
		if (++n == end)
			n = processes;
		if (n->stopped)
			continue;
		if (n->state == PS_RUNNABLE)
			return n;
		if (n->state == PS_YIELDED) {
			const struct process_kernel_area *ka = process_kernel_area(n);
			for (unsigned i = 0; i < n->upcall_count; i++)
				if (ka->id[i] & UPCALL_ID_CALL)
					return n;
		}
	}
	return NULL;
}

uint32_t sched_switch_from(struct process *p)
{
	struct process *n = next_ready(p);
	/* Nothing else to run (the loop idles), or something the loop's turn services first. */
#ifdef ARCH_DIRECT_SWITCH
	bool irq = arch_interrupts_pending();
#else
	bool irq = board_interrupts_pending();   /* host tests */
#endif
	if (!n || irq || deferred_pending())
		return TRAP_TO_KERNEL;
	prepare(n);
	trap_switch_target = n;
	return TRAP_SWITCH;
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
