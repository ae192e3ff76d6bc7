/* Unit tests of exposures (kernel/exposure.c): shares in the holder's protection, replacement, eviction, revocation before reuse. */
/* sources: @kernel_env */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "fakes/env.h"

static struct process *a, *b, *c, *h;
static const struct driver *tdrv;

static int setup(void **state)
{
	(void)state;
	env_init();
	a = env_proc_default(0);
	b = env_proc_default(1);
	c = env_proc_default(2);
	h = env_proc_default(3);   /* the holder */
	tdrv = &env.test_driver;
	return 0;
}

/* The allow slot n of the test driver in o's grant (a share's source). */
static const struct allow_slot *src(struct process *o, unsigned n)
{
	return grant_allow(o, tdrv, ALLOW_RW, n, true);
}

/* Whether the protection the kernel loads for x reaches [addr, addr+len) with rights acc. */
static bool reaches(struct process *x, uint32_t addr, uint32_t len, uint8_t acc)
{
	arch_mpu_switch(x);
	return host_mpu_allows(&host_arch.mpu, addr, len, acc);
}

static void test_a_share_is_in_the_holders_protection_only(void **state)
{
	(void)state;
	uint32_t s = a->mem_start + 0x100;
	assert_false(reaches(h, s, 64, MPU_R));
	assert_true(exposure_share(a, h, s, s + 64, MPU_R | MPU_W, src(a, 3)));
	assert_true(reaches(h, s, 64, MPU_R | MPU_W));
	assert_false(reaches(h, s, 64, MPU_X));
	assert_false(reaches(h, s - 4, 4, MPU_R));   /* not a byte more */
	assert_false(reaches(h, s + 64, 4, MPU_R));
	assert_false(reaches(b, s, 4, MPU_R));       /* nobody else */
	assert_int_equal(exposure_owned[0], 1);
	assert_int_equal(exposure_owner(h, 0), 0);
	assert_int_equal(exposure_owner(h, 1), CONFIG_MAX_PROCS);
	assert_null(env_check());
}

static void test_shares_outside_the_owners_app_ram_are_refused(void **state)
{
	(void)state;
	assert_false(exposure_share(a, h, a->app_brk - 4, a->app_brk + 4, MPU_R | MPU_W, src(a, 3)));
	assert_false(exposure_share(a, h, a->kernel_brk, a->kernel_brk + 8, MPU_R | MPU_W, src(a, 3)));
	assert_false(exposure_share(a, h, b->mem_start, b->mem_start + 8, MPU_R | MPU_W, src(a, 3)));
	assert_false(exposure_share(a, h, a->mem_start + 8, a->mem_start + 8, MPU_R | MPU_W, src(a, 3)));
	assert_int_equal(exposure_owned[0], 0);
	assert_int_equal(exposure_regions(h, (struct mpu_region[MPU_SHARED_REGIONS]){ 0 }), 0);
}

static void test_one_share_per_owner_the_new_replaces_the_old(void **state)
{
	(void)state;
	uint32_t s = a->mem_start + 0x100;
	assert_true(exposure_share(a, h, s, s + 64, MPU_R | MPU_W, src(a, 3)));
	arch_mpu_switch(h);
	unsigned inval = host_arch.mpu_invalidates;
	assert_true(exposure_share(a, h, s, s + 64, MPU_R | MPU_W, src(a, 3)));   /* identical */
	assert_int_equal(host_arch.mpu_invalidates, inval);                   /* image kept */
	assert_true(exposure_share(a, h, s + 128, s + 256, MPU_R | MPU_W, src(a, 3)));
	assert_false(reaches(h, s, 64, MPU_R));
	assert_true(reaches(h, s + 128, 128, MPU_R | MPU_W));
	assert_int_equal(exposure_owned[0], 1);
	assert_null(env_check());
}

static void test_a_full_holder_gives_up_its_oldest_share(void **state)
{
	(void)state;
	uint32_t sa = a->mem_start + 0x100, sb = b->mem_start + 0x100, sc = c->mem_start + 0x100;
	assert_true(exposure_share(a, h, sa, sa + 32, MPU_R | MPU_W, src(a, 3)));
	assert_true(exposure_share(b, h, sb, sb + 32, MPU_R | MPU_W, src(b, 3)));
	assert_true(exposure_share(c, h, sc, sc + 32, MPU_R | MPU_W, src(c, 3)));
	assert_false(reaches(h, sa, 4, MPU_R));
	assert_true(reaches(h, sb, 32, MPU_R | MPU_W));
	assert_true(reaches(h, sc, 32, MPU_R | MPU_W));
	assert_int_equal(exposure_owned[0], 0);
	assert_int_equal(exposure_owned[1], 1);
	assert_int_equal(exposure_owner(h, 0), 1);   /* oldest first */
	assert_int_equal(exposure_owner(h, 1), 2);
	assert_null(env_check());
}

static void test_the_owners_break_cannot_shrink_under_a_share(void **state)
{
	(void)state;
	uint32_t s = a->app_brk - 64;
	assert_true(exposure_share(a, h, s, s + 64, MPU_R | MPU_W, src(a, 3)));
	assert_int_equal(a->allow_high_water, s + 64);
	assert_int_equal(env_memop(a, TICK_MEMOP_BRK, s).a[1], ERR_NOMEM);
	assert_int_equal(a->app_brk, s + 64);
	assert_true(reaches(h, s, 64, MPU_R | MPU_W));
}

/* Allowing the slot a share came from again ends the share, whatever the new buffer. */
static void test_a_new_allow_of_the_source_slot_revokes(void **state)
{
	(void)state;
	uint32_t s = a->mem_start + 0x100;
	assert_int_equal(env_allow(a, SYS_ALLOW_RW, TEST_DRIVER_NUM, 1, s, 64).a[0], SYSRET_SUCCESS_2U32);
	assert_true(exposure_share(a, h, s, s + 64, MPU_R | MPU_W, src(a, 1)));
	/* Other slots and classes leave it alone. */
	env_allow(a, SYS_ALLOW_RW, TEST_DRIVER_NUM, 0, s, 64);
	env_allow(a, SYS_ALLOW_RO, TEST_DRIVER_NUM, 1, s, 64);
	assert_true(reaches(h, s, 64, MPU_R | MPU_W));
	env_allow(a, SYS_ALLOW_RW, TEST_DRIVER_NUM, 1, s, 64);   /* same buffer again */
	assert_false(reaches(h, s, 4, MPU_R));
	assert_int_equal(exposure_owned[0], 0);
	assert_null(env_check());
}

/* The owner restarts: the share is gone from the holder's image before the owner's RAM is
 * zeroed and handed to the new run. */
static void test_the_owner_restarting_or_ending_revokes(void **state)
{
	(void)state;
	uint32_t sa = a->mem_start + 0x100, sb = b->mem_start + 0x100;
	assert_true(exposure_share(a, h, sa, sa + 32, MPU_R | MPU_W, src(a, 3)));
	assert_true(exposure_share(b, h, sb, sb + 32, MPU_R | MPU_W, src(b, 3)));
	assert_true(reaches(h, sa, 32, MPU_R));
	process_restart(a);
	assert_false(reaches(h, sa, 4, MPU_R));
	assert_true(reaches(h, sb, 32, MPU_R));
	assert_int_equal(a->allow_high_water, a->mem_start);   /* fresh: nothing exposed */
	process_terminate(b, 0);
	assert_false(reaches(h, sb, 4, MPU_R));
	assert_int_equal(exposure_owned[0] + exposure_owned[1], 0);
	assert_null(env_check());
}

/* A system call of the holder ends the owner (process info's terminate or fault): the
 * holder resumes on the fast path without a switch, so the image loaded right now must
 * already be the new one. */
static void test_revoking_from_the_holders_own_system_call_reloads_at_once(void **state)
{
	(void)state;
	uint32_t s = a->mem_start + 0x100;
	assert_true(exposure_share(a, h, s, s + 32, MPU_R | MPU_W, src(a, 3)));
	arch_mpu_switch(h);
	assert_true(host_mpu_allows(&host_arch.mpu, s, 32, MPU_R | MPU_W));
	current_process = h;   /* as during h's system call */
	process_fault(a, 5, 0);
	current_process = NULL;
	assert_ptr_equal(host_arch.mpu_owner, h);   /* loaded again, not merely forgotten */
	assert_false(host_mpu_allows(&host_arch.mpu, s, 4, MPU_R));
	/* Another process's revocation leaves the loaded image alone. */
	uint32_t sb = b->mem_start + 0x100;
	assert_true(exposure_share(b, h, sb, sb + 32, MPU_R | MPU_W, src(b, 3)));
	arch_mpu_switch(c);
	current_process = c;
	process_terminate(b, 0);
	current_process = NULL;
	assert_ptr_equal(host_arch.mpu_owner, c);
	assert_false(reaches(h, sb, 4, MPU_R));
}

static void test_the_holder_ending_drops_its_shares(void **state)
{
	(void)state;
	uint32_t sa = a->mem_start + 0x100, sb = b->mem_start + 0x100;
	assert_true(exposure_share(a, h, sa, sa + 32, MPU_R | MPU_W, src(a, 3)));
	assert_true(exposure_share(b, h, sb, sb + 32, MPU_R | MPU_W, src(b, 3)));
	process_restart(h);
	env_memop(h, TICK_MEMOP_BRK, h->mem_start + 0x800);
	assert_false(reaches(h, sa, 4, MPU_R));
	assert_false(reaches(h, sb, 4, MPU_R));
	assert_int_equal(exposure_owned[0] + exposure_owned[1], 0);
	assert_null(env_check());
}

/* The holder's own break moves: its new image still holds its shares, and only them. */
static void test_the_holders_image_keeps_its_shares_when_its_break_moves(void **state)
{
	(void)state;
	uint32_t s = a->mem_start + 0x100;
	assert_true(exposure_share(a, h, s, s + 32, MPU_R | MPU_W, src(a, 3)));
	assert_int_equal(env_memop(h, TICK_MEMOP_SBRK, 256).a[0], SYSRET_SUCCESS_U32);
	assert_true(host_mpu_allows(&host_arch.mpu, s, 32, MPU_R | MPU_W));
	assert_true(host_mpu_allows(&host_arch.mpu, h->app_brk - 4, 4, MPU_R | MPU_W));
	assert_null(env_check());
}

/* The checker itself: a share its owner no longer covers (here faked by moving the owner's
 * break behind the kernel's back) is reported. */
static void test_env_check_reports_a_share_outside_its_owner(void **state)
{
	(void)state;
	uint32_t s = a->app_brk - 32;
	assert_true(exposure_share(a, h, s, s + 32, MPU_R | MPU_W, src(a, 3)));
	assert_null(env_check());
	a->app_brk = s;
	arch_mpu_invalidate(a);
	const char *m = env_check();
	assert_non_null(m);
	assert_non_null(strstr(m, "share"));
	a->app_brk = s + 32;
	process_terminate(a, 0);   /* an ended owner's shares are gone */
	assert_null(env_check());
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_a_share_is_in_the_holders_protection_only, setup),
		cmocka_unit_test_setup(test_shares_outside_the_owners_app_ram_are_refused, setup),
		cmocka_unit_test_setup(test_one_share_per_owner_the_new_replaces_the_old, setup),
		cmocka_unit_test_setup(test_a_full_holder_gives_up_its_oldest_share, setup),
		cmocka_unit_test_setup(test_the_owners_break_cannot_shrink_under_a_share, setup),
		cmocka_unit_test_setup(test_a_new_allow_of_the_source_slot_revokes, setup),
		cmocka_unit_test_setup(test_the_owner_restarting_or_ending_revokes, setup),
		cmocka_unit_test_setup(test_revoking_from_the_holders_own_system_call_reloads_at_once, setup),
		cmocka_unit_test_setup(test_the_holder_ending_drops_its_shares, setup),
		cmocka_unit_test_setup(test_the_holders_image_keeps_its_shares_when_its_break_moves, setup),
		cmocka_unit_test_setup(test_env_check_reports_a_share_outside_its_owner, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
