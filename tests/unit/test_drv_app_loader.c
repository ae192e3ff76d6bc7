/* Unit tests of the app loader capsule (driver 0x10001) over the app store on the fake flash: Tock's command and upcall numbers, chunked writes, errors, ownership, uninstall. */
/* sources: @kernel_env capsules/app_loader.c tests/unit/fakes/fake_flash.c tests/unit/fakes/store_fixture.c */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <capsules/app_loader.h>
#include "fakes/store_fixture.h"
#include "test_drv_env.h"

#define AL APP_LOADER_DRIVER_NUM
#define BUF_OFF 0x1000u   /* where the test processes keep the chunk they allow */

static struct app_loader al;
static struct process *p, *q;
static uint8_t tbf[SF_APP_MAX];
static uint32_t tbf_n;

static int setup(void **state)
{
	(void)state;
	sf_fresh();
	app_loader_init(&al, GRANT_DRV_A);
	drv_install(&al.driver);
	struct proc_opts o = { .ram = 0x8000, .brk = 0x6000 };
	p = env_proc(0, &o);
	q = env_proc(1, &o);
	tbf_n = sf_build(tbf, (struct tbf_opts){ .name = "hello", .binary_size = 1200, .short_id = true,
						 .short_id_value = 0x77 });
	return 0;
}

static uint32_t cmd(struct process *x, uint32_t c, uint32_t a0, uint32_t a1)
{
	struct env_ret r = env_command(x, AL, c, a0, a1);
	return r.a[0] == SYSRET_SUCCESS ? 0 : r.a[1];   /* 0, or the error code */
}

/* The upcall sub that x waits for, already queued or arriving while the loop runs: its
 * three arguments. */
static struct env_ret upcall(struct process *x, uint32_t sub)
{
	env_run();
	struct env_ret r = env_yield(x, YIELD_WAIT_FOR, AL, sub, 0);
	assert_int_equal(r.blocked, TRAP_RESUME);
	return r;
}

/* x allows len bytes of the TBF from offset off (copied into its RAM). */
static void give(struct process *x, uint32_t off, uint32_t len)
{
	memcpy(env_mem(x->mem_start + BUF_OFF), tbf + off, len);
	assert_int_equal(env_allow(x, ALLOW_RO, AL, 0, x->mem_start + BUF_OFF, len).a[0], SYSRET_SUCCESS_2U32);
}

/* setup, then the TBF in pieces of chunk bytes (one write command each). */
static void send(struct process *x, uint32_t chunk)
{
	assert_int_equal(cmd(x, 1, tbf_n, 0), 0);
	assert_int_equal(upcall(x, 0).a[0], 0);
	for (uint32_t off = 0; off < tbf_n; off += chunk) {
		uint32_t n = tbf_n - off < chunk ? tbf_n - off : chunk;
		give(x, off, n);
		assert_int_equal(cmd(x, 2, off, n), 0);
		struct env_ret r = upcall(x, 1);
		assert_int_equal(r.a[0], 0);
		assert_int_equal(r.a[1], n);
	}
}

static void test_install_as_libtock_c_does(void **state)
{
	(void)state;
	assert_int_equal(cmd(p, 0, 0, 0), 0);   /* exists */
	send(p, 512);
	assert_int_equal(cmd(p, 3, 0, 0), 0);
	assert_int_equal(upcall(p, 2).a[0], 0);
	assert_int_equal(cmd(p, 4, 0, 0), 0);
	assert_int_equal(upcall(p, 3).a[0], 0);
	struct process *h = sf_proc("hello");
	assert_non_null(h);
	assert_int_equal(h->state, PS_RUNNABLE);
	assert_memory_equal(sf.ff.mem + STORE_RECORD_SIZE, tbf, tbf_n);
	/* after the load the driver is free: the other process may use it */
	assert_int_equal(cmd(q, 1, 100, 0), 0);
	assert_int_equal(upcall(q, 0).a[0], 0);
}

static void test_one_write_command_may_carry_more_than_a_store_chunk(void **state)
{
	(void)state;
	assert_true(tbf_n > 2 * STORE_CHUNK);
	send(p, tbf_n);   /* one command: the capsule writes it in store chunks */
	assert_int_equal(cmd(p, 3, 0, 0), 0);
	assert_int_equal(upcall(p, 2).a[0], 0);
	assert_memory_equal(sf.ff.mem + STORE_RECORD_SIZE, tbf, tbf_n);
}

static void test_a_write_takes_at_most_the_allowed_bytes(void **state)
{
	(void)state;
	assert_int_equal(cmd(p, 1, tbf_n, 0), 0);
	upcall(p, 0);
	give(p, 0, 300);
	assert_int_equal(cmd(p, 2, 0, 1000), 0);
	struct env_ret r = upcall(p, 1);
	assert_int_equal(r.a[0], 0);
	assert_int_equal(r.a[1], 300);
	assert_memory_equal(sf.ff.mem + STORE_RECORD_SIZE, tbf, 300);
	assert_int_equal(sf.ff.mem[STORE_RECORD_SIZE + 300], 0xff);
}

static void test_errors(void **state)
{
	(void)state;
	assert_int_equal(cmd(p, 7, 0, 0), ERR_NOSUPPORT);
	assert_int_equal(cmd(p, 2, 0, 16), ERR_INVAL);   /* no setup */
	assert_int_equal(cmd(p, 3, 0, 0), ERR_INVAL);
	assert_int_equal(cmd(p, 4, 0, 0), ERR_INVAL);
	assert_int_equal(cmd(p, 1, SF_SLOT, 0), ERR_SIZE);
	assert_int_equal(cmd(p, 6, 0, 0), ERR_INVAL);      /* ShortId 0 */
	assert_int_equal(cmd(p, 6, 0x1234, 0), ERR_INVAL); /* none installed */
	assert_int_equal(cmd(p, 1, tbf_n, 0), 0);
	upcall(p, 0);
	assert_int_equal(cmd(p, 2, tbf_n - 4, 8), ERR_INVAL);   /* past the length set up */
	assert_int_equal(cmd(p, 2, 0, 16), ERR_RESERVE);        /* nothing allowed */
	assert_int_equal(cmd(p, 1, tbf_n, 0), ERR_BUSY);        /* one session at a time */
	/* a TBF the kernel refuses: finalize's upcall says FAIL */
	tbf_n = sf_build(tbf, (struct tbf_opts){ .name = "old", .kmajor = 1 });
	give(p, 0, tbf_n);
	assert_int_equal(cmd(p, 2, 0, tbf_n), 0);
	assert_int_equal(upcall(p, 1).a[0], 0);
	assert_int_equal(cmd(p, 3, 0, 0), 0);
	assert_int_equal(upcall(p, 2).a[0], ERR_FAIL);
	assert_int_equal(sf_apps(), 0);
	/* the session is over and the driver free */
	assert_int_equal(cmd(q, 1, 100, 0), 0);
}

static void test_abort(void **state)
{
	(void)state;
	send(p, 512);
	assert_int_equal(cmd(p, 5, 0, 0), 0);
	assert_int_equal(upcall(p, 4).a[0], 0);
	assert_true(sf_slot_erased(0));
	assert_int_equal(cmd(q, 1, 100, 0), 0);   /* free again */
}

static void test_others_get_busy_while_one_process_holds_the_driver(void **state)
{
	(void)state;
	assert_int_equal(cmd(p, 1, tbf_n, 0), 0);
	upcall(p, 0);
	assert_int_equal(cmd(q, 0, 0, 0), 0);   /* exists, for everyone */
	assert_int_equal(cmd(q, 1, 100, 0), ERR_BUSY);
	assert_int_equal(cmd(q, 5, 0, 0), ERR_BUSY);
	/* command 0 from the holder lets it go; its session is aborted when q claims */
	assert_int_equal(cmd(p, 0, 0, 0), 0);
	assert_int_equal(cmd(q, 1, 100, 0), ERR_BUSY);   /* the abort runs */
	env_run();
	assert_int_equal(q->upcall_count, 0);            /* and is not reported to q */
	assert_int_equal(cmd(q, 1, 100, 0), 0);
	assert_int_equal(upcall(q, 0).a[0], 0);
	assert_int_equal(cmd(p, 1, 100, 0), ERR_BUSY);
}

static void test_the_session_of_a_process_that_ended_is_aborted(void **state)
{
	(void)state;
	send(p, 512);
	process_terminate(p, 0);
	assert_int_equal(cmd(q, 1, tbf_n, 0), ERR_BUSY);
	env_run();
	assert_true(sf_slot_erased(0));
	send(q, 512);
	assert_int_equal(cmd(q, 3, 0, 0), 0);
	assert_int_equal(upcall(q, 2).a[0], 0);
}

static void test_uninstall_by_short_id(void **state)
{
	(void)state;
	send(p, 512);
	cmd(p, 3, 0, 0);
	upcall(p, 2);
	cmd(p, 4, 0, 0);
	upcall(p, 3);
	assert_non_null(sf_proc("hello"));
	assert_int_equal(cmd(q, 6, 0x77, 0), 0);
	struct env_ret r = upcall(q, 5);
	assert_int_equal(r.a[0], 0);
	assert_int_equal(r.a[1], 0);   /* the slot it was in */
	assert_null(sf_proc("hello"));
	assert_int_equal(sf_apps(), 0);
	assert_int_equal(cmd(q, 6, 0x77, 0), ERR_INVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_install_as_libtock_c_does, setup),
		cmocka_unit_test_setup(test_one_write_command_may_carry_more_than_a_store_chunk, setup),
		cmocka_unit_test_setup(test_a_write_takes_at_most_the_allowed_bytes, setup),
		cmocka_unit_test_setup(test_errors, setup),
		cmocka_unit_test_setup(test_abort, setup),
		cmocka_unit_test_setup(test_others_get_busy_while_one_process_holds_the_driver, setup),
		cmocka_unit_test_setup(test_the_session_of_a_process_that_ended_is_aborted, setup),
		cmocka_unit_test_setup(test_uninstall_by_short_id, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
