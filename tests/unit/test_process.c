/* Unit tests of the process life cycle (kernel/process.c): start registers, ids, faults and policy, operator controls. */
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

static void test_a_new_process_starts_as_crt0_expects(void **state)
{
	(void)state;
	memset(env_mem(q->mem_start), 0x5a, 64);
	arch_mpu_switch(q);   /* its image, with the old break, is the one loaded */
	unsigned inval = host_arch.mpu_invalidates;
	process_start(q);
	struct arch_context *c = &q->ctx;
	assert_int_equal(c->pc, q->init_pc);
	assert_int_equal(c->pc, q->app_start);
	assert_int_equal(arch_arg(c, 0), q->app_start);
	assert_int_equal(arch_arg(c, 1), q->mem_start);
	assert_int_equal(arch_arg(c, 2), q->mem_end - q->mem_start);
	assert_int_equal(arch_arg(c, 3), q->mem_start + 4);   /* the first word is the app's */
	assert_int_equal(c->regs[RV_SP], q->mem_start + 4);   /* sp starts at the initial break */
	assert_int_equal(c->regs[RV_RA], 0);
	assert_int_equal(q->app_brk, q->mem_start + 4);
	assert_int_equal(env_mem(q->mem_start)[10], 0);
	assert_int_equal(host_arch.mpu_invalidates, inval + 1);
	assert_null(host_arch.mpu_owner);   /* the next switch to q loads its new image */
	assert_int_equal(q->state, PS_RUNNABLE);
	arch_mpu_switch(q);
	assert_false(host_mpu_reaches(&host_arch.mpu, q->mem_start + 4, q->mem_end, MPU_R | MPU_W | MPU_X, NULL));
}

/* A process that never called brk can read and write the first word of its RAM, as on Tock
 * (whose RISC-V PMP regions are at least 4 bytes): code that runs before the first brk may
 * rely on it. The initial break says so (a3, memop 1), and allow agrees with the protection;
 * nothing more is reachable, not the next word, not its grants, not the kernel area.
 * Regression: the break started at mem_start and the first word was out of reach. */
static void test_the_first_word_of_ram_is_reachable_before_any_brk(void **state)
{
	(void)state;
	struct proc_opts none = { .brk = ~0u };   /* no memop 0 at all */
	struct process *r = env_proc(2, &none);
	assert_int_equal(r->app_brk, r->mem_start + 4);
	assert_int_equal(arch_arg(&r->ctx, 3), r->mem_start + 4);
	struct env_ret m = env_memop(r, 1, 0);    /* sbrk(0): the break */
	assert_int_equal(m.a[0], SYSRET_SUCCESS_U32);
	assert_int_equal(m.a[1], r->mem_start + 4);
	/* allow lends exactly what the process reaches (this also allocates a grant) */
	assert_int_equal(env_allow(r, SYS_ALLOW_RW, TEST_DRIVER_NUM, 0, r->mem_start, 4).a[0],
			 SYSRET_SUCCESS_2U32);
	assert_int_equal(env_allow(r, SYS_ALLOW_RW, TEST_DRIVER_NUM, 1, r->mem_start, 5).a[1], ERR_INVAL);
	assert_int_equal(env_allow(r, SYS_ALLOW_RW, TEST_DRIVER_NUM, 1, r->mem_start + 4, 1).a[1], ERR_INVAL);
	assert_non_null(kernel_area_grant(r, GRANT_TEST));   /* a grant exists */
	arch_mpu_switch(r);
	assert_true(host_mpu_allows(&host_arch.mpu, r->mem_start, 4, MPU_R | MPU_W));
	assert_false(host_mpu_allows(&host_arch.mpu, r->mem_start, 4, MPU_X));
	assert_false(host_mpu_allows(&host_arch.mpu, r->mem_start, 5, MPU_R));
	assert_false(host_mpu_reaches(&host_arch.mpu, r->mem_start + 4, r->mem_end,
				      MPU_R | MPU_W | MPU_X, NULL));   /* grants and kernel area included */
	assert_null(env_check());
	/* A restart gives the word again. */
	process_restart(r);
	assert_int_equal(r->app_brk, r->mem_start + 4);

	/* A RAM block with no room below the kernel area gets nothing: never a kernel byte. */
	struct proc_opts tiny = { .ram = KERNEL_AREA_SIZE, .brk = ~0u };
	struct process *t = env_proc(3, &tiny);
	assert_int_equal(t->kernel_brk, t->mem_start);
	assert_int_equal(t->app_brk, t->mem_start);
	arch_mpu_switch(t);
	assert_false(host_mpu_reaches(&host_arch.mpu, t->mem_start, t->mem_end, MPU_R | MPU_W | MPU_X, NULL));
	assert_null(env_check());
}

/* Restarting another process (process info, from a system call) leaves the caller's
 * protection loaded: the caller resumes on the fast path without a switch. */
static void test_starting_another_process_keeps_the_loaded_protection(void **state)
{
	(void)state;
	arch_mpu_switch(p);
	struct arch_mpu before = host_arch.mpu;
	unsigned loads = host_arch.mpu_loads;
	process_start(q);
	assert_ptr_equal(host_arch.mpu_owner, p);
	assert_memory_equal(&host_arch.mpu, &before, sizeof before);
	arch_mpu_switch(p);
	assert_int_equal(host_arch.mpu_loads, loads);   /* p's image is still valid */
	assert_null(env_check());
}

static void test_ids_change_on_every_restart(void **state)
{
	(void)state;
	process_id_t id = process_id(p);
	assert_ptr_equal(process_lookup(id), p);
	assert_int_equal(id & 0xff, 0);
	assert_ptr_equal(process_lookup(process_id(q)), q);
	process_restart(p);
	assert_null(process_lookup(id));
	assert_ptr_equal(process_lookup(process_id(p)), p);
	assert_int_not_equal(process_id(p), id);
	assert_null(process_lookup(5));                     /* empty slot */
	assert_null(process_lookup(CONFIG_MAX_PROCS + 1));
	assert_null(process_lookup(PROCESS_ID_NONE));
	process_terminate(q, 3);
	assert_null(process_lookup(process_id(q)));
}

/* Regression: the generation was 16 bits per slot, bumped twice per restart, so after 32,768
 * restarts a stale id matched the process again. Now every start takes the next value of one
 * system-wide 24-bit counter. */
static void test_a_stale_id_never_matches_again(void **state)
{
	(void)state;
	process_id_t old = process_id(p), q_id = process_id(q);
	for (unsigned i = 0; i < 32768; i++)
		process_restart(p);
	assert_int_not_equal(process_id(p), old);
	assert_null(process_lookup(old));
	assert_ptr_equal(process_lookup(process_id(p)), p);
	assert_int_equal(PROCESS_ID_SLOT(process_id(p)), 0);
	assert_ptr_equal(process_lookup(q_id), q);   /* the other slot's id is untouched */
	/* Ending a process does not make its id match anything new either. */
	process_id_t last = process_id(p);
	process_terminate(p, 0);
	assert_null(process_lookup(last));
	assert_true(process_boot(p));
	assert_int_not_equal(process_id(p), last);
	assert_int_not_equal(process_id(p), q_id);
}

/* The counter never wraps: once 2^24 - 1 starts have happened, no process starts again. */
static void test_process_ids_never_wrap_by_policy(void **state)
{
	(void)state;
	process_generations = PROCESS_GENERATION_MAX - 1;
	process_restart(p);                                   /* takes the last generation */
	assert_int_equal(p->state, PS_RUNNABLE);
	assert_int_equal(process_id(p), (PROCESS_GENERATION_MAX << 8) | 0u);
	assert_int_not_equal(process_id(p), PROCESS_ID_NONE);
	process_id_t last = process_id(p);
	process_restart(p);                                   /* refused */
	assert_int_equal(p->state, PS_TERMINATED);
	assert_null(process_lookup(last));
	assert_false(process_boot(p));
	assert_int_equal(p->state, PS_TERMINATED);
	process_force_fault(q);                               /* the fault policy cannot restart q */
	assert_int_equal(q->state, PS_TERMINATED);
	assert_int_equal(process_generations, PROCESS_GENERATION_MAX);
	assert_null(env_step());                              /* nothing runs */
	env_run();
	assert_non_null(strstr(fake_uart.out, "no process id left (never reused)"));
	const char *once = strstr(fake_uart.out, "process 'p0' restarted");   /* the first restart only */
	assert_non_null(once);
	assert_null(strstr(once + 1, "process 'p0' restarted"));
}

/* The kernel adopts only a layout the protection can express: a start whose memory map the
 * protection refuses (here its flash overlapping its RAM block) is refused, and the process
 * does not run, rather than reaching a switch that could not load its regions. */
static void test_a_start_the_protection_cannot_express_is_refused(void **state)
{
	(void)state;
	process_terminate(p, 0);
	uint32_t flash_end = p->flash_end;
	p->flash_end = p->mem_start + 4u;   /* overlaps its RAM: no protection holds both */
	assert_false(process_boot(p));
	assert_int_equal(p->state, PS_TERMINATED);
	env_run();                                            /* the log reaches the UART */
	assert_non_null(strstr(fake_uart.out, "process 'p0' not started: no protection fits it"));
	p->flash_end = flash_end;
	assert_true(process_boot(p));
	assert_int_equal(p->state, PS_RUNNABLE);
}

static void test_memory_range_predicates(void **state)
{
	(void)state;
	assert_true(process_in_ram(p, p->mem_start, 0));
	assert_true(process_in_ram(p, p->app_brk, 0));
	assert_true(process_in_ram(p, p->mem_start, p->app_brk - p->mem_start));
	assert_false(process_in_ram(p, p->mem_start - 1, 1));
	assert_false(process_in_ram(p, p->app_brk, 1));
	assert_false(process_in_ram(p, p->app_brk + 1, 0));
	assert_false(process_in_ram(p, p->mem_start + 4, 0xfffffffcu));
	assert_true(process_in_flash(p, p->app_start, p->flash_end - p->app_start));
	assert_false(process_in_flash(p, p->app_start - 1, 1));
	assert_false(process_in_flash(p, p->flash_end, 1));
	assert_false(process_in_flash(p, p->flash_end - 1, 0xffffffffu));
	char name[8];
	process_name(p, name, sizeof name);
	assert_string_equal(name, "p0");
	process_name(p, name, 2);
	assert_string_equal(name, "p");
}

static void test_faults_restart_until_the_limit_then_stop(void **state)
{
	(void)state;
	for (unsigned i = 1; i <= CONFIG_RESTART_LIMIT; i++) {
		assert_int_equal(trap_exception(p, 7, 0xdead0000u + i), TRAP_CONTEXT_REPLACED);
		assert_int_equal(p->state, PS_RUNNABLE);
		assert_int_equal(p->restarts, i);
	}
	process_id_t id = process_id(p);
	process_fault(p, 5, 0);
	assert_int_equal(p->state, PS_FAULTED);
	assert_int_equal(p->faults, CONFIG_RESTART_LIMIT + 1);
	assert_null(process_lookup(id));
	env_run();
	const char *out = fake_uart.out;
	assert_non_null(strstr(out, "---| process 'p0' faulted |---"));
	assert_non_null(strstr(out, "cause: store access fault (mcause 7)"));
	assert_non_null(strstr(out, "address/value 0xdead0001"));
	assert_non_null(strstr(out, "policy: restart 1 of 3"));
	assert_non_null(strstr(out, "policy: stopped, it faulted after 3 restarts"));
	assert_non_null(strstr(out, " ram    0x"));
	assert_non_null(strstr(out, "   grants 0x"));
	assert_int_equal(q->state, PS_RUNNABLE);   /* the other process is unaffected */
}

static void test_operator_controls(void **state)
{
	(void)state;
	assert_string_equal(process_state_name(p), "running");
	assert_true(process_stop(p));
	assert_false(process_stop(p));
	assert_string_equal(process_state_name(p), "stopped");
	assert_ptr_equal(env_step(), q);           /* a stopped process is never picked */
	assert_int_equal(env_yield(q, YIELD_WAIT, 0, 0, 0).blocked, TRAP_TO_KERNEL);
	assert_string_equal(process_state_name(q), "yielded");
	assert_null(env_step());
	assert_true(process_resume(p));
	assert_false(process_resume(p));
	assert_ptr_equal(env_step(), p);
	assert_false(process_boot(p));             /* running: nothing to boot */
	process_force_fault(p);
	assert_int_equal(p->restarts, 1);
	process_terminate(p, 0);
	assert_string_equal(process_state_name(p), "terminated");
	process_force_fault(p);                    /* ended: no effect */
	assert_int_equal(p->faults, 1);
	assert_true(process_boot(p));
	assert_int_equal(p->state, PS_RUNNABLE);
	assert_int_equal(p->restarts, 0);
	assert_false(process_stop(&processes[6]));
	assert_string_equal(process_state_name(&processes[6]), "unused");
	assert_int_equal(process_count(), 2);
	assert_int_equal(env_yield(p, YIELD_WAIT_FOR, 1, 1, 0).blocked, TRAP_TO_KERNEL);
	assert_string_equal(process_state_name(p), "yielded-for");
	for (unsigned i = 0; i <= CONFIG_RESTART_LIMIT; i++)
		process_force_fault(q);
	assert_string_equal(process_state_name(q), "faulted");
	env_run();
	assert_non_null(strstr(fake_uart.out, "fault forced by the operator"));
}

static void test_lldb_prints_in_tocks_format(void **state)
{
	(void)state;
	assert_int_equal(env_command(q, LLDB_DRIVER_NUM, 0, 0, 0).a[0], SYSRET_SUCCESS);
	assert_int_equal(env_command(q, LLDB_DRIVER_NUM, 1, 0x1, 0).a[0], SYSRET_SUCCESS);
	assert_int_equal(env_command(q, LLDB_DRIVER_NUM, 2, 0xdeadbeefu, 0).a[0], SYSRET_SUCCESS);
	assert_int_equal(env_command(p, LLDB_DRIVER_NUM, 3, 0, 0xabc).a[0], SYSRET_SUCCESS);
	assert_int_equal(env_command(p, LLDB_DRIVER_NUM, 4, 0, 0).a[1], ERR_NOSUPPORT);
	env_run();
	assert_string_equal(fake_uart.out + fake_uart.out_len - strlen(
		"LowLevelDebug: App 0x1 alert code 0x1\n"
		"LowLevelDebug: App 0x1 prints 0xdeadbeef\n"
		"LowLevelDebug: App 0x0 prints 0x0 0xabc\n"),
		"LowLevelDebug: App 0x1 alert code 0x1\n"
		"LowLevelDebug: App 0x1 prints 0xdeadbeef\n"
		"LowLevelDebug: App 0x0 prints 0x0 0xabc\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_a_new_process_starts_as_crt0_expects, setup),
		cmocka_unit_test_setup(test_a_start_the_protection_cannot_express_is_refused, setup),
		cmocka_unit_test_setup(test_the_first_word_of_ram_is_reachable_before_any_brk, setup),
		cmocka_unit_test_setup(test_starting_another_process_keeps_the_loaded_protection, setup),
		cmocka_unit_test_setup(test_ids_change_on_every_restart, setup),
		cmocka_unit_test_setup(test_a_stale_id_never_matches_again, setup),
		cmocka_unit_test_setup(test_process_ids_never_wrap_by_policy, setup),
		cmocka_unit_test_setup(test_memory_range_predicates, setup),
		cmocka_unit_test_setup(test_faults_restart_until_the_limit_then_stop, setup),
		cmocka_unit_test_setup(test_operator_controls, setup),
		cmocka_unit_test_setup(test_lldb_prints_in_tocks_format, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
