/* Unit tests of the yield variants (kernel/syscall.c, upcall.c, sched.c): NoWait, Wait, WaitFor, WaitAny with deadlines. */
/* sources: @kernel_env */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "fakes/env.h"
#include "fakes/kstate.h"

static struct process *p, *q;
static const struct driver *drv;

static int setup(void **state)
{
	(void)state;
	env_init();
	p = env_proc_default(0);
	q = env_proc_default(1);
	drv = &env.test_driver;
	return 0;
}

static void subscribe(unsigned n, unsigned k)
{
	assert_int_equal(env_subscribe(p, TEST_DRIVER_NUM, n, env_fn(p, k), 0x100 + k).a[0], SYSRET_SUCCESS_2U32);
}

/* Writes a WaitAny list of count (driver, subscribe) pairs at process address a. */
static void put_list(uint32_t a, const uint32_t *ids, unsigned count)
{
	memcpy(env_mem(a), ids, 8 * count);
}

static void test_no_wait_delivers_one_upcall_and_sets_the_flag(void **state)
{
	(void)state;
	uint32_t flag = p->mem_start + 3;
	*env_mem(flag) = 0x55;
	struct env_ret r = env_yield(p, YIELD_NO_WAIT, flag, 0, 0);
	assert_int_equal(r.blocked, TRAP_RESUME);
	assert_int_equal(*env_mem(flag), 0);
	subscribe(0, 4);
	upcall_schedule(p, drv, 0, 1, 2, 3);
	upcall_schedule(p, drv, 0, 4, 5, 6);
	uint32_t after = p->ctx.pc + 4;
	r = env_yield(p, YIELD_NO_WAIT, flag, 0, 0);
	assert_int_equal(r.blocked, TRAP_RESUME);
	assert_int_equal(*env_mem(flag), 1);
	assert_int_equal(p->ctx.pc, env_fn(p, 4));
	assert_int_equal(p->ctx.regs[RV_RA], after);
	assert_int_equal(r.a[0], 1);
	assert_int_equal(r.a[1], 2);
	assert_int_equal(r.a[2], 3);
	assert_int_equal(r.a[3], 0x104);
	assert_int_equal(p->upcall_count, 1);
	assert_int_equal(p->state, PS_RUNNABLE);
}

static void test_no_wait_ignores_records_and_writes_the_flag_only_in_app_ram(void **state)
{
	(void)state;
	upcall_schedule(p, drv, 2, 1, 2, 3);   /* a record only */
	uint8_t *other = env_mem(q->mem_start);
	*other = 0x77;
	uint32_t pc = p->ctx.pc;
	env_yield(p, YIELD_NO_WAIT, q->mem_start, 0, 0);
	assert_int_equal(*other, 0x77);
	env_yield(p, YIELD_NO_WAIT, p->app_brk, 0, 0);          /* just past the break */
	env_yield(p, YIELD_NO_WAIT, p->kernel_brk, 0, 0);
	env_yield(p, YIELD_NO_WAIT, env.kernel_area, 0, 0);     /* poisoned: ASan would see a write */
	assert_int_equal(p->ctx.pc, pc + 16);                    /* nothing delivered */
	assert_int_equal(p->upcall_count, 1);
	assert_int_equal(p->state, PS_RUNNABLE);
}

static void test_wait_blocks_until_an_upcall_can_run(void **state)
{
	(void)state;
	upcall_schedule(p, drv, 1, 1, 2, 3);   /* record: does not wake Yield-Wait */
	subscribe(0, 2);
	struct env_ret r = env_yield(p, YIELD_WAIT, 0, 0, 0);
	assert_int_equal(r.blocked, TRAP_TO_KERNEL);
	assert_int_equal(p->state, PS_YIELDED);
	assert_ptr_equal(env_step(), q);       /* p is not ready */
	assert_int_equal(env_yield(q, YIELD_WAIT, 0, 0, 0).blocked, TRAP_TO_KERNEL);
	assert_null(env_step());                /* nobody is */
	uint32_t after = p->ctx.pc;
	upcall_schedule(p, drv, 0, 7, 8, 9);
	/* The kernel loop delivers the upcall when it picks p. */
	assert_ptr_equal(env_step(), p);
	assert_int_equal(p->state, PS_RUNNABLE);
	assert_int_equal(p->ctx.pc, env_fn(p, 2));
	assert_int_equal(p->ctx.regs[RV_RA], after);
	assert_int_equal(arch_arg(&p->ctx, 0), 7);
	assert_int_equal(arch_arg(&p->ctx, 3), 0x102);
	assert_int_equal(p->upcall_count, 1);   /* the record stays */
}

static void test_wait_with_a_queued_upcall_delivers_at_once(void **state)
{
	(void)state;
	subscribe(3, 1);
	upcall_schedule(p, drv, 3, 1, 0, 0);
	struct env_ret r = env_yield(p, YIELD_WAIT, 0, 0, 0);
	assert_int_equal(r.blocked, TRAP_RESUME);
	assert_int_equal(p->ctx.pc, env_fn(p, 1));
	assert_int_equal(p->upcall_count, 0);
}

static void test_wait_for_takes_the_first_matching_event_call_or_record(void **state)
{
	(void)state;
	subscribe(0, 1);
	upcall_schedule(p, drv, 1, 1, 1, 1);
	upcall_schedule(p, drv, 0, 2, 2, 2);
	upcall_schedule(p, drv, 0, 3, 3, 3);
	uint32_t pc = p->ctx.pc;
	struct env_ret r = env_yield(p, YIELD_WAIT_FOR, TEST_DRIVER_NUM, 0, 0);
	assert_int_equal(r.blocked, TRAP_RESUME);
	assert_int_equal(r.a[0], 2);
	assert_int_equal(p->ctx.pc, pc + 4);   /* no function ran */
	assert_int_equal(p->state, PS_RUNNABLE);
	r = env_yield(p, YIELD_WAIT_FOR, TEST_DRIVER_NUM, 1, 0);
	assert_int_equal(r.a[0], 1);
	assert_int_equal(p->upcall_count, 1);
	/* Nothing queued for (TEST, 2): blocks; the event ends the wait. */
	r = env_yield(p, YIELD_WAIT_FOR, TEST_DRIVER_NUM, 2, 0);
	assert_int_equal(r.blocked, TRAP_TO_KERNEL);
	assert_int_equal(p->state, PS_YIELDED_FOR);
	upcall_schedule(p, drv, 2, 5, 6, 7);
	assert_int_equal(p->state, PS_RUNNABLE);
	assert_int_equal(arch_arg(&p->ctx, 0), 5);
	assert_int_equal(arch_arg(&p->ctx, 2), 7);
}

static void test_wait_any_finds_records_latched_while_the_queue_was_full(void **state)
{
	(void)state;
	uint32_t list = p->mem_start + 0x100;
	const uint32_t ids[] = { TEST_DRIVER_NUM, 3, TEST_DRIVER_NUM, 1 };
	put_list(list, ids, 2);
	for (unsigned i = 0; i < CONFIG_UPCALL_QUEUE_LEN; i++)
		assert_true(upcall_schedule(p, drv, 2, i, 0, 0));   /* fills the queue, not listed */
	assert_true(upcall_schedule(p, drv, 1, 4, 5, 6));       /* latched */
	assert_true(upcall_schedule(p, drv, 3, 7, 8, 9));       /* latched */
	struct env_ret r = env_yield(p, YIELD_WAIT_ANY, list, 2, 0);
	assert_int_equal(r.blocked, TRAP_RESUME);
	assert_int_equal(r.a[0], 0);   /* list order among latched records */
	assert_int_equal(r.a[1], 7);
	r = env_yield(p, YIELD_WAIT_ANY, list, 2, 0);
	assert_int_equal(r.a[0], 1);
	assert_int_equal(r.a[3], 6);
	r = env_yield(p, YIELD_WAIT_ANY, list, 2, 0);
	assert_int_equal(r.blocked, TRAP_TO_KERNEL);
	/* A restart forgets latched records with the rest of the grant. */
	assert_true(upcall_schedule(p, drv, 0, 7, 8, 9));   /* not waited for: latched (queue full) */
	assert_int_equal(p->upcall_latched, 1);
	process_restart(p);
	assert_int_equal(p->upcall_latched, 0);
	assert_true(upcall_schedule(p, drv, 1, 1, 1, 1));   /* queue empty again: queued */
	assert_int_equal(p->upcall_count, 1);
}

static void test_wait_any_returns_the_first_queued_event_in_the_list(void **state)
{
	(void)state;
	uint32_t list = p->mem_start + 0x100;
	const uint32_t ids[] = { TEST_DRIVER_NUM, 3, TEST_DRIVER_NUM, 1, ALARM_DRIVER_NUM, 0 };
	put_list(list, ids, 3);
	upcall_schedule(p, drv, 2, 9, 9, 9);   /* not listed */
	upcall_schedule(p, drv, 1, 4, 5, 6);   /* listed second, queued first */
	upcall_schedule(p, drv, 3, 7, 8, 9);
	struct env_ret r = env_yield(p, YIELD_WAIT_ANY, list, 3, 0);
	assert_int_equal(r.blocked, TRAP_RESUME);
	assert_int_equal(r.a[0], 1);
	assert_int_equal(r.a[1], 4);
	assert_int_equal(r.a[2], 5);
	assert_int_equal(r.a[3], 6);
	r = env_yield(p, YIELD_WAIT_ANY, list, 3 | WAIT_ANY_HAS_DEADLINE, (uint32_t)fake_time.now - 5);
	assert_int_equal(r.a[0], 0);   /* a queued event wins over a passed deadline */
	assert_int_equal(r.a[1], 7);
	assert_int_equal(p->upcall_count, 1);
	/* The list may live in flash too. */
	r = env_yield(p, YIELD_WAIT_ANY, p->app_start, 1 | WAIT_ANY_HAS_DEADLINE, (uint32_t)fake_time.now);
	assert_int_equal(r.a[0], WAIT_ANY_TIMEOUT);
}

static void test_wait_any_blocks_until_an_event_and_cancels_its_deadline(void **state)
{
	(void)state;
	uint32_t list = p->mem_start + 0x40;
	const uint32_t ids[] = { TEST_DRIVER_NUM, 2 };
	put_list(list, ids, 1);
	subscribe(2, 1);   /* subscribed or not, the wait takes the event without running it */
	struct env_ret r = env_yield(p, YIELD_WAIT_ANY, list, 1 | WAIT_ANY_HAS_DEADLINE,
				     (uint32_t)fake_time.now + 1000);
	assert_int_equal(r.blocked, TRAP_TO_KERNEL);
	assert_int_equal(p->state, PS_YIELDED_FOR);
	assert_true(kstate_deadline_armed());
	env_advance(500);
	assert_int_equal(p->state, PS_YIELDED_FOR);
	upcall_schedule(p, drv, 2, 11, 12, 13);
	assert_int_equal(p->state, PS_RUNNABLE);
	assert_int_equal(arch_arg(&p->ctx, 0), 0);
	assert_int_equal(arch_arg(&p->ctx, 1), 11);
	assert_int_equal(arch_arg(&p->ctx, 3), 13);
	assert_false(kstate_deadline_armed());
	assert_int_equal(p->has_deadline, 0);
	env_advance(1000);
	assert_int_equal(arch_arg(&p->ctx, 0), 0);   /* the old deadline changes nothing */
}

static void test_wait_any_deadline_wakes_the_process_with_timeout(void **state)
{
	(void)state;
	/* Deadlines are 32-bit ticks and wrap: start just before the counter's low word does. */
	fake_time.now = 0x1fffffff00ull;
	uint32_t deadline = (uint32_t)fake_time.now + 0x200;   /* 0x100 after the wrap */
	struct env_ret r = env_yield(p, YIELD_WAIT_ANY, 0, WAIT_ANY_HAS_DEADLINE, deadline);
	assert_int_equal(r.blocked, TRAP_TO_KERNEL);
	r = env_yield(q, YIELD_WAIT_ANY, 0, WAIT_ANY_HAS_DEADLINE, deadline + 0x100);
	assert_int_equal(r.blocked, TRAP_TO_KERNEL);
	env_advance(0x1ff);
	assert_int_equal(p->state, PS_YIELDED_FOR);
	env_advance(1);
	assert_int_equal(p->state, PS_RUNNABLE);
	assert_int_equal(arch_arg(&p->ctx, 0), WAIT_ANY_TIMEOUT);
	assert_int_equal(q->state, PS_YIELDED_FOR);
	assert_true(kstate_deadline_armed());
	env_advance(0x100);
	assert_int_equal(q->state, PS_RUNNABLE);
	assert_int_equal(arch_arg(&q->ctx, 0), WAIT_ANY_TIMEOUT);
	assert_false(kstate_deadline_armed());
	/* A deadline already reached returns at once. */
	r = env_yield(p, YIELD_WAIT_ANY, 0, WAIT_ANY_HAS_DEADLINE, (uint32_t)fake_time.now);
	assert_int_equal(r.blocked, TRAP_RESUME);
	assert_int_equal(r.a[0], WAIT_ANY_TIMEOUT);
	r = env_yield(p, YIELD_WAIT_ANY, 0, WAIT_ANY_HAS_DEADLINE, (uint32_t)fake_time.now - 0x7fffffff);
	assert_int_equal(r.a[0], WAIT_ANY_TIMEOUT);
}

/* The deadline rule at the edge of the 32-bit window (docs/abi.md): a deadline is in the future
 * iff it is 1 .. 2^31 - 1 ticks ahead. Regression: a deadline exactly 2^31 ahead was "not
 * reached" for the wait but "past" for the alarm (valarm_expand), so the kernel re-armed the
 * deadline alarm in the past in an endless loop (env_run aborts on that) and the wait never
 * ended. */
static void test_wait_any_deadline_at_the_edge_of_the_window(void **state)
{
	(void)state;
	fake_time.now = 0x500000010ull;   /* far from time 0: no clamping in valarm_expand */
	uint32_t now = (uint32_t)fake_time.now;
	/* q keeps a deadline of its own armed throughout. */
	assert_int_equal(env_yield(q, YIELD_WAIT_ANY, 0, WAIT_ANY_HAS_DEADLINE, now + 0x10).blocked,
			 TRAP_TO_KERNEL);

	/* 2^31 - 1 ahead: the farthest deadline in the future; the wait ends exactly then. */
	struct env_ret r = env_yield(p, YIELD_WAIT_ANY, 0, WAIT_ANY_HAS_DEADLINE, now + 0x7fffffffu);
	assert_int_equal(r.blocked, TRAP_TO_KERNEL);
	assert_int_equal(p->state, PS_YIELDED_FOR);
	env_run();
	assert_int_equal(fake_time.deadline, fake_time.now + 0x10);   /* q's comes first */
	env_advance(0x10);
	assert_int_equal(q->state, PS_RUNNABLE);
	assert_int_equal(fake_time.deadline, 0x500000010ull + 0x7fffffffu);
	env_advance(0x7fffffffu - 0x10 - 1);
	assert_int_equal(p->state, PS_YIELDED_FOR);
	env_advance(1);
	assert_int_equal(p->state, PS_RUNNABLE);
	assert_int_equal(arch_arg(&p->ctx, 0), WAIT_ANY_TIMEOUT);
	assert_false(kstate_deadline_armed());

	/* 2^31 ahead reads as 2^31 behind: reached, the wait ends at once, nothing is armed. */
	now = (uint32_t)fake_time.now;
	assert_int_equal(env_yield(q, YIELD_WAIT_ANY, 0, WAIT_ANY_HAS_DEADLINE, now + 0x10).blocked,
			 TRAP_TO_KERNEL);
	r = env_yield(p, YIELD_WAIT_ANY, 0, WAIT_ANY_HAS_DEADLINE, now + 0x80000000u);
	assert_int_equal(r.blocked, TRAP_RESUME);
	assert_int_equal(r.a[0], WAIT_ANY_TIMEOUT);
	assert_int_equal(p->state, PS_RUNNABLE);
	env_run();
	assert_int_equal(fake_time.deadline, fake_time.now + 0x10);   /* only q's deadline */
	/* 2^31 + 1 ahead (2^31 - 1 behind): reached too. */
	r = env_yield(p, YIELD_WAIT_ANY, 0, WAIT_ANY_HAS_DEADLINE, now + 0x80000001u);
	assert_int_equal(r.blocked, TRAP_RESUME);
	assert_int_equal(r.a[0], WAIT_ANY_TIMEOUT);
	env_run();
	assert_int_equal(fake_time.deadline, fake_time.now + 0x10);
	assert_int_equal(q->state, PS_YIELDED_FOR);

	/* valarm_expand places each of them on the same side of now. */
	assert_int_equal(valarm_expand(now + 0x7fffffffu), fake_time.now + 0x7fffffffu);
	assert_int_equal(valarm_expand(now + 0x80000000u), fake_time.now - 0x80000000u);
	assert_int_equal(valarm_expand(now + 0x80000001u), fake_time.now - 0x7fffffffu);
	assert_int_equal(valarm_expand(now), fake_time.now);
	assert_int_equal(valarm_expand(now + 1), fake_time.now + 1);
}

static void test_wait_any_rejects_bad_arguments(void **state)
{
	(void)state;
	uint32_t list = p->mem_start + 0x80;
	struct { uint32_t list, spec; } bad[] = {
		{ list, 0 },                                     /* count 0 without deadline */
		{ list, 9 },                                     /* count > 8 */
		{ list, 0xff | WAIT_ANY_HAS_DEADLINE },
		{ list, 1 | 0x200 },                             /* unknown flag bit */
		{ list, 1u << 31 | WAIT_ANY_HAS_DEADLINE },
		{ list + 2, 1 },                                 /* misaligned */
		{ env.kernel_area, 1 },
		{ q->mem_start, 1 },
		{ p->app_brk - 8, 2 },                           /* runs past the break */
		{ p->kernel_brk, 1 },
		{ p->flash_start, 1 },                           /* the protected header */
		{ 0xfffffff8u, 2 },                              /* wraps */
		{ 0, 1 },
	};
	for (unsigned i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct env_ret r = env_yield(p, YIELD_WAIT_ANY, bad[i].list, bad[i].spec, 0);
		assert_int_equal(r.blocked, TRAP_RESUME);
		assert_int_equal(r.a[0], WAIT_ANY_BADARGS);
		assert_int_equal(r.a[1], ERR_INVAL);
		assert_int_equal(p->state, PS_RUNNABLE);
	}
	assert_int_equal(env_yield(p, YIELD_WAIT_ANY, p->app_brk - 8, 1, 0).blocked, TRAP_TO_KERNEL);
}

static void test_unknown_yield_numbers_fault_the_process(void **state)
{
	(void)state;
	const uint32_t bad[] = { 3, 0xff, 0x103, 0xffffffffu };   /* 0x101, 0x102: IPC (docs/ipc.md) */
	for (unsigned i = 0; i < 4; i++) {
		struct process *x = i % 2 ? q : p;
		uint8_t faults = x->faults;
		assert_int_equal(env_yield(x, bad[i], 0, 0, 0).blocked, TRAP_CONTEXT_REPLACED);
		assert_int_equal(x->faults, faults + 1);
	}
	env_run();
	assert_non_null(strstr(fake_uart.out, "invalid yield number"));
	/* The IPC yields exist even on a kernel without the IPC driver: they fail, no fault. */
	struct env_ret r = env_yield(p, YIELD_IPC_CALL, 0, 0, 0);
	assert_int_equal(r.blocked, TRAP_RESUME);
	assert_int_equal(r.a[0], TICK_IPC_FAILED);
	assert_int_equal(r.a[1], ERR_NODEVICE);
	assert_int_equal(env_yield(q, YIELD_IPC_RECV, 0, 0, 0).a[1], ERR_NODEVICE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_no_wait_delivers_one_upcall_and_sets_the_flag, setup),
		cmocka_unit_test_setup(test_no_wait_ignores_records_and_writes_the_flag_only_in_app_ram, setup),
		cmocka_unit_test_setup(test_wait_blocks_until_an_upcall_can_run, setup),
		cmocka_unit_test_setup(test_wait_with_a_queued_upcall_delivers_at_once, setup),
		cmocka_unit_test_setup(test_wait_for_takes_the_first_matching_event_call_or_record, setup),
		cmocka_unit_test_setup(test_wait_any_returns_the_first_queued_event_in_the_list, setup),
		cmocka_unit_test_setup(test_wait_any_finds_records_latched_while_the_queue_was_full, setup),
		cmocka_unit_test_setup(test_wait_any_blocks_until_an_event_and_cancels_its_deadline, setup),
		cmocka_unit_test_setup(test_wait_any_deadline_wakes_the_process_with_timeout, setup),
		cmocka_unit_test_setup(test_wait_any_deadline_at_the_edge_of_the_window, setup),
		cmocka_unit_test_setup(test_wait_any_rejects_bad_arguments, setup),
		cmocka_unit_test_setup(test_unknown_yield_numbers_fault_the_process, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
