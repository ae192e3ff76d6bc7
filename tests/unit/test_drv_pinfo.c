/* Unit tests of the process info capsule (0x10002): ids, ShortIds, names, counters and actions on processes. */
/* sources: @kernel_env capsules/process_info.c */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <capsules/process_info.h>
#include "test_drv_env.h"

#define PI PROCESS_INFO_DRIVER_NUM
static struct process_info pinfo;
static const char *const controllers[] = { "p0", "p", NULL };   /* the board's list: p only */
static struct process *p, *q, *r;

enum { BUF = 0x300 };

static int setup(void **state)
{
	(void)state;
	env_init();
	process_info_init(&pinfo, GRANT_DRV_A, controllers);
	drv_install(&pinfo.driver);
	p = env_proc_default(0);
	q = env_proc_default(1);
	r = env_proc_default(3);
	return 0;
}

static void lend(uint32_t len)
{
	memset(env_mem(p->mem_start + BUF), 0xaa, 64);
	assert_int_equal(env_allow(p, SYS_ALLOW_RW, PI, 0, p->mem_start + BUF, len).a[0], SYSRET_SUCCESS_2U32);
}

static uint32_t word(unsigned i)
{
	uint32_t v;
	memcpy(&v, env_mem(p->mem_start + BUF + 4 * i), 4);
	return v;
}

static uint32_t stat(struct process *x, unsigned i)
{
	lend(16);
	assert_int_equal(env_command(p, PI, 5, process_id(x), 0).a[0], SYSRET_SUCCESS);
	return word(i);
}

static struct env_ret act(struct process *x, uint32_t action)
{
	return env_command(p, PI, 6, process_id(x), action);
}

static void test_count_includes_ended_processes(void **state)
{
	(void)state;
	process_terminate(r, 0);
	struct env_ret v = env_command(p, PI, 1, 0, 0);
	assert_int_equal(v.a[0], SYSRET_SUCCESS_U32);
	assert_int_equal(v.a[1], 3);
	assert_int_equal(env_command(p, PI, 0, 0, 0).a[0], SYSRET_SUCCESS);
	assert_int_equal(env_command(p, PI, 7, 0, 0).a[1], ERR_NOSUPPORT);
}

static void test_ids_and_short_ids_fill_the_buffer_as_far_as_it_goes(void **state)
{
	(void)state;
	q->short_id = 0x1234;
	lend(64);
	struct env_ret v = env_command(p, PI, 2, 0, 0);
	assert_int_equal(v.a[0], SYSRET_SUCCESS_U32);
	assert_int_equal(v.a[1], 3);
	assert_int_equal(word(0), process_id(p));
	assert_int_equal(word(1), process_id(q));
	assert_int_equal(word(2), process_id(r));
	assert_int_equal(word(3), 0xaaaaaaaau);
	lend(6);
	v = env_command(p, PI, 3, 0, 0);
	assert_int_equal(v.a[1], 3);
	assert_int_equal(word(0), 0);
	assert_int_equal(word(1), 0xaaaaaaaau);   /* the second word does not fit */
	lend(8);
	env_command(p, PI, 3, 0, 0);
	assert_int_equal(word(1), 0x1234);
}

static void test_name_is_terminated_when_it_fits_and_its_length_returned(void **state)
{
	(void)state;
	lend(8);
	struct env_ret v = env_command(p, PI, 4, process_id(q), 0);
	assert_int_equal(v.a[0], SYSRET_SUCCESS_U32);
	assert_int_equal(v.a[1], 2);
	assert_string_equal((char *)env_mem(p->mem_start + BUF), "p1");
	lend(1);
	v = env_command(p, PI, 4, process_id(r), 0);
	assert_int_equal(v.a[1], 2);
	assert_int_equal(env_mem(p->mem_start + BUF)[0], 'p');
	assert_int_equal(env_mem(p->mem_start + BUF)[1], 0xaa);
}

static void test_unknown_or_stale_ids_are_inval(void **state)
{
	(void)state;
	uint32_t old = process_id(q);
	process_restart(q);   /* a new id */
	lend(16);
	assert_int_equal(env_command(p, PI, 4, old, 0).a[1], ERR_INVAL);
	assert_int_equal(env_command(p, PI, 5, old, 0).a[1], ERR_INVAL);
	assert_int_equal(env_command(p, PI, 6, 0x7u, 1).a[1], ERR_INVAL);
	assert_int_equal(env_command(p, PI, 5, 0x1ffu, 0).a[1], ERR_INVAL);
}

static void test_stats_report_counters_and_tock_state_numbers(void **state)
{
	(void)state;
	env_command(q, PI, 0, 0, 0);
	env_command(q, PI, 0, 0, 0);
	assert_int_equal(stat(q, 1), q->syscall_count);
	assert_int_equal(stat(q, 3), 0);   /* running */
	env_yield(q, YIELD_WAIT, 0, 0, 0);
	assert_int_equal(stat(q, 3), 1);
	env_yield(r, YIELD_WAIT_FOR, 1, 2, 0);
	assert_int_equal(stat(r, 3), 2);
	process_stop(q);
	assert_int_equal(stat(q, 3), 3);
	process_terminate(r, 0);
	assert_int_equal(stat(r, 3), 5);
}

static void test_actions_stop_start_terminate_boot_fault(void **state)
{
	(void)state;
	assert_int_equal(act(q, PA_STOP).a[0], SYSRET_SUCCESS);
	assert_true(q->stopped);
	assert_int_equal(act(q, PA_STOP).a[1], ERR_INVAL);
	assert_int_equal(act(q, PA_START).a[0], SYSRET_SUCCESS);
	assert_false(q->stopped);
	assert_int_equal(act(q, PA_START).a[1], ERR_INVAL);
	assert_int_equal(act(q, PA_BOOT).a[1], ERR_INVAL);   /* it runs */
	assert_int_equal(act(q, PA_TERMINATE).a[0], SYSRET_SUCCESS);
	assert_int_equal(q->state, PS_TERMINATED);
	assert_int_equal(act(q, PA_TERMINATE).a[1], ERR_INVAL);
	assert_int_equal(act(q, PA_FAULT).a[1], ERR_INVAL);
	assert_int_equal(act(q, PA_BOOT).a[0], SYSRET_SUCCESS);
	assert_int_equal(q->state, PS_RUNNABLE);
	uint32_t id = process_id(q);
	assert_int_equal(act(q, PA_FAULT).a[0], SYSRET_SUCCESS);
	assert_int_equal(q->faults, 1);
	assert_int_equal(q->restarts, 1);
	assert_int_not_equal(process_id(q), id);
	assert_int_equal(act(q, 9).a[1], ERR_INVAL);
	assert_null(env_check());
}

static void test_a_process_cannot_act_on_itself(void **state)
{
	(void)state;
	for (uint32_t a = PA_START; a <= PA_BOOT; a++)
		assert_int_equal(act(p, a).a[1], ERR_INVAL);
	assert_int_equal(p->state, PS_RUNNABLE);
	assert_false(p->stopped);
}

static void test_only_apps_the_board_names_may_act_on_others(void **state)
{
	(void)state;
	/* Regression: any app could stop, fault, terminate or boot any other. q ("p1") is not
	 * in the board's list (a prefix, "p", does not count). */
	env_run();
	fake_uart_clear();
	struct env_ret v = env_command(q, PI, 6, process_id(r), PA_STOP);
	assert_int_equal(v.a[0], SYSRET_FAILURE);
	assert_int_equal(v.a[1], ERR_NODEVICE);
	assert_false(r->stopped);
	assert_int_equal(env_command(q, PI, 6, process_id(r), PA_FAULT).a[1], ERR_NODEVICE);
	assert_int_equal(env_command(q, PI, 6, process_id(r), 77).a[1], ERR_NODEVICE);
	assert_int_equal(r->faults, 0);
	env_run();
	assert_true(drv_output_has("[pinfo] 'p1' may not act on others (action 2): not listed by the board\n"));
	assert_true(drv_output_has("[pinfo] 'p1' may not act on others (action 3): not listed by the board\n"));
	assert_true(drv_output_has("[pinfo] 'p1' may not act on others (action 77): not listed by the board\n"));
	/* Reading stays open to all. */
	assert_int_equal(env_command(q, PI, 1, 0, 0).a[1], 3);
	assert_int_equal(env_command(q, PI, 5, process_id(r), 0).a[0], SYSRET_SUCCESS);
	/* The listed app may; a board that lists nobody refuses everybody. */
	assert_int_equal(env_command(p, PI, 6, process_id(r), PA_STOP).a[0], SYSRET_SUCCESS);
	assert_true(r->stopped);
	process_info_init(&pinfo, GRANT_DRV_A, NULL);
	assert_int_equal(env_command(p, PI, 6, process_id(r), PA_START).a[1], ERR_NODEVICE);
	assert_true(r->stopped);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_count_includes_ended_processes, setup),
		cmocka_unit_test_setup(test_ids_and_short_ids_fill_the_buffer_as_far_as_it_goes, setup),
		cmocka_unit_test_setup(test_name_is_terminated_when_it_fits_and_its_length_returned, setup),
		cmocka_unit_test_setup(test_unknown_or_stale_ids_are_inval, setup),
		cmocka_unit_test_setup(test_stats_report_counters_and_tock_state_numbers, setup),
		cmocka_unit_test_setup(test_actions_stop_start_terminate_boot_fault, setup),
		cmocka_unit_test_setup(test_a_process_cannot_act_on_itself, setup),
		cmocka_unit_test_setup(test_only_apps_the_board_names_may_act_on_others, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
