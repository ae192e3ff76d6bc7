/* Unit tests of the alarm capsule (capsules/alarm.c) and the virtual alarm mux (kernel/valarm.c) on fake time. */
/* sources: @kernel_env */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <tick/valarm.h>
#include "fakes/env.h"

static struct process *p, *q;

static int setup(void **state)
{
	(void)state;
	env_init();
	p = env_proc_default(0);
	q = env_proc_default(1);
	return 0;
}

static struct env_ret alarm_cmd(struct process *x, uint32_t cmd, uint32_t a0, uint32_t a1)
{
	return env_command(x, ALARM_DRIVER_NUM, cmd, a0, a1);
}

/* x got exactly one alarm upcall (now, expiration, 0) with now >= expiration. */
static void assert_fired(struct process *x, uint32_t expiration)
{
	struct process_kernel_area *ka = env_ka(x);
	assert_int_equal(x->upcall_count, 1);
	assert_int_equal(env_entry(ka, 0).driver, ALARM_DRIVER_NUM);
	assert_int_equal(env_entry(ka, 0).subscribe, 0);
	assert_int_equal(env_entry(ka, 0).arg[1], expiration);
	assert_true((int32_t)(env_entry(ka, 0).arg[0] - expiration) >= 0);
	assert_int_equal(env_entry(ka, 0).arg[0], (uint32_t)fake_time.now);
	assert_int_equal(env_entry(ka, 0).arg[2], 0);
	upcall_remove(x, 0);
}

static void test_frequency_and_now(void **state)
{
	(void)state;
	assert_int_equal(alarm_cmd(p, 0, 0, 0).a[0], SYSRET_SUCCESS);
	struct env_ret r = alarm_cmd(p, 1, 0, 0);
	assert_int_equal(r.a[0], SYSRET_SUCCESS_U32);
	assert_int_equal(r.a[1], FAKE_TIME_HZ);
	fake_time.now = 0x123456789abull;
	r = alarm_cmd(p, 2, 0, 0);
	assert_int_equal(r.a[0], SYSRET_SUCCESS_U32);
	assert_int_equal(r.a[1], 0x456789abu);   /* the low 32 bits */
	assert_int_equal(alarm_cmd(p, 7, 0, 0).a[1], ERR_NOSUPPORT);
}

static void test_relative_alarm_fires_at_its_expiry_not_before(void **state)
{
	(void)state;
	env_subscribe(p, ALARM_DRIVER_NUM, 0, env_fn(p, 3), 0xabc);
	uint32_t now = (uint32_t)fake_time.now;
	struct env_ret r = alarm_cmd(p, 5, 500, 0);
	assert_int_equal(r.a[0], SYSRET_SUCCESS_U32);
	assert_int_equal(r.a[1], now + 500);
	assert_true(fake_time.armed);
	assert_int_equal(fake_time.deadline, fake_time.now + 500);
	env_advance(499);
	assert_int_equal(p->upcall_count, 0);
	env_advance(3);
	assert_int_equal(env_entry(env_ka(p), 0).call, 1);
	struct env_entry e = env_entry(env_ka(p), 0);
	uint16_t id = env_ka(p)->id[0];
	upcall_deliver(p, 0);   /* the subscription's function and appdata */
	assert_int_equal(p->ctx.pc, env_fn(p, 3));
	assert_int_equal(arch_arg(&p->ctx, 3), 0xabc);
	env_push(p, id, e.arg[0], e.arg[1], e.arg[2]);   /* back, for assert_fired */
	assert_fired(p, now + 500);
	assert_false(fake_time.armed);
	env_advance(1000);
	assert_int_equal(p->upcall_count, 0);   /* once only */
	assert_int_equal(alarm_cmd(p, 3, 0, 0).a[1], ERR_ALREADY);
}

static void test_absolute_alarm_with_reference_in_the_past_or_future(void **state)
{
	(void)state;
	uint32_t now = (uint32_t)fake_time.now;
	struct env_ret r = alarm_cmd(p, 6, now - 100, 300);
	assert_int_equal(r.a[1], now + 200);
	r = alarm_cmd(q, 6, now + 1000, 10);
	assert_int_equal(r.a[1], now + 1010);
	env_advance(200);
	assert_fired(p, now + 200);
	assert_int_equal(q->upcall_count, 0);
	env_advance(809);
	assert_int_equal(q->upcall_count, 0);
	env_advance(1);
	assert_fired(q, now + 1010);
	/* An expiry already past fires at once. */
	r = alarm_cmd(p, 6, (uint32_t)fake_time.now - 50, 20);
	assert_int_equal(p->upcall_count, 0);
	env_run();
	assert_fired(p, (uint32_t)fake_time.now - 30);
	alarm_cmd(p, 5, 0, 0);
	env_run();
	assert_fired(p, (uint32_t)fake_time.now);
}

static void test_32_bit_ticks_wrap_around(void **state)
{
	(void)state;
	fake_time.now = 0x2ffffff00ull;
	struct env_ret r = alarm_cmd(p, 5, 0x200, 0);
	assert_int_equal(r.a[1], 0x100);
	assert_int_equal(fake_time.deadline, 0x300000100ull);
	env_advance(0x1ff);
	assert_int_equal(p->upcall_count, 0);
	env_advance(1);
	assert_fired(p, 0x100);
	/* A reference just before the wrap, now just after it. */
	fake_time.now = 0x400000010ull;
	r = alarm_cmd(p, 6, 0xfffffff0u, 0x40);
	assert_int_equal(r.a[1], 0x30);
	assert_int_equal(fake_time.deadline, 0x400000030ull);
	env_advance(0x20);
	assert_fired(p, 0x30);
}

static void test_rearming_replaces_and_stop_cancels(void **state)
{
	(void)state;
	uint32_t now = (uint32_t)fake_time.now;
	alarm_cmd(p, 5, 100, 0);
	alarm_cmd(p, 5, 300, 0);
	env_advance(200);
	assert_int_equal(p->upcall_count, 0);
	env_advance(100);
	assert_fired(p, now + 300);
	alarm_cmd(p, 5, 100, 0);
	assert_int_equal(alarm_cmd(p, 3, 0, 0).a[0], SYSRET_SUCCESS);
	assert_int_equal(alarm_cmd(p, 3, 0, 0).a[1], ERR_ALREADY);
	assert_int_equal(alarm_cmd(q, 3, 0, 0).a[1], ERR_ALREADY);   /* never armed, no grant */
	assert_false(fake_time.armed);
	env_advance(1000);
	assert_int_equal(p->upcall_count, 0);
}

static void test_several_processes_share_the_hardware_alarm(void **state)
{
	(void)state;
	struct process *r3 = env_proc_default(3);
	uint32_t now = (uint32_t)fake_time.now;
	alarm_cmd(p, 5, 300, 0);
	alarm_cmd(q, 5, 100, 0);
	alarm_cmd(r3, 5, 200, 0);
	assert_int_equal(fake_time.deadline, fake_time.now + 100);
	env_advance(100);
	assert_fired(q, now + 100);
	assert_int_equal(fake_time.deadline, fake_time.now + 100);
	assert_int_equal(alarm_cmd(r3, 3, 0, 0).a[0], SYSRET_SUCCESS);
	assert_int_equal(fake_time.deadline, fake_time.now + 200);
	env_advance(500);
	assert_fired(p, now + 300);
	assert_int_equal(r3->upcall_count, 0);
	assert_int_equal(q->upcall_count, 0);
	/* Two expiries at the same tick both fire. */
	alarm_cmd(p, 5, 10, 0);
	alarm_cmd(q, 5, 10, 0);
	env_advance(10);
	assert_fired(p, now + 610);
	assert_fired(q, now + 610);
}

static void test_a_restarted_process_loses_its_alarm(void **state)
{
	(void)state;
	alarm_cmd(p, 5, 100, 0);
	alarm_cmd(q, 5, 150, 0);
	assert_int_equal(env_syscall(p, SYS_EXIT, 1, 0, 0, 0).blocked, TRAP_CONTEXT_REPLACED);
	env_advance(200);
	assert_int_equal(p->upcall_count, 0);
	assert_int_equal(q->upcall_count, 1);
	assert_int_equal(alarm_cmd(p, 3, 0, 0).a[1], ERR_ALREADY);
	process_terminate(q, 0);
	alarm_cmd(p, 5, 10, 0);
	env_advance(10);
	assert_int_equal(p->upcall_count, 1);
	assert_false(fake_time.armed);
}

/* Each alarm lives in its process's grant and is linked into the mux's list: when the process
 * ends, the list must let go of it before the memory is reused. Here the ended process's
 * block is then overwritten (another app placed there) while the alarms before and after its
 * own in the list are still armed; they must fire as set, and a dropped head re-programs the
 * compare. */
static void test_an_ended_process_alarm_leaves_the_list_before_its_memory_is_reused(void **state)
{
	(void)state;
	struct process *r3 = env_proc_default(3);
	uint32_t now = (uint32_t)fake_time.now;
	alarm_cmd(p, 5, 100, 0);
	alarm_cmd(q, 5, 200, 0);
	alarm_cmd(r3, 5, 300, 0);
	process_terminate(q, 0);   /* the middle of the list */
	memset(env_mem(q->mem_start), 0xa5, q->mem_end - q->mem_start);
	assert_int_equal(fake_time.deadline, fake_time.now + 100);
	env_advance(100);
	assert_fired(p, now + 100);
	assert_int_equal(fake_time.deadline, fake_time.now + 200);
	alarm_cmd(p, 5, 50, 0);
	process_terminate(p, 0);   /* the head: r3's expiry is programmed */
	memset(env_mem(p->mem_start), 0xa5, p->mem_end - p->mem_start);
	assert_int_equal(fake_time.deadline, fake_time.now + 200);
	env_advance(200);
	assert_fired(r3, now + 300);
	assert_false(fake_time.armed);
}

static void test_reference_before_boot_fires_at_once(void **state)
{
	(void)state;
	/* Regression (was a known kernel bug, now fixed): kernel/valarm.c valarm_expand returns
	 * now + (int32_t)(ticks32 - now32) as uint64 without clamping, so while the 64-bit time is
	 * below 2^31 a reference "in the past" before time 0 becomes ~2^64; capsules/alarm.c
	 * then arms expiry ~2^64 - x, which never fires (should fire at once). */
	uint32_t now = (uint32_t)fake_time.now;   /* 1000 */
	alarm_cmd(p, 6, now - 2000, 500);
	env_run();
	assert_int_equal(p->upcall_count, 1);
}

/* valarm mux directly. */
static struct valarm va, vb;
static unsigned fired_a, fired_b;

static void on_a(struct valarm *a)
{
	(void)a;
	fired_a++;
	if (fired_a == 1)
		valarm_set(&va, valarm_now() + 50);   /* re-arm from the callback */
}

static void on_b(struct valarm *a)
{
	(void)a;
	fired_b++;
	valarm_cancel(&va);
}

static void test_valarm_mux_orders_rearms_and_cancels(void **state)
{
	(void)state;
	va = (struct valarm){ .fired = on_a };
	vb = (struct valarm){ .fired = on_b };
	fired_a = fired_b = 0;
	uint64_t t0 = fake_time.now;
	valarm_set(&va, t0 + 10);
	valarm_set(&vb, t0 + 100);
	assert_int_equal(fake_time.deadline, t0 + 10);
	valarm_set(&va, t0 + 20);   /* replaces */
	assert_int_equal(fake_time.deadline, t0 + 20);
	env_advance(20);
	assert_int_equal(fired_a, 1);
	assert_true(va.armed);
	assert_int_equal(fake_time.deadline, t0 + 70);
	env_advance(100);              /* both due: the earlier first, b cancels nothing left */
	assert_int_equal(fired_a, 2);
	assert_int_equal(fired_b, 1);
	assert_false(fake_time.armed);
	valarm_cancel(&vb);            /* not armed: no-op */
	valarm_set(&va, t0 + 500);
	valarm_set(&vb, t0 + 400);
	env_advance(400);
	assert_int_equal(fired_b, 2);
	assert_false(va.armed);        /* b cancelled a */
	assert_int_equal(fired_a, 2);
	assert_int_equal(valarm_frequency(), FAKE_TIME_HZ);
}

static void test_valarm_programs_the_compare_only_for_a_new_earliest(void **state)
{
	(void)state;
	va = (struct valarm){ .fired = on_a };
	vb = (struct valarm){ .fired = on_b };
	fired_a = fired_b = 0;
	uint64_t t0 = fake_time.now;
	unsigned sets = fake_time.sets;
	valarm_set(&va, t0 + 10);
	assert_int_equal(fake_time.sets, sets + 1);
	valarm_set(&vb, t0 + 100);                  /* later than the head: compare unchanged */
	assert_int_equal(fake_time.sets, sets + 1);
	assert_int_equal(fake_time.deadline, t0 + 10);
	valarm_set(&vb, t0 + 5);                    /* the new earliest */
	assert_int_equal(fake_time.deadline, t0 + 5);
	valarm_cancel(&vb);                         /* the head goes: the next one is programmed */
	assert_int_equal(fake_time.deadline, t0 + 10);
	valarm_set(&vb, t0 + 10);                   /* equal deadlines fire in arming order */
	env_advance(10);
	assert_int_equal(fired_a + fired_b, 2);
	assert_false(va.armed || vb.armed);
}

static struct valarm three[3];
static unsigned fired_three[3];

static void on_three(struct valarm *a)
{
	fired_three[a - three]++;
}

static void test_valarm_drop_within_unlinks_only_that_memory(void **state)
{
	(void)state;
	for (unsigned i = 0; i < 3; i++) {
		three[i] = (struct valarm){ .fired = on_three };
		fired_three[i] = 0;
	}
	uint64_t t0 = fake_time.now;
	valarm_set(&three[0], t0 + 10);
	valarm_set(&three[2], t0 + 30);
	valarm_set(&three[1], t0 + 20);
	valarm_drop_within((uintptr_t)&three[1], (uintptr_t)&three[2]);   /* the middle one */
	assert_int_equal(fake_time.deadline, t0 + 10);
	valarm_drop_within((uintptr_t)&three[0], (uintptr_t)&three[1]);   /* the head */
	assert_int_equal(fake_time.deadline, t0 + 30);
	valarm_drop_within((uintptr_t)&va, (uintptr_t)&va + sizeof va);   /* none of them */
	env_advance(30);
	assert_int_equal(fired_three[0] + fired_three[1], 0);
	assert_int_equal(fired_three[2], 1);
	assert_false(fake_time.armed);
}

static void test_valarm_expand_picks_the_nearest_time(void **state)
{
	(void)state;
	fake_time.now = 0x500000000ull + 0x10;
	assert_int_equal(valarm_expand(0x20), 0x500000020ull);
	assert_int_equal(valarm_expand(0x0), 0x500000000ull);
	assert_int_equal(valarm_expand(0xfffffff0u), 0x4fffffff0ull);
	assert_int_equal(valarm_expand(0x80000010u - 1), 0x500000010ull + 0x7fffffff);
	assert_int_equal(valarm_expand(0x80000010u), 0x500000010ull - 0x80000000ull);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_frequency_and_now, setup),
		cmocka_unit_test_setup(test_relative_alarm_fires_at_its_expiry_not_before, setup),
		cmocka_unit_test_setup(test_absolute_alarm_with_reference_in_the_past_or_future, setup),
		cmocka_unit_test_setup(test_32_bit_ticks_wrap_around, setup),
		cmocka_unit_test_setup(test_rearming_replaces_and_stop_cancels, setup),
		cmocka_unit_test_setup(test_several_processes_share_the_hardware_alarm, setup),
		cmocka_unit_test_setup(test_a_restarted_process_loses_its_alarm, setup),
		cmocka_unit_test_setup(test_an_ended_process_alarm_leaves_the_list_before_its_memory_is_reused, setup),
		cmocka_unit_test_setup(test_reference_before_boot_fires_at_once, setup),
		cmocka_unit_test_setup(test_valarm_mux_orders_rearms_and_cancels, setup),
		cmocka_unit_test_setup(test_valarm_programs_the_compare_only_for_a_new_earliest, setup),
		cmocka_unit_test_setup(test_valarm_drop_within_unlinks_only_that_memory, setup),
		cmocka_unit_test_setup(test_valarm_expand_picks_the_nearest_time, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
