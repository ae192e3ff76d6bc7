/* Unit tests of grants (kernel/grant.c): lazy allocation above the break, layout, NOMEM, reset on restart, iteration. */
/* sources: @kernel_env */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <tick/ipc_legacy.h>
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

static void test_kernel_area_sits_at_the_top_and_grants_start_empty(void **state)
{
	(void)state;
	struct process_kernel_area *ka = env_ka(p);
	assert_int_equal((uintptr_t)ka + sizeof *ka, p->mem_end);
	assert_true(p->kernel_brk <= lowmem_addr(ka));
	assert_int_equal(p->kernel_brk % 8, 0);
	assert_int_equal(p->upcall_count, 0);
	for (unsigned i = 0; i < CONFIG_GRANT_SLOTS; i++)
		assert_int_equal(ka->grant[i], 0);
	assert_int_equal(grant_bytes_used(p), p->mem_end - p->kernel_brk);
	assert_null(grant_peek(p, drv));
	assert_null(grant_upcall(p, drv, 0, false));
	assert_null(grant_allow(p, drv, ALLOW_RW, 0, false));
}

static void test_grant_is_allocated_once_on_first_use_and_zeroed(void **state)
{
	(void)state;
	uint32_t k = p->kernel_brk;
	assert_int_equal(grant_size(drv), (4 * sizeof(struct upcall_slot) + 6 * 8 + 12 + 7) & ~7u);
	memset(env_mem(k - grant_size(drv)), 0xee, grant_size(drv));   /* stale bytes */
	uint8_t *data = grant_enter(p, drv);
	assert_non_null(data);
	assert_int_equal(p->kernel_brk, k - grant_size(drv));
	assert_int_equal(env_ka(p)->grant[GRANT_TEST], p->mem_end - p->kernel_brk);
	assert_ptr_equal(kernel_area_grant(p, GRANT_TEST), env_mem(p->kernel_brk));
	assert_ptr_equal(data, env_mem(p->kernel_brk) + 4 * sizeof(struct upcall_slot) + 6 * 8);
	for (unsigned i = 0; i < grant_size(drv); i++)
		assert_int_equal(env_mem(p->kernel_brk)[i], 0);
	data[0] = 42;
	assert_ptr_equal(grant_enter(p, drv), data);
	assert_ptr_equal(grant_peek(p, drv), data);
	assert_int_equal(p->kernel_brk, k - grant_size(drv));
	assert_int_equal(grant_bytes_used(p), p->mem_end - p->kernel_brk);
	/* A second driver's grant goes below the first. */
	uint32_t k2 = p->kernel_brk;
	assert_non_null(grant_enter(p, &env.alarm.driver));
	assert_int_equal(p->kernel_brk, k2 - grant_size(&env.alarm.driver));
	assert_int_equal(data[0], 42);
	assert_null(env_check());
}

static void test_slots_of_each_class_are_separate(void **state)
{
	(void)state;
	struct allow_slot *rw0 = grant_allow(p, drv, ALLOW_RW, 0, true);
	struct allow_slot *rw1 = grant_allow(p, drv, ALLOW_RW, 1, false);
	struct allow_slot *ro0 = grant_allow(p, drv, ALLOW_RO, 0, false);
	struct allow_slot *ur1 = grant_allow(p, drv, ALLOW_UR, 1, false);
	struct upcall_slot *u3 = grant_upcall(p, drv, 3, false);
	assert_non_null(rw0);
	assert_ptr_equal(rw1, rw0 + 1);
	assert_ptr_equal(ro0, rw0 + 2);
	assert_ptr_equal(ur1, rw0 + 5);
	assert_ptr_equal((uint8_t *)u3, (uint8_t *)rw0 - sizeof(struct upcall_slot));
	assert_true((uint8_t *)(ur1 + 1) <= (uint8_t *)grant_peek(p, drv));
	assert_null(grant_allow(p, drv, ALLOW_RW, 2, true));
	assert_null(grant_allow(p, drv, ALLOW_RO, 2, true));
	assert_null(grant_allow(p, drv, ALLOW_UR, 2, true));
	assert_null(grant_allow(p, drv, 5, 0, true));
	assert_null(grant_upcall(p, drv, 4, true));
	assert_null(grant_allow(p, &env.alarm.driver, ALLOW_RW, 0, true));
	assert_null(grant_enter(p, &lldb_driver));   /* no grant slot */
}

static void test_grant_never_takes_memory_below_the_break(void **state)
{
	(void)state;
	uint32_t size = grant_size(drv);
	/* One word short: the grant would overlap app memory. */
	assert_int_equal(env_memop(p, 0, p->kernel_brk - size + 4).a[0], SYSRET_SUCCESS);
	assert_null(grant_enter(p, drv));
	assert_int_equal(env_memop(p, 0, p->kernel_brk - 4).a[0], SYSRET_SUCCESS);
	struct env_ret r = env_subscribe(p, TEST_DRIVER_NUM, 0, 0, 7);
	assert_int_equal(r.a[0], SYSRET_FAILURE_2U32);
	assert_int_equal(r.a[1], ERR_NOMEM);
	r = env_allow(p, SYS_ALLOW_RW, TEST_DRIVER_NUM, 0, p->mem_start, 4);
	assert_int_equal(r.a[1], ERR_NOMEM);
	assert_int_equal(env_command(p, CONSOLE_DRIVER_NUM, 1, 1, 0).a[1], ERR_NOMEM);
	assert_int_equal(env_command(p, ALARM_DRIVER_NUM, 5, 10, 0).a[1], ERR_NOMEM);
	assert_int_equal(env_command(p, ALARM_DRIVER_NUM, 3, 0, 0).a[1], ERR_ALREADY);
	/* Exactly enough. */
	assert_int_equal(env_memop(p, 0, p->kernel_brk - size).a[0], SYSRET_SUCCESS);
	assert_non_null(grant_enter(p, drv));
	assert_int_equal(p->kernel_brk, p->app_brk);
	assert_null(grant_enter(p, &env.console.driver));
	assert_null(env_check());
}

/* The kernel area names a grant by its distance from mem_end in 16 bits: a grant that would
 * lie further down is refused (as out of memory), never recorded truncated. */
static void test_grants_stay_within_64_kib_of_the_top(void **state)
{
	(void)state;
	struct process *b = env_proc(1, &(struct proc_opts){ .ram = ENV_RAM_MAX, .brk = ~0u });
	struct driver big = { .number = 0x7770, .grant_data_size = 0xfff0, .grant_slot = GRANT_TEST + 1 };
	struct driver fits = { .number = 0x7771, .grant_data_size = 0xff00, .grant_slot = GRANT_TEST + 2 };
	uint32_t k = b->kernel_brk;
	assert_true(b->mem_end - k + grant_size(&big) > UINT16_MAX);
	assert_true(k - b->app_brk >= grant_size(&big));   /* RAM is not what is short */
	assert_null(grant_enter(b, &big));
	assert_int_equal(b->kernel_brk, k);
	assert_null(kernel_area_grant(b, big.grant_slot));
	assert_true(b->mem_end - k + grant_size(&fits) <= UINT16_MAX);
	uint8_t *d = grant_enter(b, &fits);
	assert_non_null(d);
	assert_ptr_equal(kernel_area_grant(b, fits.grant_slot), env_mem(b->kernel_brk));
	assert_int_equal(b->kernel_brk, k - grant_size(&fits));
	assert_null(env_check());
}

static void test_small_process_runs_out_of_grant_memory(void **state)
{
	(void)state;
	struct process *s = env_proc(1, &(struct proc_opts){ .ram = KERNEL_AREA_SIZE + 88, .brk = ~0u });
	assert_int_equal(s->app_brk, s->mem_start + 4);   /* the first word is the app's */
	uint32_t room = s->kernel_brk - s->app_brk;
	assert_true(room >= grant_size(&env.alarm.driver));
	assert_true(room - grant_size(&env.alarm.driver) < grant_size(&env.console.driver));
	assert_int_equal(env_subscribe(s, ALARM_DRIVER_NUM, 0, 0, 0).a[0], SYSRET_SUCCESS_2U32);
	unsigned ok = 0;
	ok += env_subscribe(s, TEST_DRIVER_NUM, 0, 0, 0).a[0] == SYSRET_SUCCESS_2U32;
	ok += env_subscribe(s, CONSOLE_DRIVER_NUM, 0, 0, 0).a[0] == SYSRET_SUCCESS_2U32;
	assert_int_equal(ok, 0);
	assert_true(s->kernel_brk >= s->app_brk);
	assert_null(env_check());
}

static void test_restart_discards_grants(void **state)
{
	(void)state;
	uint32_t k = p->kernel_brk;
	env_subscribe(p, TEST_DRIVER_NUM, 1, env_fn(p, 0), 0);
	env_allow(p, SYS_ALLOW_RW, TEST_DRIVER_NUM, 0, p->mem_start, 8);
	upcall_schedule(p, drv, 1, 0, 0, 0);
	process_restart(p);
	assert_int_equal(p->kernel_brk, k);
	assert_null(grant_peek(p, drv));
	assert_int_equal(p->upcall_count, 0);
	assert_int_equal(p->allow_high_water, p->mem_start);
	uint8_t *b;
	uint32_t len;
	assert_false(grant_buffer(p, drv, ALLOW_RW, 0, &b, &len));
}

/* grant_first/grant_next visit exactly the live processes holding the grant, in slot order,
 * with the data grant_peek gives; process_next visits every loaded process. */
static void test_iteration_visits_live_holders_in_slot_order(void **state)
{
	(void)state;
	struct process *q[5] = { p };
	for (unsigned i = 1; i < 5; i++)
		q[i] = env_proc_default(i + 1);   /* slot 1 stays empty */
	assert_non_null(grant_enter(q[0], drv));
	assert_non_null(grant_enter(q[2], drv));
	assert_non_null(grant_enter(q[3], drv));
	assert_non_null(grant_enter(q[4], drv));
	assert_non_null(grant_enter(q[1], &env.alarm.driver));   /* another driver's grant only */
	process_terminate(q[3], 0);
	assert_non_null(grant_enter(q[3], drv));   /* holds the grant again, but has ended: skipped */
	struct process *seen[CONFIG_MAX_PROCS];
	unsigned n = 0;
	for (struct grant_ref r = grant_first(drv); r.p; r = grant_next(drv, r.p)) {
		assert_true(n < CONFIG_MAX_PROCS);
		assert_ptr_equal(r.data, grant_peek(r.p, drv));
		seen[n++] = r.p;
	}
	assert_int_equal(n, 3);
	assert_ptr_equal(seen[0], q[0]);
	assert_ptr_equal(seen[1], q[2]);
	assert_ptr_equal(seen[2], q[4]);
	assert_null(grant_first(&lldb_driver).p);                 /* no grant slot at all */
	n = 0;
	for (struct process *x = process_next(NULL); x; x = process_next(x))
		assert_ptr_equal(x, q[n++]);                          /* the ended one too */
	assert_int_equal(n, 5);
	assert_int_equal(process_count(), 5);
}

/* Regression (libtock-c's services/unit_test_supervisor on rv32): newlib's stdio grows the break
 * past the app heap into the kernel-heap part of the TBF's minimum RAM, leaving 424 bytes, and
 * then the service needs three grants: Tock's IPC (it registers), the alarm and the console
 * (its first printf). Tock's grants fit in that; Tick's must too. */
static void test_libtock_c_supervisor_grants_fit_in_424_bytes(void **state)
{
	(void)state;
	static struct ipc_legacy ipc;
	ipc_legacy_init(&ipc, GRANT_TEST + 1);
	env_add_driver(&ipc.driver);
	struct env_ret r = env_memop(p, 0, p->kernel_brk - 424);   /* memop brk */
	assert_int_equal(r.a[0], 0x80);                             /* success */
	assert_int_equal(p->kernel_brk - p->app_brk, 424);
	print_message("grant sizes: ipc %u, alarm %u, console %u\n", (unsigned)grant_size(&ipc.driver),
		      (unsigned)grant_size(&env.alarm.driver), (unsigned)grant_size(&env.console.driver));
	assert_non_null(grant_enter(p, &ipc.driver));
	assert_non_null(grant_enter(p, &env.alarm.driver));
	assert_non_null(grant_enter(p, &env.console.driver));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_kernel_area_sits_at_the_top_and_grants_start_empty, setup),
		cmocka_unit_test_setup(test_grant_is_allocated_once_on_first_use_and_zeroed, setup),
		cmocka_unit_test_setup(test_slots_of_each_class_are_separate, setup),
		cmocka_unit_test_setup(test_grant_never_takes_memory_below_the_break, setup),
		cmocka_unit_test_setup(test_grants_stay_within_64_kib_of_the_top, setup),
		cmocka_unit_test_setup(test_small_process_runs_out_of_grant_memory, setup),
		cmocka_unit_test_setup(test_restart_discards_grants, setup),
		cmocka_unit_test_setup(test_iteration_visits_live_holders_in_slot_order, setup),
		cmocka_unit_test_setup(test_libtock_c_supervisor_grants_fit_in_424_bytes, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
