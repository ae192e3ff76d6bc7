/* Unit tests of the upcall queue (kernel/upcall.c): order, overflow, null-upcall records, re-subscribe, dead processes. */
/* sources: @kernel_env */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "fakes/env.h"

static struct process *p;
static const struct driver *drv;

static int setup(void **state)
{
	(void)state;
	env_init();
	p = env_proc_default(0);
	drv = &env.test_driver;
	return 0;
}

static void subscribe(unsigned n, unsigned k)
{
	assert_int_equal(env_subscribe(p, TEST_DRIVER_NUM, n, env_fn(p, k), 0x100 + k).a[0], SYSRET_SUCCESS_2U32);
}

/* Yield-WaitFor(driver, sub) returns at once with a record whose first argument is arg0. */
static void expect_wait_for(uint32_t driver, uint32_t sub, uint32_t arg0)
{
	struct env_ret r = env_yield(p, YIELD_WAIT_FOR, driver, sub, 0);
	assert_int_equal(r.blocked, TRAP_RESUME);
	assert_int_equal(r.a[0], arg0);
}

/* Yield-WaitFor(driver, sub) finds nothing and blocks. */
static void expect_wait_for_blocks(uint32_t driver, uint32_t sub)
{
	assert_int_equal(env_yield(p, YIELD_WAIT_FOR, driver, sub, 0).blocked, TRAP_TO_KERNEL);
}

static void test_events_queue_in_order_with_function_and_appdata(void **state)
{
	(void)state;
	subscribe(0, 1);
	subscribe(2, 2);
	assert_true(upcall_schedule(p, drv, 2, 1, 2, 3));
	assert_true(upcall_schedule(p, drv, 0, 4, 5, 6));
	assert_true(upcall_schedule(p, drv, 1, 7, 8, 9));   /* not subscribed: a record */
	struct process_kernel_area *ka = env_ka(p);
	assert_int_equal(p->upcall_count, 3);
	assert_int_equal(env_entry(ka, 0).subscribe, 2);
	assert_int_equal(env_entry(ka, 0).call, 1);
	assert_int_equal(env_entry(ka, 0).arg[2], 3);
	assert_int_equal(env_entry(ka, 1).call, 1);
	assert_int_equal(env_entry(ka, 2).call, 0);
	assert_int_equal(env_entry(ka, 2).driver, TEST_DRIVER_NUM);
	assert_int_equal(upcall_first_callable(p), 0);
	assert_int_equal(upcall_find(p, driver_find(TEST_DRIVER_NUM), 1), 2);
	assert_int_equal(upcall_find(p, driver_find(TEST_DRIVER_NUM), 3), -1);
	/* A call runs its subscription's function with its appdata. */
	upcall_deliver(p, 0);
	assert_int_equal(p->ctx.pc, env_fn(p, 2));
	assert_int_equal(arch_arg(&p->ctx, 0), 1);
	assert_int_equal(arch_arg(&p->ctx, 2), 3);
	assert_int_equal(arch_arg(&p->ctx, 3), 0x102);
	assert_int_equal(p->upcall_count, 2);
	assert_int_equal(env_entry(ka, 0).arg[0], 4);
	upcall_remove(p, 0);
	assert_int_equal(p->upcall_count, 1);
	assert_int_equal(env_entry(ka, 0).arg[0], 7);
	assert_null(env_check());
}

static void test_a_full_queue_drops_function_calls_and_counts_them(void **state)
{
	(void)state;
	subscribe(0, 1);
	for (unsigned i = 0; i < CONFIG_UPCALL_QUEUE_LEN; i++)
		assert_true(upcall_schedule(p, drv, 0, i, 0, 0));
	assert_false(upcall_schedule(p, drv, 0, 99, 0, 0));
	assert_false(upcall_schedule(p, drv, 0, 100, 0, 0));
	assert_int_equal(p->dropped_upcalls, 2);
	assert_int_equal(p->upcall_count, CONFIG_UPCALL_QUEUE_LEN);
	assert_int_equal(env_entry(env_ka(p), CONFIG_UPCALL_QUEUE_LEN - 1).arg[0], CONFIG_UPCALL_QUEUE_LEN - 1);
}

/* A queued id holds the subscribe number in 7 bits: an event beyond the driver's upcalls (a
 * capsule's mistake) is dropped and counted, never queued under another number. */
static void test_an_event_beyond_the_drivers_upcalls_is_dropped(void **state)
{
	(void)state;
	assert_false(upcall_schedule(p, drv, drv->num_upcalls, 1, 2, 3));
	assert_false(upcall_schedule(p, drv, drv->num_upcalls + 128, 1, 2, 3));
	assert_int_equal(p->upcall_count, 0);
	assert_int_equal(p->upcall_latched, 0);
	assert_int_equal(p->dropped_upcalls, 2);
	assert_true(upcall_schedule(p, drv, drv->num_upcalls - 1, 1, 2, 3));
	assert_int_equal(env_entry(env_ka(p), 0).subscribe, drv->num_upcalls - 1);
	assert_null(env_check());
}

static void test_a_record_that_finds_the_queue_full_is_latched_newest_wins(void **state)
{
	(void)state;
	subscribe(0, 1);
	assert_true(upcall_schedule(p, drv, 1, 1, 0, 0));   /* record B, args 1, queued */
	assert_true(upcall_schedule(p, drv, 2, 5, 0, 0));   /* record C */
	for (unsigned i = 2; i < CONFIG_UPCALL_QUEUE_LEN; i++)
		assert_true(upcall_schedule(p, drv, 0, i, 0, 0));
	assert_true(upcall_schedule(p, drv, 1, 2, 0, 0));   /* full: latched in B's slot */
	assert_true(upcall_schedule(p, drv, 1, 3, 0, 0));   /* replaces the latched 2 */
	assert_int_equal(p->upcall_count, CONFIG_UPCALL_QUEUE_LEN);
	assert_int_equal(p->dropped_upcalls, 0);
	/* WaitFor(B) takes the queued (older) record first, then the latched one. */
	expect_wait_for(TEST_DRIVER_NUM, 1, 1);
	expect_wait_for(TEST_DRIVER_NUM, 1, 3);
	/* Both taken: the next WaitFor(B) blocks. */
	expect_wait_for_blocks(TEST_DRIVER_NUM, 1);
	assert_null(env_check());
}

static void test_a_record_of_a_new_id_is_latched_even_when_the_queue_is_full(void **state)
{
	(void)state;
	/* Was a known gap (fixed): the record used to be dropped, so this WaitFor blocked forever. */
	subscribe(0, 1);
	for (unsigned i = 0; i < CONFIG_UPCALL_QUEUE_LEN; i++)
		assert_true(upcall_schedule(p, drv, 0, i, 0, 0));
	/* docs/abi.md: the latest completion of every id is always latched. */
	assert_true(upcall_schedule(p, drv, 3, 77, 0, 0));
	assert_int_equal(p->dropped_upcalls, 0);
	expect_wait_for(TEST_DRIVER_NUM, 3, 77);
	/* The queue of calls was left alone. */
	assert_int_equal(p->upcall_count, CONFIG_UPCALL_QUEUE_LEN);
}

static void test_a_record_never_overtakes_the_latched_one_of_its_id(void **state)
{
	(void)state;
	subscribe(0, 1);
	for (unsigned i = 0; i < CONFIG_UPCALL_QUEUE_LEN; i++)
		assert_true(upcall_schedule(p, drv, 0, i, 0, 0));
	assert_true(upcall_schedule(p, drv, 1, 100, 0, 0));   /* full: latched */
	upcall_remove(p, 0);                            /* room in the queue again */
	assert_true(upcall_schedule(p, drv, 1, 200, 0, 0));   /* newer: replaces the latch */
	assert_int_equal(p->upcall_count, CONFIG_UPCALL_QUEUE_LEN - 1);
	expect_wait_for(TEST_DRIVER_NUM, 1, 200);   /* never the stale 100 after it */
	expect_wait_for_blocks(TEST_DRIVER_NUM, 1);
}

static void test_resubscribe_drops_queued_calls_but_keeps_records(void **state)
{
	(void)state;
	assert_true(upcall_schedule(p, drv, 0, 1, 0, 0));   /* record */
	subscribe(0, 1);
	assert_true(upcall_schedule(p, drv, 0, 2, 0, 0));   /* call */
	assert_true(upcall_schedule(p, drv, 1, 3, 0, 0));   /* other id */
	subscribe(0, 2);
	struct process_kernel_area *ka = env_ka(p);
	assert_int_equal(p->upcall_count, 2);
	assert_int_equal(env_entry(ka, 0).call, 0);
	assert_int_equal(env_entry(ka, 0).arg[0], 1);
	assert_int_equal(env_entry(ka, 1).subscribe, 1);
	/* The old function never runs: a new event runs the new one. */
	assert_true(upcall_schedule(p, drv, 0, 4, 0, 0));
	assert_int_equal(env_entry(ka, 2).call, 1);
	upcall_deliver(p, 2);
	assert_int_equal(p->ctx.pc, env_fn(p, 2));
}

static void test_no_events_for_ended_or_stale_processes(void **state)
{
	(void)state;
	subscribe(0, 1);
	process_id_t id = process_id(p);
	assert_true(upcall_schedule_id(id, drv, 0, 1, 0, 0));
	assert_int_equal(env_syscall(p, SYS_EXIT, 1, 0, 0, 0).blocked, TRAP_CONTEXT_REPLACED);
	assert_int_equal(p->upcall_count, 0);                 /* restart dropped the queue */
	assert_false(upcall_schedule_id(id, drv, 0, 1, 0, 0));  /* old id */
	assert_true(upcall_schedule_id(process_id(p), drv, 0, 1, 0, 0));
	assert_false(upcall_schedule_id(0x1234500u | 7u, drv, 0, 1, 0, 0));
	assert_false(upcall_schedule_id(0xffu, drv, 0, 1, 0, 0));
	process_terminate(p, 0);
	assert_false(upcall_schedule(p, drv, 0, 1, 0, 0));
	assert_int_equal(p->upcall_count, 0);
}

static void test_an_event_ends_a_matching_wait_for_without_queueing(void **state)
{
	(void)state;
	subscribe(1, 1);
	expect_wait_for_blocks(TEST_DRIVER_NUM, 1);
	assert_int_equal(p->state, PS_YIELDED_FOR);
	assert_true(upcall_schedule(p, drv, 0, 9, 9, 9));   /* other id: queued */
	assert_int_equal(p->state, PS_YIELDED_FOR);
	assert_true(upcall_schedule(p, drv, 1, 10, 11, 12));
	assert_int_equal(p->state, PS_RUNNABLE);
	assert_int_equal(arch_arg(&p->ctx, 0), 10);
	assert_int_equal(arch_arg(&p->ctx, 1), 11);
	assert_int_equal(arch_arg(&p->ctx, 2), 12);
	assert_int_equal(p->upcall_count, 1);
	/* No function ran: pc is still after the yield. */
	assert_int_not_equal(p->ctx.pc, env_fn(p, 1));
}

static void test_a_yield_wait_process_gets_its_first_call_set_up_at_once(void **state)
{
	(void)state;
	subscribe(0, 1);
	struct env_ret r = env_yield(p, YIELD_WAIT, 0, 0, 0);
	assert_int_equal(r.blocked, TRAP_TO_KERNEL);
	assert_int_equal(p->state, PS_YIELDED);
	uint32_t after_yield = p->ctx.pc;
	assert_true(upcall_schedule(p, drv, 0, 4, 5, 6));
	/* Nothing was queued before it: the call is set up now, as the loop would first do. */
	assert_int_equal(p->state, PS_RUNNABLE);
	assert_int_equal(p->upcall_count, 0);
	assert_int_equal(p->ctx.pc, env_fn(p, 1));
	assert_int_equal(arch_arg(&p->ctx, 0), 4);
	assert_int_equal(arch_arg(&p->ctx, 2), 6);
	assert_int_equal(arch_arg(&p->ctx, 3), 0x101);   /* appdata */
	assert_int_equal(p->ctx.regs[1], after_yield);     /* returns to just after the yield */
	/* The next one queues: the process is no longer waiting. */
	assert_true(upcall_schedule(p, drv, 0, 7, 8, 9));
	assert_int_equal(p->upcall_count, 1);
	assert_int_equal(p->ctx.pc, env_fn(p, 1));
	assert_int_equal(arch_arg(&p->ctx, 0), 4);
}

static void test_a_stopped_yield_wait_process_keeps_its_call_queued(void **state)
{
	(void)state;
	subscribe(0, 1);
	assert_int_equal(env_yield(p, YIELD_WAIT, 0, 0, 0).blocked, TRAP_TO_KERNEL);
	assert_true(process_stop(p));
	assert_true(upcall_schedule(p, drv, 0, 4, 5, 6));
	assert_int_equal(p->state, PS_YIELDED);   /* the operator sees it as it was */
	assert_int_equal(p->upcall_count, 1);
}

static void test_a_yield_wait_process_with_queued_entries_keeps_the_order(void **state)
{
	(void)state;
	subscribe(0, 1);
	assert_true(upcall_schedule(p, drv, 1, 1, 1, 1));   /* a record: stays queued */
	struct env_ret r = env_yield(p, YIELD_WAIT, 0, 0, 0);
	assert_int_equal(r.blocked, TRAP_TO_KERNEL);
	assert_true(upcall_schedule(p, drv, 0, 4, 5, 6));
	assert_int_equal(p->state, PS_YIELDED);          /* queued behind it, the loop delivers */
	assert_int_equal(p->upcall_count, 2);
	assert_int_equal(upcall_first_callable(p), 1);
}

static void test_latches_live_in_grant_memory_between_grants(void **state)
{
	(void)state;
	/* The latches are carved from grant memory when needed (the upcall slots are 8 bytes,
	 * as in Tock) and found again among the grants carved before and after them. */
	subscribe(0, 1);
	for (unsigned i = 0; i < CONFIG_UPCALL_QUEUE_LEN; i++)
		assert_true(upcall_schedule(p, drv, 0, i, 0, 0));
	uint32_t k = p->kernel_brk;
	assert_true(upcall_schedule(p, drv, 1, 11, 0, 0));               /* a latch carved */
	assert_int_equal(p->kernel_brk, k - 16);
	assert_non_null(grant_enter(p, &env.console.driver));             /* a grant below it */
	assert_true(upcall_schedule(p, &env.console.driver, 1, 22, 0, 0)); /* a second latch */
	assert_true(upcall_schedule(p, drv, 1, 12, 0, 0));                /* the first, again */
	k = p->kernel_brk;
	assert_true(upcall_schedule(p, drv, 1, 13, 0, 0));                /* reused, not carved */
	assert_int_equal(p->kernel_brk, k);
	assert_int_equal(p->upcall_latched, 2);
	expect_wait_for(CONSOLE_DRIVER_NUM, 1, 22);
	expect_wait_for(TEST_DRIVER_NUM, 1, 13);
	assert_int_equal(p->upcall_latched, 0);
	assert_int_equal(p->dropped_upcalls, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_events_queue_in_order_with_function_and_appdata, setup),
		cmocka_unit_test_setup(test_a_full_queue_drops_function_calls_and_counts_them, setup),
		cmocka_unit_test_setup(test_an_event_beyond_the_drivers_upcalls_is_dropped, setup),
		cmocka_unit_test_setup(test_a_record_that_finds_the_queue_full_is_latched_newest_wins, setup),
		cmocka_unit_test_setup(test_a_record_of_a_new_id_is_latched_even_when_the_queue_is_full, setup),
		cmocka_unit_test_setup(test_a_record_never_overtakes_the_latched_one_of_its_id, setup),
		cmocka_unit_test_setup(test_latches_live_in_grant_memory_between_grants, setup),
		cmocka_unit_test_setup(test_resubscribe_drops_queued_calls_but_keeps_records, setup),
		cmocka_unit_test_setup(test_no_events_for_ended_or_stale_processes, setup),
		cmocka_unit_test_setup(test_an_event_ends_a_matching_wait_for_without_queueing, setup),
		cmocka_unit_test_setup(test_a_yield_wait_process_gets_its_first_call_set_up_at_once, setup),
		cmocka_unit_test_setup(test_a_stopped_yield_wait_process_keeps_its_call_queued, setup),
		cmocka_unit_test_setup(test_a_yield_wait_process_with_queued_entries_keeps_the_order, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
