/* Unit tests of relocatable installs in the app store (kernel/store.c) on the fake flash: relocated as written, checked on the canonical image, any slot, updates, removes, reboots. */
/* sources: @kernel_env tests/unit/fakes/fake_flash.c tests/unit/fakes/store_fixture.c tests/unit/fakes/reloc_app.c */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <tick/store.h>
#include <tick/tbf.h>
#include "fakes/env.h"
#include "fakes/reloc_app.h"
#include "fakes/store_fixture.h"
#include "internal/loader.h"

static uint8_t app[SF_APP_MAX], app2[SF_APP_MAX], img[SF_APP_MAX];

static int setup(void **state)
{
	(void)state;
	sf_fresh();
	return 0;
}

static uint32_t prot_of(const uint8_t *tbf, uint32_t n)
{
	struct tbf_header h;
	assert_int_equal(tbf_parse(tbf, n, &h), TBF_OK);
	return tbf_protected_size(&h);
}

/* Slot k holds the canonical TBF tbf (n bytes) of ra relocated for its place: its binary at
 * the slot's TBF + protected size, its RAM at ram; header and footers unchanged. */
static void assert_relocated(const struct reloc_app *ra, const uint8_t *tbf, uint32_t n,
			     unsigned k, uint32_t ram)
{
	uint32_t prot = prot_of(tbf, n), at = k * SF_SLOT + STORE_RECORD_SIZE;
	const uint8_t *flash = sf.ff.mem + at;
	reloc_app_image(ra, img, sf.ff.flash.base + at + prot, ram);
	assert_memory_equal(flash, tbf, prot);
	assert_memory_equal(flash + prot, img, ra->image);
	assert_memory_equal(flash + prot + ra->image, tbf + prot + ra->image, n - prot - ra->image);
	assert_memory_not_equal(flash + prot, tbf + prot, ra->image);   /* it did move */
}

/* The installed app ra named ra->name: in slot k, running with the RAM its record names. */
static uint32_t assert_running(const struct reloc_app *ra, const uint8_t *tbf, uint32_t n, unsigned k)
{
	struct store_app a;
	assert_true(store_app(k, &a));
	assert_int_equal(a.name_len, strlen(ra->name));
	assert_memory_equal(a.name, ra->name, a.name_len);
	assert_non_null(a.process);
	assert_int_not_equal(a.ram, 0xffffffffu);
	assert_int_equal(a.process->mem_start, a.ram);
	assert_int_equal(a.process->flash_start, a.tbf);
	assert_int_equal(a.process->app_start, a.tbf + prot_of(tbf, n));
	assert_relocated(ra, tbf, n, k, a.ram);
	return a.ram;
}

/* The header in one write, then pieces of chunk bytes; finalize and load. */
static int install_in(const uint8_t *tbf, uint32_t n, uint32_t chunk)
{
	uint32_t first = prot_of(tbf, n);
	int r = sf_wait(store_setup(&sf_client, n), STORE_SETUP);
	for (uint32_t off = 0; !r && off < n;) {
		uint32_t len = off ? (n - off < chunk ? n - off : chunk) : first;
		len = len > STORE_CHUNK ? STORE_CHUNK : len;
		r = sf_wait(store_write(off, tbf + off, len), STORE_WRITE);
		off += len;
	}
	if (!r)
		r = sf_wait(store_finalize(), STORE_FINALIZE);
	return r ? r : sf_wait(store_load(), STORE_LOAD);
}

/* Headers (with the table) stay under STORE_CHUNK: the first write holds the whole header. */
static const struct reloc_app rel = { "rel", 432, 2048, true, 1 };

static void test_a_relocatable_app_is_relocated_for_its_slot_and_ram_and_boots_there(void **state)
{
	(void)state;
	uint32_t n = reloc_app_build(&rel, app, sizeof app);
	int r = sf_install(app, n);
	if (r)
		fail_msg("install: %d: %s", r, store_why());
	uint32_t ram = assert_running(&rel, app, n, 0);
	/* first fit, as at boot: the pool's start (nothing else runs) */
	struct process *p = sf_proc("rel");
	assert_true(ram >= lowmem_addr(sf.pool) && ram - lowmem_addr(sf.pool) < 64);
	assert_true(p->mem_end <= lowmem_addr(sf.pool) + SF_POOL);
	sf_assert_log("[store] 'rel' installed in slot 0");
	sf_check_consistent();
	/* at the next boot: checked again on its canonical image, started with the same RAM */
	sf_boot();
	assert_int_equal(sf.started, 1);
	assert_int_equal(assert_running(&rel, app, n, 0), ram);
	sf_check_consistent();
}

static void test_writes_of_any_size_give_the_same_relocated_copy(void **state)
{
	(void)state;
	static const uint32_t chunks[] = { 1, 2, 3, 5, 37, 100, 511, 512 };
	uint32_t n = reloc_app_build(&rel, app, sizeof app);
	for (unsigned i = 0; i < sizeof chunks / sizeof chunks[0]; i++) {
		sf_fresh();
		assert_int_equal(install_in(app, n, chunks[i]), 0);
		assert_running(&rel, app, n, 0);
	}
}

static void test_writes_out_of_order_are_refused_and_the_right_one_goes_on(void **state)
{
	(void)state;
	uint32_t n = reloc_app_build(&rel, app, sizeof app), prot = prot_of(app, n);
	assert_int_equal(sf_wait(store_setup(&sf_client, n), STORE_SETUP), 0);
	uint32_t hs = tbf_rd16(app + 2);
	assert_int_equal(sf_wait(store_write(0, app, hs), STORE_WRITE), 0);
	assert_int_equal(sf_wait(store_write(hs, app + hs, prot + 10 - hs), STORE_WRITE), 0);   /* cuts an entry */
	assert_int_equal(store_write(prot + 20, app + prot + 20, 16), -ERR_INVAL);
	assert_string_equal(store_why(), "a relocatable app is written in order");
	assert_int_equal(store_write(prot, app + prot, 16), -ERR_INVAL);   /* nor backwards */
	assert_int_equal(store_finalize(), -ERR_INVAL);   /* 2 bytes of an entry kept back */
	assert_string_equal(store_why(), "relocatable app not written to its end");
	for (uint32_t off = prot + 10; off < n; off += 300) {
		uint32_t len = n - off < 300 ? n - off : 300;
		assert_int_equal(sf_wait(store_write(off, app + off, len), STORE_WRITE), 0);
	}
	assert_int_equal(sf_wait(store_finalize(), STORE_FINALIZE), 0);
	assert_int_equal(sf_wait(store_load(), STORE_LOAD), 0);
	assert_running(&rel, app, n, 0);
}

static void test_a_failed_write_is_repeated_with_the_same_bytes(void **state)
{
	(void)state;
	uint32_t n = reloc_app_build(&rel, app, sizeof app), prot = prot_of(app, n);
	assert_int_equal(sf_wait(store_setup(&sf_client, n), STORE_SETUP), 0);
	uint32_t hs = tbf_rd16(app + 2);
	assert_int_equal(sf_wait(store_write(0, app, hs), STORE_WRITE), 0);
	assert_int_equal(sf_wait(store_write(hs, app + hs, prot + 6 - hs), STORE_WRITE), 0);
	fake_flash_cut(&sf.ff, 0, 0);   /* the next program fails */
	assert_int_not_equal(sf_wait(store_write(prot + 6, app + prot + 6, 200), STORE_WRITE), 0);
	fake_flash_power_on(&sf.ff);
	assert_int_equal(sf_wait(store_write(prot + 6, app + prot + 6, 200), STORE_WRITE), 0);
	for (uint32_t off = prot + 206; off < n; off += 512) {
		uint32_t len = n - off < 512 ? n - off : 512;
		assert_int_equal(sf_wait(store_write(off, app + off, len), STORE_WRITE), 0);
	}
	assert_int_equal(sf_wait(store_finalize(), STORE_FINALIZE), 0);
	assert_int_equal(sf_wait(store_load(), STORE_LOAD), 0);
	assert_running(&rel, app, n, 0);
}

static void test_a_tampered_image_table_or_copy_is_refused(void **state)
{
	(void)state;
	uint32_t n = reloc_app_build(&rel, app, sizeof app), prot = prot_of(app, n);
	/* the canonical image changed after it was signed */
	app[prot + 33] ^= 1;   /* a nop's bit: no entry there */
	assert_int_equal(sf_install(app, n), -ERR_FAIL);
	assert_string_equal(store_why(), "SHA-256 credential does not match the app");
	assert_int_equal(sf_apps(), 0);
	assert_true(sf_slot_erased(0));
	app[prot + 33] ^= 1;
	/* an entry on an instruction it cannot hold (no credentials to catch it): refused as
	 * it is written, never patched */
	struct reloc_app bare = rel;
	bare.sha256 = false;
	n = reloc_app_build(&bare, app2, sizeof app2);
	tbf_wr32(app2 + prot + 36, 0x00000013u);   /* group 1's lui a nop */
	assert_int_equal(sf_wait(store_setup(&sf_client, n), STORE_SETUP), 0);
	uint32_t hs = tbf_rd16(app2 + 2);
	assert_int_equal(sf_wait(store_write(0, app2, hs), STORE_WRITE), 0);
	assert_true(prot + 40 - hs <= STORE_CHUNK);
	assert_int_equal(store_write(hs, app2 + hs, prot + 40 - hs), -ERR_INVAL);
	assert_string_equal(store_why(), "relocation on a wrong instruction");
	assert_int_equal(sf_wait(store_abort(), STORE_ABORT), 0);
	assert_int_equal(sf_apps(), 0);
	/* the relocated copy changed in flash after the install: the next boot refuses it */
	n = reloc_app_build(&rel, app, sizeof app);
	assert_int_equal(sf_install(app, n), 0);
	struct store_app a;
	int k = store_find((const uint8_t *)"rel", 3, 0);
	assert_true(k >= 0 && store_app((unsigned)k, &a));
	sf.ff.mem[a.tbf - sf.ff.flash.base + prot + 32] &= 0xfe;   /* a nop's bit cleared */
	sf_boot();
	assert_int_equal(sf.started, 0);
	char line[96];
	snprintf(line, sizeof line,
		 "[store] app in slot %d not started: SHA-256 credential does not match the app", k);
	sf_assert_log(line);
	/* so does its record's RAM changed: the copy un-relocated for other RAM is not the image */
	n = reloc_app_build(&rel, app, sizeof app);
	sf_fresh();
	assert_int_equal(sf_install(app, n), 0);
	assert_true(store_app(0, &a));
	uint32_t *r = (uint32_t *)(void *)sf.ff.mem;
	r[5] &= r[5] - 1;   /* other RAM, and a record that says so (its check word redone) */
	r[4] = (r[0] ^ r[1] ^ r[2] ^ r[3] ^ (r[5] + 1)) & 0x7fffffffu;
	sf_boot();
	assert_int_equal(sf.started, 0);
	sf_assert_log("[store] app in slot 0 not started: ");
}

static void test_two_copies_side_by_side_then_update_remove_and_reinstall(void **state)
{
	(void)state;
	struct reloc_app rel2 = { "rel2", 500, 3000, true, 2 };
	struct reloc_app rel_v2 = { "rel", 460, 1500, true, 3 };
	uint32_t n = reloc_app_build(&rel, app, sizeof app);
	uint32_t n2 = reloc_app_build(&rel2, app2, sizeof app2);
	assert_int_equal(sf_install(app, n), 0);
	assert_int_equal(sf_install(app2, n2), 0);
	uint32_t r1 = assert_running(&rel, app, n, 0), r2 = assert_running(&rel2, app2, n2, 1);
	assert_int_not_equal(r1, r2);
	sf_check_consistent();
	/* an update lands in another slot, relocated for it, and replaces the old version */
	static uint8_t v2[SF_APP_MAX];
	uint32_t nv = reloc_app_build(&rel_v2, v2, sizeof v2);
	assert_int_equal(sf_install(v2, nv), 0);
	struct store_app a;
	assert_true(store_app(2, &a));
	assert_int_equal(a.state, STORE_TRIAL);
	assert_true(store_app(0, &a));
	assert_int_equal(a.state, STORE_STANDBY);
	env_advance(CONFIG_STORE_TRIAL_TICKS);
	env_run();
	sf_assert_log("[store] 'rel': new version confirmed");
	assert_false(store_app(0, &a));
	assert_true(sf_slot_erased(0));
	assert_running(&rel_v2, v2, nv, 2);
	assert_running(&rel2, app2, n2, 1);
	sf_check_consistent();
	sf_boot();
	assert_int_equal(sf.started, 2);
	assert_running(&rel_v2, v2, nv, 2);
	assert_running(&rel2, app2, n2, 1);
	/* removed, then installed again: into a free slot, relocated for it */
	assert_int_equal(sf_remove("rel2"), 0);
	assert_null(sf_proc("rel2"));
	assert_true(sf_slot_erased(1));
	assert_int_equal(sf_install(app2, n2), 0);
	assert_running(&rel2, app2, n2, 0);
	sf_check_consistent();
}

static void test_during_a_trial_the_old_versions_ram_stays_free_for_a_rollback(void **state)
{
	(void)state;
	struct reloc_app small = { "s", 200, 1024, false, 4 }, big = { "s", 400, 0x3000, false, 5 };
	struct reloc_app other = { "o", 200, 1024, false, 6 };
	uint32_t n = reloc_app_build(&small, app, sizeof app);
	assert_int_equal(sf_install(app, n), 0);
	struct process *p = sf_proc("s");
	uint32_t old_start = p->mem_start, old_end = p->mem_end;
	n = reloc_app_build(&big, app, sizeof app);   /* does not fit where the old one was */
	assert_int_equal(sf_install(app, n), 0);
	n = reloc_app_build(&other, app2, sizeof app2);   /* would fit there first */
	assert_int_equal(sf_install(app2, n), 0);
	p = sf_proc("o");
	assert_true(p->mem_end <= old_start || p->mem_start >= old_end);
	/* the update faults: rolled back, the old version gets its RAM again */
	struct process *t = sf_proc("s");
	t->faults = 1;
	env_advance(CONFIG_STORE_TRIAL_TICKS);
	env_run();
	sf_assert_log("new version faulted on trial, old one back");
	p = sf_proc("s");
	assert_non_null(p);
	assert_int_equal(p->mem_start, old_start);
	sf_check_consistent();
}

/* Random installs and removes of relocatable apps of random sizes: every copy relocated for
 * its place, nothing leaked at the end. */
static void test_random_cycles_leak_nothing(void **state)
{
	(void)state;
	static uint8_t tbfs[4][SF_APP_MAX];
	struct reloc_app ras[4];
	uint32_t ns[4];
	char names[4][4];
	srand(7);
	for (unsigned i = 0; i < 4; i++) {
		snprintf(names[i], sizeof names[i], "r%u", i);
		ras[i] = (struct reloc_app){ names[i], 72u * (2 + (unsigned)rand() % 5),
					     1024u + 8u * (unsigned)(rand() % 512), i & 1, i };
		ns[i] = reloc_app_build(&ras[i], tbfs[i], SF_APP_MAX);
	}
	unsigned installs = 0, removes = 0;
	for (unsigned c = 0; c < 300; c++) {
		unsigned i = (unsigned)rand() % 4;
		int k = store_find((const uint8_t *)names[i], 2, 0);
		if (k >= 0) {
			assert_int_equal(sf_remove(names[i]), 0);
			removes++;
		} else {
			int r = sf_install(tbfs[i], ns[i]);
			assert_true(r == 0 || r == -ERR_NOMEM);
			if (r == 0)
				installs++;
		}
		for (unsigned j = 0; j < 4; j++)
			if ((k = store_find((const uint8_t *)names[j], 2, 0)) >= 0)
				assert_running(&ras[j], tbfs[j], ns[j], (unsigned)k);
		sf_check_consistent();
		if (c % 50 == 49)
			sf_boot();
	}
	assert_true(installs > 50 && removes > 50);
	struct store_app a;
	for (unsigned k = 0; k < store_slots(); k++)
		if (store_app(k, &a))
			assert_int_equal(sf_wait(store_remove(&sf_client, k), STORE_REMOVE), 0);
	struct reloc_app whole = { "w", 200, SF_POOL - 512, false, 9 };
	uint32_t n = reloc_app_build(&whole, app, sizeof app);
	assert_int_equal(sf_install(app, n), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_a_relocatable_app_is_relocated_for_its_slot_and_ram_and_boots_there, setup),
		cmocka_unit_test_setup(test_writes_of_any_size_give_the_same_relocated_copy, setup),
		cmocka_unit_test_setup(test_writes_out_of_order_are_refused_and_the_right_one_goes_on, setup),
		cmocka_unit_test_setup(test_a_failed_write_is_repeated_with_the_same_bytes, setup),
		cmocka_unit_test_setup(test_a_tampered_image_table_or_copy_is_refused, setup),
		cmocka_unit_test_setup(test_two_copies_side_by_side_then_update_remove_and_reinstall, setup),
		cmocka_unit_test_setup(test_during_a_trial_the_old_versions_ram_stays_free_for_a_rollback, setup),
		cmocka_unit_test_setup(test_random_cycles_leak_nothing, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
