/* Unit tests of the app store (kernel/store.c) on the fake flash: every operation and error, updates with their trial, reboots, 1,000 random cycles. */
/* sources: @kernel_env tests/unit/fakes/fake_flash.c tests/unit/fakes/store_fixture.c */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <tick/store.h>
#include "fakes/env.h"
#include "fakes/fake_flash.h"
#include "fakes/tbf_build.h"
#include "internal/loader.h"
#include "fakes/store_fixture.h"

/* ---- tests ---- */

static uint8_t app[SF_APP_MAX], app2[SF_APP_MAX];

static int setup(void **state)
{
	(void)state;
	sf_fresh();
	return 0;
}

static void test_install_runs_the_app_from_its_slot_and_survives_a_reboot(void **state)
{
	(void)state;
	uint32_t n = sf_build(app, (struct tbf_opts){ .name = "hello", .binary_size = 1500 });
	assert_int_equal(sf_install(app, n), 0);
	struct process *p = sf_proc("hello");
	assert_non_null(p);
	assert_int_equal(p->flash_start, sf.ff.flash.base + STORE_RECORD_SIZE);
	assert_int_equal(p->flash_end, p->flash_start + n);
	assert_int_equal(p->state, PS_RUNNABLE);
	assert_memory_equal(sf.ff.mem + STORE_RECORD_SIZE, app, n);
	struct store_app a;
	assert_true(store_app(0, &a));
	assert_int_equal(a.state, STORE_INSTALLED);
	assert_int_equal(a.size, n);
	assert_int_equal(a.seq, 1);
	assert_ptr_equal(a.process, p);
	assert_int_equal(a.name_len, 5);
	assert_memory_equal(a.name, "hello", 5);
	assert_false(store_app(1, &a));
	sf_assert_log("[store] 'hello' installed in slot 0");
	sf_assert_log("[kernel] app 'hello': flash 0x");
	sf_check_consistent();

	sf_boot();
	assert_int_equal(sf.started, 1);
	p = sf_proc("hello");
	assert_non_null(p);
	assert_int_equal(p->flash_start, sf.ff.flash.base + STORE_RECORD_SIZE);
	assert_int_equal(sf_apps(), 1);
	sf_check_consistent();
	/* the next install gets a higher sequence number, and the next free slot */
	n = sf_build(app2, (struct tbf_opts){ .name = "two" });
	assert_int_equal(sf_install(app2, n), 0);
	assert_true(store_app(1, &a));
	assert_int_equal(a.seq, 2);
}

static void test_writes_in_any_size_and_alignment_are_padded_and_read_back(void **state)
{
	(void)state;
	uint32_t n = sf_build(app, (struct tbf_opts){ .name = "odd", .binary_size = 2000 });
	int r = sf_wait(store_setup(&sf_client, n + 100), STORE_SETUP);
	assert_int_equal(r, 0);
	/* the header first, then the rest backwards in 37-byte pieces at unaligned offsets */
	uint32_t first = 200;
	assert_int_equal(sf_wait(store_write(0, app, first), STORE_WRITE), 0);
	for (uint32_t end = n; end > first;) {
		uint32_t off = end - 37 > first && end > first + 37 ? end - 37 : first;
		assert_int_equal(sf_wait(store_write(off, app + off, end - off), STORE_WRITE), 0);
		end = off;
	}
	assert_int_equal(sf_wait(store_finalize(), STORE_FINALIZE), 0);
	assert_int_equal(sf_wait(store_load(), STORE_LOAD), 0);
	assert_memory_equal(sf.ff.mem + STORE_RECORD_SIZE, app, n);
	assert_non_null(sf_proc("odd"));
}

static void test_a_write_that_does_not_read_back_fails(void **state)
{
	(void)state;
	uint32_t n = sf_build(app, (struct tbf_opts){ .name = "x", .binary_size = 400 });
	assert_int_equal(sf_wait(store_setup(&sf_client, n), STORE_SETUP), 0);
	assert_int_equal(sf_wait(store_write(0, app, n), STORE_WRITE), 0);
	uint8_t other[16];
	memset(other, 0x5a, sizeof other);   /* programming ANDs: 0x13 & 0x5a != 0x5a */
	assert_int_equal(sf_wait(store_write(400, other, sizeof other), STORE_WRITE), -ERR_FAIL);
	assert_int_equal(sf_wait(store_abort(), STORE_ABORT), 0);
	assert_true(sf_slot_erased(0));
	assert_int_equal(sf_apps(), 0);
}

static void test_session_calls_out_of_order_or_too_large_are_refused(void **state)
{
	(void)state;
	uint32_t n = sf_build(app, (struct tbf_opts){ .name = "a" });
	uint8_t b[8] = { 0 };
	assert_int_equal(store_write(0, app, n), -ERR_INVAL);
	assert_int_equal(store_finalize(), -ERR_INVAL);
	assert_int_equal(store_load(), -ERR_INVAL);
	assert_int_equal(store_abort(), -ERR_INVAL);
	assert_int_equal(store_setup(&sf_client, 0), -ERR_SIZE);
	assert_int_equal(store_setup(&sf_client, SF_SLOT - STORE_RECORD_SIZE + 1), -ERR_SIZE);
	assert_int_equal(store_setup(&sf_client, SF_SLOT - STORE_RECORD_SIZE), 0);
	assert_int_equal(store_setup(&sf_client, 100), -ERR_BUSY);   /* the job runs */
	env_run();
	assert_int_equal(store_setup(&sf_client, 100), -ERR_BUSY);   /* a session is open */
	assert_int_equal(store_finalize(), -ERR_INVAL);           /* nothing written */
	assert_int_equal(store_load(), -ERR_INVAL);
	assert_int_equal(store_write(SF_SLOT - STORE_RECORD_SIZE - 4, b, 8), -ERR_INVAL);
	assert_int_equal(store_write(0xfffffff0u, b, 8), -ERR_INVAL);
	assert_int_equal(store_write(0, app, 0), -ERR_INVAL);
	assert_int_equal(store_write(0, app, STORE_CHUNK + 1), -ERR_INVAL);
	assert_int_equal(sf_wait(store_abort(), STORE_ABORT), 0);
	assert_int_equal(sf.ff.ops, 0);   /* nothing touched the flash */
}

static void test_first_write_must_hold_the_header(void **state)
{
	(void)state;
	uint32_t n = sf_build(app, (struct tbf_opts){ .name = "hdr", .binary_size = 800 });
	uint32_t hs = tbf_build_header_size(&(struct tbf_opts){ .name = "hdr" });
	assert_int_equal(sf_wait(store_setup(&sf_client, n), STORE_SETUP), 0);
	assert_int_equal(store_write(hs, app + hs, 64), -ERR_INVAL);
	assert_string_equal(store_why(), "the first write must hold the TBF header");
	assert_int_equal(store_write(0, app, hs - 4), -ERR_INVAL);
	assert_int_equal(store_write(0, app, 8), -ERR_INVAL);
	uint8_t junk[64];
	memset(junk, 0x77, sizeof junk);
	assert_int_equal(store_write(0, junk, sizeof junk), -ERR_INVAL);
	assert_int_equal(sf_wait(store_write(0, app, hs), STORE_WRITE), 0);   /* then it works */
	assert_int_equal(sf_wait(store_abort(), STORE_ABORT), 0);
	/* a TBF larger than the length given to setup */
	assert_int_equal(sf_wait(store_setup(&sf_client, n - 4), STORE_SETUP), 0);
	assert_int_equal(store_write(0, app, 256), -ERR_INVAL);
	assert_string_equal(store_why(), "TBF larger than set up");
	sf_assert_log("[store] refused: TBF larger than set up");
	assert_int_equal(sf_wait(store_abort(), STORE_ABORT), 0);
	/* the header's write (erase, record, data) and its abort (erase); nothing for the rest */
	assert_int_equal(sf.ff.writes + sf.ff.erases, 2 * (SF_SLOT / SF_PAGE) + 2);
}

/* What finalize refuses leaves the store as it was: slot erased, nothing listed or running. */
static void refused(struct tbf_opts o, int status, const char *why)
{
	uint32_t n = sf_build(app, o);
	unsigned procs = process_count();
	fake_uart_clear();
	assert_int_equal(sf_install(app, n), status);
	assert_string_equal(store_why(), why);
	sf_assert_log(why);
	assert_int_equal(sf_apps(), 0);
	assert_int_equal(process_count(), procs);
	for (unsigned k = 0; k < SF_SLOTS; k++)
		assert_true(sf_slot_erased(k));
	if (procs == 0) {
		sf_boot();
		assert_int_equal(sf.started, 0);
	}
}

static const char *no_evil(struct app_credentials *a, const void *ctx)
{
	(void)ctx;
	return a->h->package_name_len == 4 && !memcmp(a->h->package_name, "evil", 4)
		       ? "the board does not run evil"
		       : NULL;
}

static void test_finalize_applies_the_boot_checks(void **state)
{
	(void)state;
	refused((struct tbf_opts){ .name = "v3", .kmajor = 3 }, -ERR_FAIL,
		"needs a kernel version this kernel (2.3) is not compatible with");
	refused((struct tbf_opts){ .name = "off", .disabled = true }, -ERR_FAIL, "disabled in its header");
	refused((struct tbf_opts){ .name = "forged", .program = true, .bad_sha256 = true }, -ERR_FAIL,
		"SHA-256 credential does not match the app");
	refused((struct tbf_opts){ .name = "odd", .init_offset = 3 }, -ERR_FAIL,
		"entry point outside its binary");
	refused((struct tbf_opts){ .name = "huge", .min_ram = SF_POOL }, -ERR_NOMEM,
		"no room for its RAM");
	static const struct app_checker policy = { no_evil, NULL };
	sf.checker = &policy;
	sf_boot();
	refused((struct tbf_opts){ .name = "evil" }, -ERR_FAIL, "the board does not run evil");
	/* a signed-looking app with a good SHA-256 passes */
	uint32_t n = sf_build(app, (struct tbf_opts){ .name = "good", .program = true, .sha256 = true });
	assert_int_equal(sf_install(app, n), 0);
}

/* Finalize hashes a credentialed app 1 KiB per kernel-loop turn: no turn is long, whatever the
 * app's size (a 10 ms alarm stays on time during an install); a forged digest is still caught. */
static unsigned finalize_turns(const uint8_t *tbf, uint32_t n, int *status)
{
	assert_int_equal(sf_wait(store_setup(&sf_client, n), STORE_SETUP), 0);
	for (uint32_t off = 0; off < n; off += STORE_CHUNK)
		assert_int_equal(sf_wait(store_write(off, tbf + off, n - off < STORE_CHUNK ? n - off : STORE_CHUNK),
					 STORE_WRITE), 0);
	unsigned before = sf.dones, turns = 0;
	assert_int_equal(store_finalize(), 0);
	while (sf.dones == before) {
		assert_true(deferred_run_all());
		turns++;
	}
	*status = sf.last_status;
	return turns;
}

static void test_finalize_hashes_in_steps(void **state)
{
	(void)state;
	int status;
	uint32_t n = sf_build(app, (struct tbf_opts){ .name = "big", .program = true, .sha256 = true,
						     .binary_size = 12000 });
	/* 12 steps of hashing (12 KiB), the checks, the commit and its completion */
	assert_true(finalize_turns(app, n, &status) >= 12);
	assert_int_equal(status, 0);
	assert_int_equal(sf_wait(store_load(), STORE_LOAD), 0);
	n = sf_build(app, (struct tbf_opts){ .name = "forged", .program = true, .bad_sha256 = true,
					     .binary_size = 12000 });
	assert_true(finalize_turns(app, n, &status) >= 12);
	assert_int_equal(status, -ERR_FAIL);
	assert_string_equal(store_why(), "SHA-256 credential does not match the app");
	/* without footers nor a board policy nothing is hashed: the checks and the commit only */
	n = sf_build(app, (struct tbf_opts){ .name = "plain", .binary_size = 12000 });
	assert_true(finalize_turns(app, n, &status) <= 3);
	assert_int_equal(status, 0);
}

static void test_finalize_checks_the_other_processes(void **state)
{
	(void)state;
	struct proc_opts po = { 0 };
	struct process *boot_app = env_proc(0, &po);
	boot_app->short_id = 0x42;
	refused((struct tbf_opts){ .name = "clash", .short_id = true, .short_id_value = 0x42 },
		-ERR_FAIL, "its ShortId is already used by another app");
	for (unsigned i = 1; i < CONFIG_MAX_PROCS; i++)
		env_proc(i, &po);
	refused((struct tbf_opts){ .name = "nine" }, -ERR_NOMEM, "no free process slot");
}

/* A first write refused: the session stays open, nothing touched the flash; abort closes it. */
static void refused_write(uint32_t n)
{
	unsigned ops = sf.ff.ops;
	assert_int_equal(sf_install(app2, n), -ERR_INVAL);
	assert_int_equal(sf.ff.ops, ops);
	assert_int_equal(sf_wait(store_abort(), STORE_ABORT), 0);
}

static void test_fixed_address_apps_go_to_their_own_free_slot_only(void **state)
{
	(void)state;
	uint32_t hs = tbf_build_header_size(&(struct tbf_opts){ .name = "fx", .fixed = true });
	uint32_t slot3 = sf.ff.flash.base + 3 * SF_SLOT + STORE_RECORD_SIZE + hs;
	uint32_t n = sf_build(app, (struct tbf_opts){ .name = "fx", .fixed = true,
						     .fixed_flash = slot3, .fixed_ram = TBF_NOT_FIXED });
	assert_int_equal(sf_install(app, n), 0);
	struct store_app a;
	assert_true(store_app(3, &a));
	assert_int_equal(sf_proc("fx")->flash_start, a.tbf);
	/* again: its slot is taken (and it would be an update) */
	fake_uart_clear();
	assert_int_equal(store_remove(&sf_client, 0), -ERR_INVAL);
	n = sf_build(app2, (struct tbf_opts){ .name = "fy", .fixed = true, .fixed_flash = slot3,
					      .fixed_ram = TBF_NOT_FIXED });
	refused_write(n);
	assert_string_equal(store_why(), "fixed address is not a free slot");
	/* linked for the boot app region, as libtock-c's apps are */
	n = sf_build(app2, (struct tbf_opts){ .name = "libtock", .fixed = true,
					      .fixed_flash = 0x80100080u, .fixed_ram = 0x80300000u });
	fake_uart_clear();
	refused_write(n);
	sf_assert_log("[store] linked for 0x80100080: a fixed-address app goes only there, into a free slot");
	/* not on a slot boundary */
	n = sf_build(app2, (struct tbf_opts){ .name = "fz", .fixed = true, .fixed_flash = slot3 + SF_SLOT + 4,
					      .fixed_ram = TBF_NOT_FIXED });
	refused_write(n);
	assert_int_equal(sf_apps(), 1);
	assert_int_equal(sf.ff.erases, SF_SLOT / SF_PAGE);   /* the one install's */
}

static void test_abort_at_every_stage_leaves_the_store_as_it_was(void **state)
{
	(void)state;
	uint32_t n = sf_build(app, (struct tbf_opts){ .name = "keep" });
	assert_int_equal(sf_install(app, n), 0);
	uint32_t m = sf_build(app2, (struct tbf_opts){ .name = "gone", .binary_size = 3000 });
	for (unsigned stage = 0; stage < 3; stage++) {
		assert_int_equal(sf_wait(store_setup(&sf_client, m), STORE_SETUP), 0);
		if (stage >= 1)
			for (uint32_t off = 0; off < m; off += STORE_CHUNK)
				assert_int_equal(sf_wait(store_write(off, app2 + off, m - off < STORE_CHUNK ? m - off : STORE_CHUNK),
							 STORE_WRITE), 0);
		if (stage >= 2)
			assert_int_equal(sf_wait(store_finalize(), STORE_FINALIZE), 0);
		assert_int_equal(sf_wait(store_abort(), STORE_ABORT), 0);
		assert_int_equal(sf_apps(), 1);
		assert_null(sf_proc("gone"));
		assert_true(sf_slot_erased(1));
		sf_boot();
		assert_int_equal(sf.started, 1);
		assert_non_null(sf_proc("keep"));
	}
}

static void test_remove_stops_the_process_and_frees_flash_and_ram(void **state)
{
	(void)state;
	uint32_t n = sf_build(app, (struct tbf_opts){ .name = "victim", .min_ram = 6000 });
	assert_int_equal(sf_install(app, n), 0);
	struct process *p = sf_proc("victim");
	process_id_t id = process_id(p);
	/* it lends a buffer to a capsule and subscribes: both go with it */
	assert_int_equal(env_memop(p, 0, p->mem_start + 1024).a[0], SYSRET_SUCCESS);
	assert_int_equal(env_allow(p, ALLOW_RW, TEST_DRIVER_NUM, 0, p->mem_start + 64, 16).a[0], SYSRET_SUCCESS_2U32);
	uint32_t ram = p->mem_end - p->mem_start;
	assert_int_equal(store_remove(&sf_client, 1), -ERR_INVAL);   /* nothing there */
	fake_uart_clear();
	assert_int_equal(sf_wait(store_remove(&sf_client, 0), STORE_REMOVE), 0);
	sf_assert_log("[store] 'victim' removed");
	assert_int_equal(p->state, PS_EMPTY);
	assert_null(process_lookup(id));
	assert_int_equal(process_count(), 0);
	assert_true(sf_slot_erased(0));
	assert_int_equal(sf_apps(), 0);
	/* its RAM and slot are free: an app needing all of the pool fits */
	uint32_t big = SF_POOL - ram;   /* more than what was free beside it */
	n = sf_build(app, (struct tbf_opts){ .name = "big", .min_ram = big });
	assert_int_equal(sf_install(app, n), 0);
	assert_int_equal(sf_proc("big")->mem_start, lowmem_addr(sf.pool));
	sf_boot();
	assert_null(sf_proc("victim"));
	assert_non_null(sf_proc("big"));
}

/* A slot erased since boot is taken again only when no other is free (QEMU would run its old
 * code's stale translations at the same address). */
static void test_installs_rotate_over_the_slots_until_a_reboot(void **state)
{
	(void)state;
	uint32_t n = sf_build(app, (struct tbf_opts){ .name = "a" });
	assert_int_equal(sf_install(app, n), 0);
	assert_int_equal(sf_remove("a"), 0);
	n = sf_build(app, (struct tbf_opts){ .name = "b" });
	assert_int_equal(sf_install(app, n), 0);
	struct store_app a;
	assert_false(store_app(0, &a));
	assert_true(store_app(1, &a));
	for (unsigned k = 2; k < SF_SLOTS; k++) {   /* the others first */
		char name[8];
		snprintf(name, sizeof name, "f%u", k);
		assert_int_equal(sf_install(app, sf_build(app, (struct tbf_opts){ .name = name, .min_ram = 64 })), 0);
		assert_true(store_app(k, &a));
	}
	assert_int_equal(sf_install(app, sf_build(app, (struct tbf_opts){ .name = "last", .min_ram = 64 })), 0);
	assert_true(store_app(0, &a));   /* then the one erased before */
	assert_int_equal(sf_remove("f2"), 0);
	assert_int_equal(sf_remove("f3"), 0);
	sf_boot();
	assert_int_equal(sf_install(app, sf_build(app, (struct tbf_opts){ .name = "z", .min_ram = 64 })), 0);
	assert_true(store_app(2, &a));   /* after a reboot, the lowest free slot again */
	assert_int_equal(a.name[0], 'z');
}

static void test_an_app_may_remove_itself(void **state)
{
	(void)state;
	uint32_t n = sf_build(app, (struct tbf_opts){ .name = "self" });
	assert_int_equal(sf_install(app, n), 0);
	struct process *p = sf_proc("self");
	/* the call only starts the job: the process is still there when it returns */
	assert_int_equal(store_remove(&sf_client, 0), 0);
	assert_int_equal(p->state, PS_RUNNABLE);
	env_run();
	assert_int_equal(p->state, PS_EMPTY);
}

static void test_update_runs_a_trial_then_replaces_the_old_version(void **state)
{
	(void)state;
	uint32_t n = sf_build(app, (struct tbf_opts){ .name = "app", .binary_size = 1000 });
	assert_int_equal(sf_install(app, n), 0);
	struct process *old = sf_proc("app");
	uint32_t m = sf_build(app2, (struct tbf_opts){ .name = "app", .binary_size = 2000 });
	fake_uart_clear();
	assert_int_equal(sf_install(app2, m), 0);
	sf_assert_log("[store] 'app': new version on trial in slot 1");
	struct store_app a, b;
	assert_true(store_app(0, &a));
	assert_true(store_app(1, &b));
	assert_int_equal(a.state, STORE_STANDBY);
	assert_null(a.process);
	assert_int_equal(b.state, STORE_TRIAL);
	assert_non_null(b.process);
	assert_int_equal(old->state == PS_EMPTY || old->flash_start == b.tbf, 1);
	sf_check_consistent();
	/* neither may be removed or updated during the trial */
	assert_int_equal(store_remove(&sf_client, 0), -ERR_INVAL);
	assert_int_equal(store_remove(&sf_client, 1), -ERR_INVAL);
	assert_int_equal(sf_install(app, n), -ERR_INVAL);
	assert_string_equal(store_why(), "an update of it is on trial");
	assert_int_equal(sf_wait(store_abort(), STORE_ABORT), 0);
	env_advance(CONFIG_STORE_TRIAL_TICKS);
	sf_assert_log("[store] 'app': new version confirmed");
	assert_false(store_app(0, &a));
	assert_true(sf_slot_erased(0));
	assert_true(store_app(1, &b));
	assert_int_equal(b.state, STORE_INSTALLED);
	assert_int_equal(b.size, m);
	sf_check_consistent();
	sf_boot();
	assert_int_equal(sf.started, 1);
	assert_int_equal(sf_proc("app")->flash_end - sf_proc("app")->flash_start, m);
}

static void test_an_update_that_faults_on_trial_is_rolled_back(void **state)
{
	(void)state;
	uint32_t n = sf_build(app, (struct tbf_opts){ .name = "app", .binary_size = 1000 });
	assert_int_equal(sf_install(app, n), 0);
	uint32_t m = sf_build(app2, (struct tbf_opts){ .name = "app", .binary_size = 2000 });
	assert_int_equal(sf_install(app2, m), 0);
	process_fault(sf_proc("app"), 2, 0);   /* restarted by the policy, but it faulted */
	fake_uart_clear();
	env_advance(CONFIG_STORE_TRIAL_TICKS);
	sf_assert_log("[store] 'app': new version faulted on trial, old one back\n");
	struct store_app a;
	assert_true(store_app(0, &a));
	assert_int_equal(a.state, STORE_INSTALLED);
	assert_non_null(a.process);
	assert_int_equal(a.process->flash_end - a.process->flash_start, n);
	assert_false(store_app(1, &a));
	assert_true(sf_slot_erased(1));
	sf_check_consistent();
	sf_boot();
	assert_int_equal(sf_proc("app")->flash_end - sf_proc("app")->flash_start, n);
}

static void test_a_reboot_during_the_trial_rolls_back(void **state)
{
	(void)state;
	uint32_t n = sf_build(app, (struct tbf_opts){ .name = "app", .binary_size = 1000 });
	assert_int_equal(sf_install(app, n), 0);
	uint32_t m = sf_build(app2, (struct tbf_opts){ .name = "app", .binary_size = 2000 });
	assert_int_equal(sf_install(app2, m), 0);
	sf_boot();
	assert_int_equal(sf.started, 1);
	struct store_app a;
	assert_true(store_app(0, &a));
	assert_int_equal(a.size, n);
	assert_false(store_app(1, &a));
	/* slot 1 is free again: the next install takes it (and erases it first) */
	assert_int_equal(sf_install(app2, m), 0);
	assert_true(store_app(1, &a));
	assert_int_equal(a.state, STORE_TRIAL);
}

/* A power cut between the update's confirmation and the old version's removal: the old one
 * must not start, and it is removed before any other operation. */
static void test_a_superseded_version_is_removed_at_boot_before_anything_else(void **state)
{
	(void)state;
	uint32_t n = sf_build(app, (struct tbf_opts){ .name = "app", .binary_size = 1000 });
	assert_int_equal(sf_install(app, n), 0);
	uint32_t m = sf_build(app2, (struct tbf_opts){ .name = "app", .binary_size = 2000 });
	assert_int_equal(sf_install(app2, m), 0);
	fake_flash_cut(&sf.ff, 1, 0);   /* CONFIRMED goes through, the old one's REMOVED does not */
	env_advance(CONFIG_STORE_TRIAL_TICKS);
	sf_assert_log("[store] flash error");
	assert_int_equal(store_setup(&sf_client, 100), -ERR_FAIL);   /* stopped until the reboot */
	env_init();
	fake_uart_clear();
	fake_flash_reboot(&sf.ff);
	sf.ff.stalled = true;   /* look at the store before its recovery runs */
	assert_int_equal(store_init(&sf.ff.flash, SF_SLOT, NULL, lowmem_addr(sf.pool),
				    lowmem_addr(sf.pool) + SF_POOL), 1);
	assert_int_equal(store_setup(&sf_client, 100), -ERR_BUSY);
	assert_int_equal(process_count(), 1);
	assert_int_equal(sf_proc("app")->flash_end - sf_proc("app")->flash_start, m);
	fake_flash_stall(&sf.ff, false);
	env_run();
	assert_true(sf_slot_erased(0));
	assert_int_equal(sf_apps(), 1);
	assert_int_equal(sf_wait(store_setup(&sf_client, 100), STORE_SETUP), 0);
}

static void test_no_store_without_a_usable_flash(void **state)
{
	(void)state;
	assert_int_equal(store_init(NULL, SF_SLOT, NULL, 0, 0), -ERR_INVAL);
	assert_int_equal(store_slots(), 0);
	assert_int_equal(store_setup(&sf_client, 100), -ERR_NODEVICE);
	assert_int_equal(store_remove(&sf_client, 0), -ERR_NODEVICE);
	assert_int_equal(store_init(&sf.ff.flash, SF_PAGE + 1, NULL, 0, 0), -ERR_INVAL);
	assert_int_equal(store_init(&sf.ff.flash, SF_PAGE * SF_SLOTS * 64, NULL, 0, 0), -ERR_INVAL);
	assert_int_equal(store_setup(&sf_client, 100), -ERR_NODEVICE);
	assert_int_equal(store_init(&sf.ff.flash, SF_PAGE, NULL, 0, 0), 0);   /* slots of one page */
	assert_int_equal(store_slots(), SF_SLOTS * SF_SLOT / SF_PAGE);
}

static void test_an_app_refused_at_boot_stays_installed(void **state)
{
	(void)state;
	uint32_t n = sf_build(app, (struct tbf_opts){ .name = "evil" });
	assert_int_equal(sf_install(app, n), 0);
	static const struct app_checker policy = { no_evil, NULL };
	sf.checker = &policy;   /* the board's policy changed */
	sf_boot();
	assert_int_equal(sf.started, 0);
	sf_assert_log("[store] app in slot 0 not started: the board does not run evil");
	struct store_app a;
	assert_true(store_app(0, &a));
	assert_null(a.process);
	assert_int_equal(sf_remove("evil"), 0);   /* and it can be removed */
	assert_int_equal(sf_apps(), 0);
}

/* 1,000 random installs and removes of apps of random flash and RAM sizes: after each step
 * the store and the processes agree; an install fails only when it must (no free slot, or
 * the RAM bound below); at the end nothing has leaked. The bound: with first fit over at most
 * CONFIG_MAX_PROCS blocks there are at most live + 1 gaps, so an app of S bytes of RAM always
 * fits while free RAM >= (live + 1) * S. */
static void test_a_thousand_random_cycles_leak_nothing(void **state)
{
	(void)state;
	srand(12345);
	unsigned installs = 0, removes = 0, ram_refusals = 0;
	for (unsigned i = 0; i < 1000; i++) {
		unsigned live = sf_apps();
		bool add = live == 0 || (live < CONFIG_MAX_PROCS && rand() % 2);
		if (add) {
			char name[16];
			snprintf(name, sizeof name, "a%u", i);
			uint32_t flash = (64 + (uint32_t)rand() % (SF_SLOT - STORE_RECORD_SIZE - 256)) & ~3u;
			uint32_t ram = 512 + (uint32_t)rand() % (SF_POOL / 4);
			uint32_t n = sf_build(app, (struct tbf_opts){ .name = name, .binary_size = flash, .min_ram = ram });
			uint32_t used = 0;
			for (struct process *p = process_next(NULL); p; p = process_next(p))
				used += p->mem_end - p->mem_start;
			int r = sf_install(app, n);
			if (r == -ERR_NOMEM) {
				uint32_t need = (ram + KERNEL_AREA_SIZE + 7u) & ~7u;   /* the block */
				assert_true(SF_POOL - used < (uint64_t)(live + 1) * need);
				ram_refusals++;
				assert_int_equal(sf_apps(), live);
			} else {
				assert_int_equal(r, 0);
				assert_int_equal(sf_apps(), live + 1);
				installs++;
			}
		} else {
			unsigned pick = (unsigned)rand() % live, k = 0;
			struct store_app a;
			for (;; k++)
				if (store_app(k, &a) && pick-- == 0)
					break;
			assert_int_equal(sf_wait(store_remove(&sf_client, k), STORE_REMOVE), 0);
			assert_true(sf_slot_erased(k));
			removes++;
		}
		sf_check_consistent();
		if (i % 100 == 99) {   /* and the flash says the same after a reboot */
			unsigned before = sf_apps();
			sf_boot();
			assert_int_equal(sf_apps(), before);
			assert_int_equal((unsigned)sf.started, before);
			sf_check_consistent();
		}
	}
	print_message("1000 cycles: %u installs, %u removes, %u refused for RAM\n", installs,
		      removes, ram_refusals);
	assert_true(installs > 300 && removes > 300);
	struct store_app a;
	for (unsigned k = 0; k < store_slots(); k++)
		if (store_app(k, &a))
			assert_int_equal(sf_wait(store_remove(&sf_client, k), STORE_REMOVE), 0);
	assert_int_equal(sf_apps(), 0);
	assert_int_equal(process_count(), 0);
	for (unsigned k = 0; k < SF_SLOTS; k++)
		assert_true(sf_slot_erased(k));
	/* the whole pool is one free block again */
	uint32_t n = sf_build(app, (struct tbf_opts){ .name = "all", .min_ram = SF_POOL - 512 });
	assert_int_equal(sf_install(app, n), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_install_runs_the_app_from_its_slot_and_survives_a_reboot, setup),
		cmocka_unit_test_setup(test_writes_in_any_size_and_alignment_are_padded_and_read_back, setup),
		cmocka_unit_test_setup(test_a_write_that_does_not_read_back_fails, setup),
		cmocka_unit_test_setup(test_session_calls_out_of_order_or_too_large_are_refused, setup),
		cmocka_unit_test_setup(test_first_write_must_hold_the_header, setup),
		cmocka_unit_test_setup(test_finalize_applies_the_boot_checks, setup),
		cmocka_unit_test_setup(test_finalize_hashes_in_steps, setup),
		cmocka_unit_test_setup(test_finalize_checks_the_other_processes, setup),
		cmocka_unit_test_setup(test_fixed_address_apps_go_to_their_own_free_slot_only, setup),
		cmocka_unit_test_setup(test_abort_at_every_stage_leaves_the_store_as_it_was, setup),
		cmocka_unit_test_setup(test_remove_stops_the_process_and_frees_flash_and_ram, setup),
		cmocka_unit_test_setup(test_installs_rotate_over_the_slots_until_a_reboot, setup),
		cmocka_unit_test_setup(test_an_app_may_remove_itself, setup),
		cmocka_unit_test_setup(test_update_runs_a_trial_then_replaces_the_old_version, setup),
		cmocka_unit_test_setup(test_an_update_that_faults_on_trial_is_rolled_back, setup),
		cmocka_unit_test_setup(test_a_reboot_during_the_trial_rolls_back, setup),
		cmocka_unit_test_setup(test_a_superseded_version_is_removed_at_boot_before_anything_else, setup),
		cmocka_unit_test_setup(test_no_store_without_a_usable_flash, setup),
		cmocka_unit_test_setup(test_an_app_refused_at_boot_stays_installed, setup),
		cmocka_unit_test_setup(test_a_thousand_random_cycles_leak_nothing, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
