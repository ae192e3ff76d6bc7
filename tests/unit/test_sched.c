/* Unit tests of the kernel loop (kernel/sched.c): pick order, time slices, before-run hook, idle and halt. */
/* sources: @kernel_env */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "fakes/env.h"
#include <tick/sched.h>
#include <tick/trap.h>

static struct process *p0, *p1, *p2;

static int setup(void **state)
{
	(void)state;
	env_init();
	p0 = env_proc_default(0);
	p1 = env_proc_default(1);
	p2 = env_proc_default(4);
	return 0;
}

static void test_round_robin_on_slice_expiry(void **state)
{
	(void)state;
	assert_ptr_equal(env_step(), p0);
	assert_ptr_equal(host_arch.mpu_owner, p0);   /* its protection is loaded before the switch */
	assert_ptr_equal(env_step(), p0);            /* keeps the CPU during its slice */
	env_advance(CONFIG_TIMESLICE_TICKS);
	assert_ptr_equal(env_step(), p1);
	assert_int_equal(p0->timeslice_expirations, 1);
	assert_ptr_equal(host_arch.mpu_owner, p1);
	env_advance(CONFIG_TIMESLICE_TICKS);
	assert_ptr_equal(env_step(), p2);
	env_advance(CONFIG_TIMESLICE_TICKS);
	assert_ptr_equal(env_step(), p0);            /* wraps around the slots */
}

static void test_blocked_processes_are_skipped_and_woken(void **state)
{
	(void)state;
	assert_ptr_equal(env_step(), p0);
	assert_int_equal(env_yield(p0, YIELD_WAIT, 0, 0, 0).blocked, TRAP_TO_KERNEL);
	assert_ptr_equal(env_step(), p1);            /* a yield ends the slice's claim */
	assert_int_equal(p0->timeslice_expirations, 0);
	assert_int_equal(env_yield(p1, YIELD_WAIT_FOR, TEST_DRIVER_NUM, 0, 0).blocked, TRAP_TO_KERNEL);
	assert_ptr_equal(env_step(), p2);
	assert_int_equal(env_syscall(p2, SYS_EXIT, 0, 0, 0, 0).blocked, TRAP_CONTEXT_REPLACED);
	unsigned wfi = host_arch.wfi_calls;
	assert_null(env_step());
	assert_int_equal(host_arch.wfi_calls, wfi + 1);
	upcall_schedule(p1, &env.test_driver, 0, 1, 2, 3);   /* ends p1's WaitFor */
	assert_ptr_equal(env_step(), p1);
	assert_int_equal(arch_arg(&p1->ctx, 0), 1);
}

static struct process *seen;
static void before_run(struct process *p)
{
	seen = p;
}

static void test_before_run_hook_sees_the_process(void **state)
{
	(void)state;
	sched_before_run = before_run;
	seen = NULL;
	assert_ptr_equal(env_step(), p0);
	assert_ptr_equal(seen, p0);
}

static void test_halts_when_every_process_has_ended(void **state)
{
	(void)state;
	process_terminate(p0, 0);
	process_terminate(p1, 1);
	process_fault(p2, 2, 0);   /* restarts */
	assert_ptr_equal(env_step(), p2);
	process_terminate(p2, 0);
	jmp_buf halt;
	host_arch.halt_jmp = &halt;
	if (setjmp(halt) == 0) {
		kernel_loop(true);
		fail_msg("kernel_loop returned");
	}
	host_arch.halt_jmp = NULL;
	assert_int_equal(host_arch.halts, 1);
	assert_int_equal(host_arch.halt_code, 0);
	assert_non_null(strstr(fake_uart.out, "[kernel] all processes have ended; halting\n"));
}

static void test_direct_switch_picks_the_next_ready_process(void **state)
{
	(void)state;
	assert_ptr_equal(env_step(), p0);
	p0->state = PS_YIELDED_FOR;                 /* blocked in its system call */
	assert_int_equal(sched_switch_from(p0), TRAP_SWITCH);
	assert_ptr_equal(trap_switch_target, p1);   /* round-robin after p0 */
	assert_ptr_equal(current_process, p1);
	assert_ptr_equal(host_arch.mpu_owner, p1);  /* its protection is loaded */
	p1->state = PS_YIELDED;                     /* Yield-Wait, nothing queued: not ready */
	p2->stopped = 1;                            /* the operator holds it */
	assert_int_equal(sched_switch_from(p1), TRAP_TO_KERNEL);   /* nobody: the loop idles */
	p2->stopped = 0;
	assert_int_equal(sched_switch_from(p1), TRAP_SWITCH);
	assert_ptr_equal(trap_switch_target, p2);
	p2->state = PS_YIELDED_FOR;
	p0->state = PS_RUNNABLE;
	assert_int_equal(sched_switch_from(p2), TRAP_SWITCH);      /* wraps around the slots */
	assert_ptr_equal(trap_switch_target, p0);
}

static void test_direct_switch_leaves_pending_interrupts_to_the_loop(void **state)
{
	(void)state;
	assert_ptr_equal(env_step(), p0);
	p0->state = PS_YIELDED_FOR;
	fake_time.now += CONFIG_TIMESLICE_TICKS;    /* the slice timer is due: an interrupt */
	assert_int_equal(sched_switch_from(p0), TRAP_TO_KERNEL);
	assert_ptr_equal(env_step(), p1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_round_robin_on_slice_expiry, setup),
		cmocka_unit_test_setup(test_blocked_processes_are_skipped_and_woken, setup),
		cmocka_unit_test_setup(test_before_run_hook_sees_the_process, setup),
		cmocka_unit_test_setup(test_halts_when_every_process_has_ended, setup),
		cmocka_unit_test_setup(test_direct_switch_picks_the_next_ready_process, setup),
		cmocka_unit_test_setup(test_direct_switch_leaves_pending_interrupts_to_the_loop, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
