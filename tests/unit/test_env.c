/* Self-tests of the test infrastructure: low memory, host PMP reach, and env_check catching broken invariants. */
/* sources: @kernel_env */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

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

static void test_process_memory_is_below_4_gib_and_separate(void **state)
{
	(void)state;
	assert_true((uintptr_t)env.arena + 0x300000 < 0xffffffffu);
	assert_true(p->mem_end <= q->flash_start);
	assert_true(p->flash_end <= p->mem_start);
	assert_null(env_check());
}

static void test_host_mpu_reach_is_exact(void **state)
{
	(void)state;
	struct mpu_region r[2] = { { 0x1000, 0x1100, MPU_X }, { 0x2000, 0x2004, MPU_R | MPU_W } };
	struct arch_mpu m;
	assert_true(host_mpu_set(&m, r, 2));
	const uint8_t any = MPU_R | MPU_W | MPU_X;
	uint32_t at = 0;
	assert_false(host_mpu_reaches(&m, 0, 0x1000, any, &at));
	assert_true(host_mpu_reaches(&m, 0, 0x1001, any, &at));
	assert_int_equal(at, 0x1000);
	assert_true(host_mpu_reaches(&m, 0x10fe, 0x3000, any, &at));
	assert_int_equal(at, 0x10fe);
	assert_false(host_mpu_reaches(&m, 0x1100, 0x2000, any, &at));
	assert_true(host_mpu_reaches(&m, 0x1100, 0xffffffffu, any, &at));
	assert_int_equal(at, 0x2000);
	assert_false(host_mpu_reaches(&m, 0x2004, 0xffffffffu, any, NULL));
	assert_false(host_mpu_reaches(&m, 0x2000, 0x2000, any, NULL));
	/* Only the asked-for rights count. */
	assert_false(host_mpu_reaches(&m, 0, 0x1100, MPU_R | MPU_W, NULL));
	assert_true(host_mpu_reaches(&m, 0, 0xffffffffu, MPU_W, &at));
	assert_int_equal(at, 0x2000);
	/* allows: every byte, every asked-for right. */
	assert_true(host_mpu_allows(&m, 0x1000, 0x100, MPU_X));
	assert_false(host_mpu_allows(&m, 0x1000, 0x101, MPU_X));
	assert_false(host_mpu_allows(&m, 0x0fff, 2, MPU_X));
	assert_false(host_mpu_allows(&m, 0x1000, 4, MPU_R));
	assert_true(host_mpu_allows(&m, 0x2001, 3, MPU_R | MPU_W));
	assert_true(host_mpu_allows(&m, 0x5000, 0, MPU_R));
	assert_false(host_mpu_allows(&m, 0xffffffffu, 2, MPU_R));
}

/* The host unit refuses what a word-granular unit cannot express, as the PMP does. */
static void test_host_mpu_refuses_regions_it_cannot_express(void **state)
{
	(void)state;
	struct arch_mpu m;
	struct mpu_region ok[2] = { { 0x1000, 0x1100, MPU_R | MPU_X }, { 0x1100, 0x1100, MPU_R } };
	assert_true(host_mpu_set(&m, ok, 2));
	assert_int_equal(m.count, 2);
	static const struct mpu_region bad[][2] = {
		{ { 0x1002, 0x1100, MPU_R }, { 0, 0, 0 } },                 /* unaligned start */
		{ { 0x1000, 0x1101, MPU_R }, { 0, 0, 0 } },                 /* unaligned end */
		{ { 0x1100, 0x1000, MPU_R }, { 0, 0, 0 } },                 /* end below start */
		{ { 0x1000, 0x1100, 0x08 }, { 0, 0, 0 } },                  /* unknown right */
		{ { 0x1000, 0x1100, MPU_R }, { 0x10fc, 0x1200, MPU_R } },   /* overlap */
	};
	for (unsigned i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_false(host_mpu_set(&m, bad[i], 2));
		assert_int_equal(m.count, 0);
		assert_false(host_mpu_reaches(&m, 0, 0xffffffffu, MPU_R | MPU_W | MPU_X, NULL));
	}
	struct mpu_region many[MPU_MAX_REGIONS + 1] = { { 0, 0, 0 } };
	assert_false(host_mpu_set(&m, many, MPU_MAX_REGIONS + 1));
}

static void test_env_check_catches_a_stale_protection_image(void **state)
{
	(void)state;
	arch_mpu_switch(p);
	p->app_brk -= 0x100;   /* a break that moved down without arch_mpu_update_brk */
	const char *m = env_check();
	assert_non_null(m);
	assert_non_null(strstr(m, "process 0 can reach"));
	p->app_brk += 0x200;   /* one that moved up without it: RAM below the break unreachable */
	m = env_check();
	assert_non_null(m);
	assert_non_null(strstr(m, "process 0: ram"));
}

static void test_env_check_catches_broken_breaks_slots_and_queues(void **state)
{
	(void)state;
	uint32_t k = p->kernel_brk;
	p->kernel_brk = p->app_brk - 8;
	assert_non_null(env_check());
	p->kernel_brk = k;
	assert_null(env_check());
	struct allow_slot *s = grant_allow(q, &env.test_driver, ALLOW_RW, 1, true);
	s->ptr = p->mem_start;
	s->len = 4;
	assert_non_null(strstr(env_check(), "process 1: allow class 3 slot 1"));
	s->ptr = q->app_start;   /* flash is fine for read-only only */
	assert_non_null(env_check());
	s->len = 0;
	assert_null(env_check());
	q->upcall_count = CONFIG_UPCALL_QUEUE_LEN + 1;
	assert_non_null(strstr(env_check(), "queued upcalls"));
	q->upcall_count = 0;
}

static void test_env_step_and_halt_hooks(void **state)
{
	(void)state;
	assert_ptr_equal(env_step(), p);
	assert_int_equal(host_arch.switches, 1);
	jmp_buf j;
	host_arch.halt_jmp = &j;
	if (setjmp(j) == 0)
		board_halt(5);
	host_arch.halt_jmp = NULL;
	assert_int_equal(host_arch.halt_code, 5);
	assert_string_equal(arch_cause_name(2), "illegal instruction");
	assert_string_equal(arch_cause_name(99), "unknown");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_process_memory_is_below_4_gib_and_separate, setup),
		cmocka_unit_test_setup(test_host_mpu_reach_is_exact, setup),
		cmocka_unit_test_setup(test_host_mpu_refuses_regions_it_cannot_express, setup),
		cmocka_unit_test_setup(test_env_check_catches_a_stale_protection_image, setup),
		cmocka_unit_test_setup(test_env_check_catches_broken_breaks_slots_and_queues, setup),
		cmocka_unit_test_setup(test_env_step_and_halt_hooks, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
