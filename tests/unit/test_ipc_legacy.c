/* Unit tests of Tock's IPC driver (0x10000, kernel/ipc/legacy.c): discovery, notifications, shares and their revocation, errors. */
/* sources: @kernel_env capsules/process_info.c */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <capsules/process_info.h>
#include <tick/ipc_legacy.h>
#include "internal/upcall.h"
#include "test_drv_env.h"

#define IPC IPC_LEGACY_DRIVER_NUM
enum { GRANT_IPC = GRANT_DRV_A, GRANT_PINFO = GRANT_DRV_B };

static struct ipc_legacy ipc;
static struct process_info pinfo;
static struct process *svc, *cli, *other;

static int setup(void **state)
{
	(void)state;
	env_init();
	ipc_legacy_init(&ipc, GRANT_IPC);
	drv_install(&ipc.driver);
	static const char *const controllers[] = { "p0", NULL };   /* the service */
	process_info_init(&pinfo, GRANT_PINFO, controllers);
	drv_install(&pinfo.driver);
	svc = env_proc_default(0);     /* named "p0" */
	cli = env_proc_default(1);     /* "p1" */
	other = env_proc_default(2);   /* "p2" */
	return 0;
}

/* A string in p's RAM (below its break), for the read-only search allow. */
static uint32_t put_str(struct process *p, uint32_t off, const char *s)
{
	memcpy(env_mem(p->mem_start + off), s, strlen(s));
	return p->mem_start + off;
}

static struct env_ret discover(struct process *p, const char *name)
{
	uint32_t a = put_str(p, 0x40, name);
	env_allow(p, SYS_ALLOW_RO, IPC, 0, a, (uint32_t)strlen(name));
	return env_command(p, IPC, 1, 0, 0);
}

static bool reaches(struct process *x, uint32_t addr, uint32_t len, uint8_t acc)
{
	arch_mpu_switch(x);
	return host_mpu_allows(&host_arch.mpu, addr, len, acc);
}

static void test_exists_and_unknown_commands(void **state)
{
	(void)state;
	assert_int_equal(env_command(cli, IPC, 0, 0, 0).a[0], SYSRET_SUCCESS);
	struct env_ret r = env_command(cli, IPC, 4, 0, 0);
	assert_int_equal(r.a[0], SYSRET_FAILURE);
	assert_int_equal(r.a[1], ERR_NOSUPPORT);
}

static void test_discover_finds_the_slot_by_exact_package_name(void **state)
{
	(void)state;
	struct env_ret r = discover(cli, "p0");
	assert_int_equal(r.a[0], SYSRET_SUCCESS_U32);
	assert_int_equal(r.a[1], 0);
	r = discover(svc, "p2");
	assert_int_equal(r.a[0], SYSRET_SUCCESS_U32);
	assert_int_equal(r.a[1], 2);
	r = discover(svc, "p0");   /* itself: how a service learns its subscribe number */
	assert_int_equal(r.a[1], 0);
	/* Exact bytes only: no prefix, no longer name, no terminator. */
	r = discover(cli, "p");
	assert_int_equal(r.a[0], SYSRET_FAILURE);
	assert_int_equal(r.a[1], ERR_NODEVICE);
	assert_int_equal(discover(cli, "p00").a[1], ERR_NODEVICE);
	assert_int_equal(discover(cli, "P0").a[1], ERR_NODEVICE);
	/* A process that ended is still found (Tock searches every loaded process). */
	process_terminate(other, 0);
	assert_int_equal(discover(cli, "p2").a[1], 2);
}

static void test_discover_without_a_name_is_inval(void **state)
{
	(void)state;
	struct env_ret r = env_command(cli, IPC, 1, 0, 0);
	assert_int_equal(r.a[0], SYSRET_FAILURE);
	assert_int_equal(r.a[1], ERR_INVAL);
	discover(cli, "p0");
	env_allow(cli, SYS_ALLOW_RO, IPC, 0, 0, 0);   /* taken back */
	assert_int_equal(env_command(cli, IPC, 1, 0, 0).a[1], ERR_INVAL);
}

static void test_discover_without_grant_memory_is_nomem(void **state)
{
	(void)state;
	/* Everything below the kernel area is below the break: no room for the grant. */
	struct process *tight = env_proc_default(4);
	assert_int_equal(env_memop(tight, TICK_MEMOP_BRK, tight->kernel_brk - 16).a[0], SYSRET_SUCCESS);
	struct env_ret r = env_command(tight, IPC, 1, 0, 0);
	assert_int_equal(r.a[0], SYSRET_FAILURE);
	assert_int_equal(r.a[1], ERR_NOMEM);
}

static void test_notify_service_and_client_use_tocks_subscribe_numbers(void **state)
{
	(void)state;
	/* Client 1 notifies service 0: upcall on the service's own number (0), args (1, 0, 0). */
	assert_int_equal(env_command(cli, IPC, 2, 0, 0).a[0], SYSRET_SUCCESS);
	drv_assert_event(svc, 0, IPC, 0, 1, 0, 0);
	/* Service 0 notifies client 1: upcall on the service's number (0), args (0, 0, 0). */
	assert_int_equal(env_command(svc, IPC, 3, 1, 0).a[0], SYSRET_SUCCESS);
	drv_assert_event(cli, 0, IPC, 0, 0, 0, 0);
	/* Process 2 as a client of service 1. */
	env_command(other, IPC, 2, 1, 0);
	drv_assert_event(cli, 1, IPC, 1, 2, 0, 0);
	env_command(cli, IPC, 3, 2, 0);
	drv_assert_event(other, 0, IPC, 1, 1, 0, 0);
}

static void test_notify_to_no_live_process_is_inval(void **state)
{
	(void)state;
	for (uint32_t t = 3; t < CONFIG_MAX_PROCS + 2; t++) {
		struct env_ret r = env_command(cli, IPC, 2, t, 0);
		assert_int_equal(r.a[0], SYSRET_FAILURE);
		assert_int_equal(r.a[1], ERR_INVAL);
		assert_int_equal(env_command(cli, IPC, 3, t, 0).a[1], ERR_INVAL);
	}
	assert_int_equal(env_command(cli, IPC, 2, 0xffffffffu, 0).a[1], ERR_INVAL);
	process_terminate(svc, 0);
	assert_int_equal(env_command(cli, IPC, 2, 0, 0).a[1], ERR_INVAL);
}

static void test_a_subscribed_service_gets_the_upcall_and_a_waiting_one_wakes(void **state)
{
	(void)state;
	uint32_t fn = env_fn(svc, 3);
	env_subscribe(svc, IPC, 0, fn, 0x1234);
	assert_int_equal(env_yield(svc, YIELD_WAIT, 0, 0, 0).blocked, TRAP_TO_KERNEL);
	env_command(cli, IPC, 2, 0, 0);
	assert_ptr_equal(env_step(), svc);   /* the upcall runs */
	assert_int_equal(svc->ctx.pc, fn);
	assert_int_equal(arch_arg(&svc->ctx, 0), 1);
	assert_int_equal(arch_arg(&svc->ctx, 3), 0x1234);
	/* A client waiting for its service without any subscription (Tick's race-free wait). */
	assert_int_equal(env_yield(cli, YIELD_WAIT_FOR, IPC, 0, 0).blocked, TRAP_TO_KERNEL);
	svc->state = PS_RUNNABLE;
	env_command(svc, IPC, 3, 1, 0);
	assert_int_equal(cli->state, PS_RUNNABLE);
	assert_int_equal(arch_arg(&cli->ctx, 0), 0);
}

/* Tock #4410: a notification sent before the service subscribed is not lost for a waiter. */
static void test_a_notification_before_the_services_wait_is_kept(void **state)
{
	(void)state;
	env_command(cli, IPC, 2, 0, 0);
	struct env_ret r = env_yield(svc, YIELD_WAIT_FOR, IPC, 0, 0);
	assert_int_equal(r.blocked, TRAP_RESUME);
	assert_int_equal(r.a[0], 1);
}

/* One sender may have CONFIG_IPC_LEGACY_QUEUED_PER_SENDER notifications queued at a target:
 * a flood gets BUSY and leaves room for everybody else; only many senders together fill the
 * queue (NOMEM). */
static void test_a_flooding_sender_gets_busy_and_others_still_reach_the_target(void **state)
{
	(void)state;
	env_subscribe(svc, IPC, 0, env_fn(svc, 1), 0);
	for (unsigned i = 0; i < 2; i++)
		assert_int_equal(env_command(cli, IPC, 2, 0, 0).a[0], SYSRET_SUCCESS);
	for (unsigned i = 0; i < 1000; i++) {
		struct env_ret r = env_command(cli, IPC, 2, 0, 0);
		assert_int_equal(r.a[0], SYSRET_FAILURE);
		assert_int_equal(r.a[1], ERR_BUSY);
	}
	assert_int_equal(svc->upcall_count, 2);
	/* Another sender still gets through, and so does the first once the target ran one. */
	assert_int_equal(env_command(other, IPC, 2, 0, 0).a[0], SYSRET_SUCCESS);
	upcall_remove(svc, 0);
	assert_int_equal(env_command(cli, IPC, 2, 0, 0).a[0], SYSRET_SUCCESS);
	assert_int_equal(env_command(cli, IPC, 2, 0, 0).a[1], ERR_BUSY);
	/* Many senders, each within its quota, fill the queue: then NOMEM. */
	struct process *more[CONFIG_MAX_PROCS];
	unsigned senders = 0, sent = svc->upcall_count;
	for (unsigned s = 3; s < CONFIG_MAX_PROCS && sent < CONFIG_UPCALL_QUEUE_LEN; s++) {
		more[senders] = env_proc_default(s);
		for (unsigned i = 0; i < 2 && sent < CONFIG_UPCALL_QUEUE_LEN; i++, sent++)
			assert_int_equal(env_command(more[senders], IPC, 2, 0, 0).a[0], SYSRET_SUCCESS);
		senders++;
	}
	assert_int_equal(sent, CONFIG_UPCALL_QUEUE_LEN);
	assert_int_equal(env_command(svc, IPC, 2, 0, 0).a[1], ERR_NOMEM);   /* itself: within quota */
}

/* The client shares RW allow slot <service> with the service: the service gets (client,
 * len, ptr) and its protection now reaches exactly that buffer. */
static void test_a_share_reaches_the_target_with_its_notification(void **state)
{
	(void)state;
	uint32_t buf = cli->mem_start + 0x100;
	memcpy(env_mem(buf), "Hello World!", 12);
	assert_false(reaches(svc, buf, 4, MPU_R));
	assert_int_equal(env_allow(cli, SYS_ALLOW_RW, IPC, 0, buf, 64).a[0], SYSRET_SUCCESS_2U32);
	assert_false(reaches(svc, buf, 4, MPU_R));   /* allowing alone shares nothing */
	env_command(cli, IPC, 2, 0, 0);
	drv_assert_event(svc, 0, IPC, 0, 1, 64, buf);
	assert_true(reaches(svc, buf, 64, MPU_R | MPU_W));
	assert_false(reaches(svc, buf + 64, 4, MPU_R));
	assert_false(reaches(svc, buf - 4, 4, MPU_R));
	assert_false(reaches(other, buf, 4, MPU_R));   /* only the target */
	assert_null(env_check());
	/* The slot numbered with another process shares with that one only. */
	env_command(cli, IPC, 2, 2, 0);
	drv_assert_event(other, 0, IPC, 2, 1, 0, 0);
	assert_false(reaches(other, buf, 4, MPU_R));
}

/* PMP bounds are whole words: an unaligned buffer shares its whole words only, and the
 * target is told exactly what it can reach. */
static void test_an_unaligned_share_exposes_only_whole_words_inside_it(void **state)
{
	(void)state;
	uint32_t buf = cli->mem_start + 0x101;
	env_allow(cli, SYS_ALLOW_RW, IPC, 0, buf, 62);   /* [0x101, 0x13f) */
	env_command(cli, IPC, 2, 0, 0);
	drv_assert_event(svc, 0, IPC, 0, 1, 56, buf + 3);   /* [0x104, 0x13c) */
	assert_true(reaches(svc, buf + 3, 56, MPU_R | MPU_W));
	assert_false(reaches(svc, buf - 1, 4, MPU_R));
	assert_false(reaches(svc, buf + 59, 4, MPU_R));
	/* No whole word inside: nothing is shared, the target gets (sender, 0, 0). */
	env_allow(cli, SYS_ALLOW_RW, IPC, 0, cli->mem_start + 0x203, 4);
	env_command(cli, IPC, 2, 0, 0);
	drv_assert_event(svc, 1, IPC, 0, 1, 0, 0);
	assert_false(reaches(svc, buf + 3, 4, MPU_R));   /* the new allow ended the old share */
	assert_null(env_check());
}

static void test_sharing_with_itself_maps_nothing(void **state)
{
	(void)state;
	uint32_t buf = svc->mem_start + 0x101;
	env_allow(svc, SYS_ALLOW_RW, IPC, 0, buf, 7);
	env_command(svc, IPC, 2, 0, 0);
	drv_assert_event(svc, 0, IPC, 0, 0, 7, buf);
	assert_int_equal(exposure_owned[0], 0);
	assert_null(env_check());
}

/* Re-sharing (a new allow of the slot, even with the same buffer) ends the share; the next
 * notification shares again. */
static void test_re_sharing_revokes_until_the_next_notification(void **state)
{
	(void)state;
	uint32_t a = cli->mem_start + 0x100, b = cli->mem_start + 0x200;
	env_allow(cli, SYS_ALLOW_RW, IPC, 0, a, 32);
	env_command(cli, IPC, 2, 0, 0);
	assert_true(reaches(svc, a, 32, MPU_R | MPU_W));
	env_allow(cli, SYS_ALLOW_RW, IPC, 0, b, 32);
	assert_false(reaches(svc, a, 4, MPU_R));
	assert_false(reaches(svc, b, 4, MPU_R));
	env_command(cli, IPC, 2, 0, 0);
	assert_false(reaches(svc, a, 4, MPU_R));
	assert_true(reaches(svc, b, 32, MPU_R | MPU_W));
	env_allow(cli, SYS_ALLOW_RW, IPC, 0, 0, 0);   /* unshare */
	assert_false(reaches(svc, b, 4, MPU_R));
	assert_null(env_check());
}

/* Tock #4371's bug class: the client restarts while its buffer is shared. The service must
 * lose access before the client's RAM is zeroed and reused (including by the client's new
 * grants, which start at the top of the same block). */
static void test_the_client_restarting_revokes_before_its_ram_is_reused(void **state)
{
	(void)state;
	uint32_t buf = cli->mem_start + 0x100;
	env_allow(cli, SYS_ALLOW_RW, IPC, 0, buf, 64);
	env_command(cli, IPC, 2, 0, 0);
	assert_true(reaches(svc, buf, 64, MPU_R | MPU_W));
	process_restart(cli);
	assert_false(reaches(svc, buf, 4, MPU_R));
	assert_null(env_check());
	/* Its new run shares again only when it says so. */
	env_memop(cli, TICK_MEMOP_BRK, cli->mem_start + 0x800);
	env_command(cli, IPC, 2, 0, 0);
	assert_false(reaches(svc, buf, 4, MPU_R));
	while (svc->upcall_count)   /* the service runs its upcalls (the per-sender quota) */
		upcall_remove(svc, 0);
	env_allow(cli, SYS_ALLOW_RW, IPC, 0, buf, 64);
	assert_int_equal(env_command(cli, IPC, 2, 0, 0).a[0], SYSRET_SUCCESS);
	assert_true(reaches(svc, buf, 64, MPU_R));
	/* Exit and faults too. */
	process_force_fault(cli);
	assert_false(reaches(svc, buf, 4, MPU_R));
	assert_null(env_check());
}

/* The service itself ends the client through a system call (process info: terminate,
 * fault): it resumes on the fast path, and the protection loaded at that moment already
 * excludes the buffer. */
static void test_the_service_ending_the_client_loses_access_before_it_resumes(void **state)
{
	(void)state;
	uint32_t buf = cli->mem_start + 0x100;
	env_allow(cli, SYS_ALLOW_RW, IPC, 0, buf, 64);
	env_command(cli, IPC, 2, 0, 0);
	struct env_ret r = env_command(svc, PROCESS_INFO_DRIVER_NUM, 6, process_id(cli), PA_FAULT);
	assert_int_equal(r.a[0], SYSRET_SUCCESS);
	assert_ptr_equal(host_arch.mpu_owner, svc);
	assert_false(host_mpu_allows(&host_arch.mpu, buf, 4, MPU_R));
	env_allow(cli, SYS_ALLOW_RW, IPC, 0, buf, 64);
	env_memop(cli, TICK_MEMOP_BRK, cli->mem_start + 0x800);
	env_allow(cli, SYS_ALLOW_RW, IPC, 0, buf, 64);
	env_command(cli, IPC, 2, 0, 0);
	r = env_command(svc, PROCESS_INFO_DRIVER_NUM, 6, process_id(cli), PA_TERMINATE);
	assert_int_equal(r.a[0], SYSRET_SUCCESS);
	assert_ptr_equal(host_arch.mpu_owner, svc);
	assert_false(host_mpu_allows(&host_arch.mpu, buf, 4, MPU_R));
	assert_null(env_check());
}

/* The client's break cannot shrink under the shared buffer. */
static void test_the_client_cannot_shrink_its_break_under_a_share(void **state)
{
	(void)state;
	uint32_t buf = cli->app_brk - 32;
	env_allow(cli, SYS_ALLOW_RW, IPC, 0, buf, 32);
	env_command(cli, IPC, 2, 0, 0);
	env_allow(cli, SYS_ALLOW_RW, IPC, 0, 0, 0);
	assert_int_equal(env_memop(cli, TICK_MEMOP_BRK, buf).a[1], ERR_NOMEM);
	assert_null(env_check());
}

/* Three clients share with one service: it holds the two latest shares. */
static void test_a_service_holds_the_two_latest_shares(void **state)
{
	(void)state;
	struct process *c3 = env_proc_default(3);
	struct process *cs[3] = { cli, other, c3 };
	for (unsigned i = 0; i < 3; i++) {
		env_allow(cs[i], SYS_ALLOW_RW, IPC, 0, cs[i]->mem_start + 0x100, 16);
		assert_int_equal(env_command(cs[i], IPC, 2, 0, 0).a[0], SYSRET_SUCCESS);
		assert_true(reaches(svc, cs[i]->mem_start + 0x100, 16, MPU_R | MPU_W));
	}
	assert_false(reaches(svc, cli->mem_start + 0x100, 4, MPU_R));
	assert_true(reaches(svc, other->mem_start + 0x100, 16, MPU_R));
	assert_null(env_check());
	/* The service shares back with a client: a share in the other direction. */
	env_allow(svc, SYS_ALLOW_RW, IPC, 3, svc->mem_start + 0x300, 8);
	env_command(svc, IPC, 3, 3, 0);
	drv_assert_event(c3, 0, IPC, 0, 0, 8, svc->mem_start + 0x300);
	assert_true(reaches(c3, svc->mem_start + 0x300, 8, MPU_R | MPU_W));
	/* The service restarts: it drops what it held and revokes what it shared. */
	process_restart(svc);
	assert_false(reaches(c3, svc->mem_start + 0x300, 4, MPU_R));
	for (unsigned i = 0; i < 3; i++)
		assert_int_equal(exposure_owned[cs[i]->index], 0);
	assert_null(env_check());
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_exists_and_unknown_commands, setup),
		cmocka_unit_test_setup(test_discover_finds_the_slot_by_exact_package_name, setup),
		cmocka_unit_test_setup(test_discover_without_a_name_is_inval, setup),
		cmocka_unit_test_setup(test_discover_without_grant_memory_is_nomem, setup),
		cmocka_unit_test_setup(test_notify_service_and_client_use_tocks_subscribe_numbers, setup),
		cmocka_unit_test_setup(test_notify_to_no_live_process_is_inval, setup),
		cmocka_unit_test_setup(test_a_subscribed_service_gets_the_upcall_and_a_waiting_one_wakes, setup),
		cmocka_unit_test_setup(test_a_notification_before_the_services_wait_is_kept, setup),
		cmocka_unit_test_setup(test_a_flooding_sender_gets_busy_and_others_still_reach_the_target, setup),
		cmocka_unit_test_setup(test_a_share_reaches_the_target_with_its_notification, setup),
		cmocka_unit_test_setup(test_an_unaligned_share_exposes_only_whole_words_inside_it, setup),
		cmocka_unit_test_setup(test_sharing_with_itself_maps_nothing, setup),
		cmocka_unit_test_setup(test_re_sharing_revokes_until_the_next_notification, setup),
		cmocka_unit_test_setup(test_the_client_restarting_revokes_before_its_ram_is_reused, setup),
		cmocka_unit_test_setup(test_the_service_ending_the_client_loses_access_before_it_resumes, setup),
		cmocka_unit_test_setup(test_the_client_cannot_shrink_its_break_under_a_share, setup),
		cmocka_unit_test_setup(test_a_service_holds_the_two_latest_shares, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
