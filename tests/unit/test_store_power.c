/* Power-fail safety of the app store: a power cut at every flash operation of an install, an update and a remove, and again during the recovery after it. */
/* sources: @kernel_env tests/unit/fakes/fake_flash.c tests/unit/fakes/store_fixture.c tests/unit/fakes/reloc_app.c */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include <tick/store.h>
#include "fakes/env.h"
#include "fakes/reloc_app.h"
#include "fakes/store_fixture.h"

/*
 * For each operation and each flash operation n it performs, and for several amounts of the
 * cut operation that still reach the array (none, half a write unit, 16 bytes: a record
 * without its check word, all of it: the power fails before the device reports done):
 *   1. a store holding the bystanders A and B (and T, for an update or a remove); an abort is
 *      T's install up to finalize (T committed), then abort;
 *   2. the operation, with the power cut at its n-th flash operation;
 *   3. a reboot, with the power cut again at the m-th flash operation of the recovery, for
 *      every m the recovery has (none, mostly), then a reboot that completes;
 *   4. the checks: the apps held are exactly those before the operation or those after it;
 *      A and B are byte for byte intact and running; every app held runs from its slot; every
 *      other slot takes an install (no flash lost); once all is removed an app as large as the
 *      whole RAM pool fits (no RAM lost).
 */
enum { OP_INSTALL, OP_UPDATE, OP_REMOVE, OP_ABORT, OPS };
static const char *const op_names[OPS] = { "install", "update", "remove", "abort" };

static uint8_t a[SF_APP_MAX], b[SF_APP_MAX], t1[SF_APP_MAX], t2[SF_APP_MAX], x[SF_APP_MAX];
static uint32_t a_n, b_n, t1_n, t2_n, x_n;
static uint32_t a_at, b_at;   /* where A and B are in the flash array */

static int setup(void **state)
{
	(void)state;
	a_n = sf_build(a, (struct tbf_opts){ .name = "A", .binary_size = 3000, .min_ram = 3000 });
	b_n = sf_build(b, (struct tbf_opts){ .name = "B", .binary_size = 900, .program = true,
					    .sha256 = true });
	t1_n = sf_build(t1, (struct tbf_opts){ .name = "T", .binary_size = 5000, .min_ram = 5000 });
	t2_n = sf_build(t2, (struct tbf_opts){ .name = "T", .binary_size = 7000, .min_ram = 2000 });
	x_n = sf_build(x, (struct tbf_opts){ .name = "X" });
	return 0;
}

/* The same with T relocatable: its install relocates it, its update lands in another slot
 * with RAM of its own choosing. */
static int setup_reloc(void **state)
{
	setup(state);
	t1_n = reloc_app_build(&(struct reloc_app){ "T", 360, 5000, true, 1 }, t1, SF_APP_MAX);
	t2_n = reloc_app_build(&(struct reloc_app){ "T", 432, 2000, false, 2 }, t2, SF_APP_MAX);
	return 0;
}

static void baseline(int op)
{
	sf_fresh();
	assert_int_equal(sf_install(a, a_n), 0);
	assert_int_equal(sf_install(b, b_n), 0);
	if (op == OP_UPDATE || op == OP_REMOVE)
		assert_int_equal(sf_install(t1, t1_n), 0);
	struct store_app s;
	assert_true(store_app(0, &s));
	a_at = s.tbf - sf.ff.flash.base;
	assert_true(store_app(1, &s));
	b_at = s.tbf - sf.ff.flash.base;
}

static void perform(int op)
{
	if (op == OP_INSTALL)
		sf_install(t1, t1_n);
	else if (op == OP_UPDATE)
		sf_install(t2, t2_n);
	else if (op == OP_REMOVE)
		sf_remove("T");
	else if (sf_install_steps(t1, t1_n, STORE_CHUNK, false) == 0)
		sf_wait(store_abort(), STORE_ABORT);
	env_advance(CONFIG_STORE_TRIAL_TICKS);   /* an update's trial ends: confirm */
	env_run();
}

/* T's size in the store, 0 if the store holds no T. */
static uint32_t t_size(void)
{
	int k = store_find((const uint8_t *)"T", 1, 0);
	struct store_app s;
	return k >= 0 && store_app((unsigned)k, &s) ? s.size : 0;
}

static void boot_with_cut(uint32_t n, uint32_t keep)
{
	env_init();
	fake_uart_clear();
	fake_flash_reboot(&sf.ff);
	fake_flash_cut(&sf.ff, n, keep);
	sf.started = store_init(&sf.ff.flash, SF_SLOT, NULL, lowmem_addr(sf.pool),
				lowmem_addr(sf.pool) + SF_POOL);
	env_run();
}

static void check_after(int op)
{
	/* old or new list */
	unsigned n = sf_apps();
	uint32_t t = t_size();
	uint32_t old_t = op == OP_INSTALL || op == OP_ABORT ? 0 : t1_n;
	uint32_t new_t = op == OP_INSTALL || op == OP_ABORT ? t1_n : op == OP_UPDATE ? t2_n : 0;
	if (!(t == old_t || t == new_t))
		fail_msg("%s: T has %u bytes, neither the old %u nor the new %u", op_names[op], t,
			 old_t, new_t);
	assert_int_equal(n, 2u + (t != 0));
	/* A and B intact and running */
	assert_memory_equal(sf.ff.mem + a_at, a, a_n);
	assert_memory_equal(sf.ff.mem + b_at, b, b_n);
	assert_non_null(sf_proc("A"));
	assert_non_null(sf_proc("B"));
	assert_int_equal((unsigned)sf.started, n);
	sf_check_consistent();
	/* no flash lost: every slot not held takes an app */
	char name[8];
	unsigned filled = 0;
	for (;; filled++) {
		snprintf(name, sizeof name, "f%u", filled);
		uint32_t m = sf_build(x, (struct tbf_opts){ .name = name, .min_ram = 64 });
		int r = sf_install(x, m);
		if (r == -ERR_NOMEM)
			break;
		assert_int_equal(r, 0);
	}
	assert_int_equal(filled, SF_SLOTS - n);
	/* no RAM lost: with everything removed, the whole pool is one block */
	struct store_app s;
	for (unsigned k = 0; k < store_slots(); k++)
		if (store_app(k, &s))
			assert_int_equal(sf_wait(store_remove(&sf_client, k), STORE_REMOVE), 0);
	assert_int_equal(process_count(), 0);
	x_n = sf_build(x, (struct tbf_opts){ .name = "X", .min_ram = SF_POOL - 512 });
	assert_int_equal(sf_install(x, x_n), 0);
}

static void test_a_power_cut_anywhere_leaves_the_old_or_the_new_store(void **state)
{
	(void)state;
	static const uint32_t keeps[] = { 0, SF_WRITE / 2, 16, 0xffffffffu };
	unsigned total = 0;
	for (int op = 0; op < OPS; op++) {
		unsigned points = 0, recoveries = 0, old_lists = 0, new_lists = 0;
		for (unsigned ki = 0; ki < sizeof keeps / sizeof keeps[0]; ki++) {
			for (uint32_t n = 0;; n++) {
				baseline(op);
				uint32_t before = sf.ff.ops;
				fake_flash_cut(&sf.ff, n, keeps[ki]);
				perform(op);
				if (!sf.ff.off) {   /* the operation had fewer than n + 1 flash operations */
					assert_int_equal(n, sf.ff.ops - before);
					break;
				}
				points++;
				for (uint32_t m = 0;; m++) {   /* the recovery, cut at each of its operations */
					boot_with_cut(m, keeps[ki]);
					if (!sf.ff.off)
						break;
					recoveries++;
				}
				sf_boot();
				(*(t_size() == (op == OP_INSTALL || op == OP_ABORT ? 0 : t1_n) ? &old_lists : &new_lists))++;
				check_after(op);
			}
		}
		print_message("%s: %u cut points (%u with the recovery cut too): old list after %u, new after %u\n",
			      op_names[op], points, recoveries, old_lists, new_lists);
		assert_true(old_lists > 0 && new_lists > 0);
		total += points + recoveries;
	}
	print_message("%u power cuts in all\n", total);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_a_power_cut_anywhere_leaves_the_old_or_the_new_store, setup),
		cmocka_unit_test_setup(test_a_power_cut_anywhere_leaves_the_old_or_the_new_store, setup_reloc),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
