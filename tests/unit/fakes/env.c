/* Fake kernel environment for capsule and kernel tests (see env.h): arena, processes, syscalls, loop steps. */
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <tick/deferred.h>
#include <tick/klog.h>
#include <tick/tbf.h>
#include <tick/valarm.h>
#include <tick/trace.h>
#include "fakes/env.h"
#include "fakes/kstate.h"
#include "fakes/tbf_build.h"

struct env env;

/* What the last successful check_mpu of each slot saw (the result depends on nothing else):
 * the loaded regions field by field, then flash_start, flash_end, mem_start, app_brk. */
#define KEY_WORDS (3 * MPU_MAX_REGIONS + 1 + 4)
static uint32_t checked[CONFIG_MAX_PROCS][KEY_WORDS];

#define ARENA_SIZE (ENV_KERNEL_SIZE + CONFIG_MAX_PROCS * ENV_SLOT_SIZE)
#define FLASH_OFF 0x1000u    /* flash of slot i starts this far into the slot */
#define RAM_OFF 0x20000u

uint32_t env_flash_base(unsigned index)
{
	return lowmem_addr(env.arena) + ENV_KERNEL_SIZE + index * ENV_SLOT_SIZE + FLASH_OFF;
}

uint32_t env_ram_base(unsigned index)
{
	return lowmem_addr(env.arena) + ENV_KERNEL_SIZE + index * ENV_SLOT_SIZE + RAM_OFF;
}

static struct sysret test_command(void *self, struct process *p, uint32_t cmd, uint32_t arg0, uint32_t arg1)
{
	(void)self;
	if (cmd == 0)
		return sysret_success();
	env.test_calls++;
	env.test_last[0] = cmd;
	env.test_last[1] = arg0;
	env.test_last[2] = arg1;
	env.test_last_proc = p;
	return env.test_ret;
}

/* Sorted by number, as boards keep it. */
const struct driver *const board_drivers[] = {
	&env.alarm.driver, &env.console.driver, &lldb_driver, &env.test_driver, &env.nogrant_driver,
	&env.extra[0], &env.extra[1], &env.extra[2], &env.extra[3],
};

#define EXTRA_UNUSED 0x00fffff0u   /* a number no test uses (below 2^24: kernel/driver.c) */

void env_add_driver(const struct driver *drv)
{
	unsigned i = 0;
	while (i < 4 && env.extra[i].number != EXTRA_UNUSED)
		i++;
	if (i == 4) {
		fprintf(stderr, "env_add_driver: no room\n");
		abort();
	}
	env.extra[i] = *drv;
	driver_index_build();
}
const unsigned board_driver_count = sizeof board_drivers / sizeof board_drivers[0];

static bool env_pending(void)
{
	return fake_time_due() || (fake_uart.auto_complete && fake_uart.busy);
}

static void env_service(void)
{
	if (fake_time_due())
		valarm_service();
	if (fake_uart.auto_complete)
		fake_uart_complete();
}

static jmp_buf step_jmp;
static struct process *stepped;

static void step_switch(struct arch_context *ctx)
{
	stepped = (struct process *)ctx;   /* ctx is the first member of struct process */
	longjmp(step_jmp, 1);
}

static void step_idle(void)
{
	stepped = NULL;
	longjmp(step_jmp, 1);
}

struct process *env_step(void)
{
	void (*sw)(struct arch_context *) = host_arch.on_switch;
	void (*wfi)(void) = host_arch.on_wfi;
	host_arch.on_switch = step_switch;
	host_arch.on_wfi = step_idle;
	if (setjmp(step_jmp) == 0)
		kernel_loop(false);
	host_arch.on_switch = sw;
	host_arch.on_wfi = wfi;
	current_process = NULL;
	return stepped;
}

void env_init(void)
{
	host_arch_reset();
	kstate_reset_core();
	kstate_reset_uart_mux();
	memset(processes, 0, sizeof processes);
	process_slots = 0;
	process_generations = 0;
	memset(checked, 0, sizeof checked);
	current_process = NULL;
	if (!env.arena)
		env.arena = lowmem_map(ARENA_SIZE);
	uint8_t *arena = env.arena;
	memset(&env, 0, sizeof env);
	env.arena = arena;
	env.kernel_area = lowmem_addr(arena);
	lowmem_poison(arena, ARENA_SIZE);

	fake_time_reset(1000);
	valarm_init(&fake_time_source);
	fake_uart_reset();
	fake_uart.auto_complete = true;
	host_arch.service_interrupts = env_service;
	host_arch.interrupts_pending = env_pending;

	uart_mux_init(&fake_uart_dev);
	console_init(&env.console, GRANT_CONSOLE);
	alarm_capsule_init(&env.alarm, GRANT_ALARM);
	env.test_driver = (struct driver){
		.number = TEST_DRIVER_NUM, .num_upcalls = 4, .num_allow_rw = 2, .num_allow_ro = 2,
		.num_allow_ur = 2, .grant_data_size = 12, .grant_slot = GRANT_TEST,
		.command = test_command,
	};
	env.nogrant_driver = (struct driver){
		.number = NOGRANT_DRIVER_NUM,   /* no upcall or allow slots: those need a grant slot */
		.grant_slot = DRIVER_NO_GRANT, .command = test_command,
	};
	env.test_ret = sysret_success();
	for (unsigned i = 0; i < 4; i++)
		env.extra[i] = (struct driver){ .number = EXTRA_UNUSED, .grant_slot = DRIVER_NO_GRANT,
						 .command = test_command };
	memset(driver_direct, 0, sizeof driver_direct);
	driver_index_build();   /* as kernel_load_processes does at boot */
	env_step();   /* enter the kernel loop once, as boot does (it sets up its alarms) */
	env_run();
}

struct process *env_proc(unsigned index, const struct proc_opts *o)
{
	static const struct proc_opts none;
	if (!o)
		o = &none;
	uint32_t ram = o->ram ? o->ram : 0x2000u;
	uint32_t flash_size = o->flash ? o->flash : 0x400u;
	if (index >= CONFIG_MAX_PROCS || ram > ENV_RAM_MAX || flash_size > ENV_FLASH_MAX) {
		fprintf(stderr, "env_proc: bad slot or sizes\n");
		abort();
	}
	char name[8];
	snprintf(name, sizeof name, "p%u", index);
	uint8_t *flash = env_mem(env_flash_base(index));
	lowmem_unpoison(flash, ENV_FLASH_MAX);
	struct tbf_opts t = {
		.name = name, .total_size = flash_size, .binary_size = 0x100,
		.perms = o->perms, .perm_count = o->perm_count, .wfr = o->wfr, .wfr_count = o->wfr_count,
		.ipc_services = o->ipc_services, .ipc_services_len = o->ipc_services_len,
		.ipc_clients = o->ipc_clients, .ipc_clients_len = o->ipc_clients_len,
		.short_id = o->short_id != 0, .short_id_value = o->short_id,
	};
	uint32_t total = tbf_build(flash, ENV_FLASH_MAX, &t);
	lowmem_poison(flash + total, ENV_FLASH_MAX - total);
	struct tbf_header h;
	if (tbf_parse(flash, total, &h) != TBF_OK) {
		fprintf(stderr, "env_proc: built TBF does not parse\n");
		abort();
	}

	/* The same fields kernel/loader.c's create() fills. */
	struct process *p = &processes[index];
	memset(p, 0, sizeof *p);
	p->index = (uint8_t)index;
	p->flash_start = env_flash_base(index);
	p->flash_end = p->flash_start + total;
	p->app_start = p->flash_start + tbf_protected_size(&h);
	p->init_pc = p->flash_start + h.header_size + h.init_fn_offset;
	p->mem_start = env_ram_base(index);
	p->mem_end = p->mem_start + ram;
	p->name = h.package_name;
	p->name_len = (uint8_t)h.package_name_len;
	p->permissions = h.permissions;
	p->permission_count = (uint8_t)h.permission_count;
	p->wfr = h.wfr;
	p->wfr_count = (uint8_t)h.wfr_count;
	p->short_id = h.has_short_id ? h.short_id : 0;
	lowmem_unpoison(env_mem(p->mem_start), ram);
	process_start(p);
	if (o->brk != ~0u) {
		uint32_t b = o->brk ? o->brk : 0x800u;
		if (env_memop(p, 0, p->mem_start + b).a[0] != SYSRET_SUCCESS) {
			fprintf(stderr, "env_proc: brk 0x%x failed\n", b);
			abort();
		}
	}
	return p;
}

uint32_t env_fn(const struct process *p, unsigned k)
{
	return p->app_start + 4 * k;
}

struct env_ret env_syscall(struct process *p, uint32_t cls, uint32_t a0, uint32_t a1, uint32_t a2, uint32_t a3)
{
	struct arch_context *c = &p->ctx;
	if (p->state != PS_RUNNABLE || p->stopped) {
		fprintf(stderr, "env_syscall: process %u is not running (state %u)\n", p->index, p->state);
		abort();
	}
	current_process = p;
	arch_mpu_switch(p);
	c->pc += 4;   /* the trap entry steps past the ecall */
	c->regs[RV_A4] = cls;
	arch_set_arg(c, 0, a0);
	arch_set_arg(c, 1, a1);
	arch_set_arg(c, 2, a2);
	arch_set_arg(c, 3, a3);
	struct env_ret r;
	r.blocked = host_arch.trace_syscalls ? syscall_dispatch_traced(p) : syscall_dispatch(p);
	for (unsigned i = 0; i < 4; i++)
		r.a[i] = arch_arg(c, i);
	current_process = NULL;
	return r;
}

struct env_ret env_command(struct process *p, uint32_t drv, uint32_t cmd, uint32_t arg0, uint32_t arg1)
{
	return env_syscall(p, SYS_COMMAND, drv, cmd, arg0, arg1);
}

struct env_ret env_subscribe(struct process *p, uint32_t drv, uint32_t n, uint32_t fn, uint32_t data)
{
	return env_syscall(p, SYS_SUBSCRIBE, drv, n, fn, data);
}

struct env_ret env_allow(struct process *p, uint32_t cls, uint32_t drv, uint32_t n, uint32_t ptr, uint32_t len)
{
	return env_syscall(p, cls, drv, n, ptr, len);
}

struct env_ret env_memop(struct process *p, uint32_t op, uint32_t arg)
{
	return env_syscall(p, SYS_MEMOP, op, arg, 0, 0);
}

struct env_ret env_yield(struct process *p, uint32_t which, uint32_t a1, uint32_t a2, uint32_t a3)
{
	return env_syscall(p, SYS_YIELD, which, a1, a2, a3);
}

unsigned env_run(void)
{
	unsigned rounds = 0;
	for (unsigned i = 0; i < 100000; i++) {
		bool did = false;
		if (env_pending()) {
			env_service();
			did = true;
		}
		if (deferred_run_all())
			did = true;
		if (!did)
			return rounds;
		rounds++;
	}
	fprintf(stderr, "env_run: deferred calls and interrupts never settle\n");
	abort();
}

void env_advance(uint64_t ticks)
{
	fake_time.now += ticks;
	env_run();
}

static bool live(const struct process *p)
{
	return p->state == PS_RUNNABLE || p->state == PS_YIELDED || p->state == PS_YIELDED_FOR;
}

static char msg[200];

static const char *check_slots(struct process *p)
{
	static const unsigned cls[3] = { ALLOW_RW, ALLOW_RO, ALLOW_UR };
	for (unsigned d = 0; d < board_driver_count; d++) {
		const struct driver *drv = board_drivers[d];
		for (unsigned k = 0; k < 3; k++)
			for (unsigned n = 0; n < 8; n++) {
				struct allow_slot *s = grant_allow(p, drv, cls[k], n, false);
				if (!s || s->len == 0)
					continue;
				bool ok = process_in_ram(p, s->ptr, s->len) ||
					  (cls[k] == ALLOW_RO && process_in_flash(p, s->ptr, s->len));
				if (!ok) {
					snprintf(msg, sizeof msg, "process %u: allow class %u slot %u of driver 0x%x holds 0x%08x+%u outside its memory",
						 p->index, cls[k], n, drv->number, s->ptr, s->len);
					return msg;
				}
			}
	}
	return NULL;
}

/* A share p holds must lie in the app RAM of a live other process, below its break. */
static const char *check_share(struct process *p, unsigned k, const struct mpu_region *r)
{
	unsigned o = exposure_owner(p, k);
	const struct process *owner = o < CONFIG_MAX_PROCS ? &processes[o] : NULL;
	if (!owner || owner == p || !live(owner) || r->start >= r->end || r->start < owner->mem_start ||
	    r->end > owner->app_brk || r->end > owner->allow_high_water) {
		snprintf(msg, sizeof msg, "process %u: share 0x%08x-0x%08x of slot %u is not in that live process's RAM below its break and allow high water",
			 p->index, r->start, r->end, o);
		return msg;
	}
	return NULL;
}

/* A buffer of home's that is declared for transfer lies in its RAM below its break and allow
 * high water, and is held by a live process. */
static const char *check_buffer(struct process *home, uint32_t s, uint32_t e, unsigned holder)
{
	if (s >= e || s < home->mem_start || e > home->app_brk || e > home->allow_high_water ||
	    holder >= CONFIG_MAX_PROCS || !live(&processes[holder])) {
		snprintf(msg, sizeof msg, "process %u: transfer buffer 0x%08x-0x%08x (holder %u) is not in its RAM below its break and allow high water, or its holder is gone",
			 home->index, s, e, holder);
		return msg;
	}
	return NULL;
}

/* What p must reach and nothing more: its flash (R/X), its RAM below the break (R/W) less
 * its buffers held by others, its shares, and the buffers of others it holds (R/W). */
#define MAX_IV (3 + MPU_MAX_REGIONS + CONFIG_MAX_PROCS * TRANSFER_BUFFERS)
static const char *check_mpu(struct process *p)
{
	arch_mpu_switch(p);
	const struct arch_mpu *m = &host_arch.mpu;
	struct mpu_region sh[MPU_SHARED_REGIONS];
	unsigned nsh = exposure_regions(p, sh);
	bool xfer = false;
	for (unsigned h = 0; h < CONFIG_MAX_PROCS; h++)
		for (unsigned k = 0; k < TRANSFER_BUFFERS; k++) {
			uint32_t s, e;
			unsigned holder;
			if (transfer_entry(h, k, &s, &e, &holder) && (h == p->index || holder == p->index))
				xfer = true;
		}
	uint32_t key[KEY_WORDS] = { 0 };
	for (unsigned i = 0; i < m->count && i < MPU_MAX_REGIONS; i++) {
		key[3 * i] = m->region[i].start;
		key[3 * i + 1] = m->region[i].end;
		key[3 * i + 2] = m->region[i].perms;
	}
	uint32_t *k = &key[3 * MPU_MAX_REGIONS];
	k[0] = m->count;
	k[1] = p->flash_start;
	k[2] = p->flash_end;
	k[3] = p->mem_start;
	k[4] = p->app_brk;
	/* With shares or transfers the result also depends on others: no shortcut then. */
	if (nsh == 0 && !xfer && memcmp(key, checked[p->index], sizeof key) == 0)
		return NULL;
	uint32_t lo[MAX_IV], hi[MAX_IV];
	uint8_t pr[MAX_IV];
	const char *kind[MAX_IV];
	unsigned n = 0;
	kind[n] = "flash", lo[n] = p->flash_start, hi[n] = p->flash_end, pr[n++] = MPU_R | MPU_X;
	/* RAM less the buffers of p's that are away (cut one by one, in any order). */
	kind[n] = "ram", lo[n] = p->mem_start, hi[n] = p->app_brk, pr[n++] = MPU_R | MPU_W;
	for (unsigned b = 0; b < TRANSFER_BUFFERS; b++) {
		uint32_t s, e;
		unsigned holder;
		if (!transfer_entry(p->index, b, &s, &e, &holder))
			continue;
		const char *err = check_buffer(p, s, e, holder);
		if (err)
			return err;
		if (holder == p->index)
			continue;
		for (unsigned i = 1; i < n; i++)
			if (pr[i] == (MPU_R | MPU_W) && lo[i] < e && s < hi[i]) {
				uint32_t old_hi = hi[i];
				hi[i] = s > lo[i] ? s : lo[i];
				if (e < old_hi)
					kind[n] = "ram", lo[n] = e, hi[n] = old_hi, pr[n++] = MPU_R | MPU_W;
			}
	}
	for (unsigned i = 0; i < nsh; i++) {
		const char *e = check_share(p, i, &sh[i]);
		if (e)
			return e;
		kind[n] = "share", lo[n] = sh[i].start, hi[n] = sh[i].end, pr[n++] = sh[i].perms;
	}
	for (unsigned h = 0; h < CONFIG_MAX_PROCS; h++)
		for (unsigned b = 0; b < TRANSFER_BUFFERS; b++) {
			uint32_t s, e;
			unsigned holder;
			if (h != p->index && transfer_entry(h, b, &s, &e, &holder) && holder == p->index)
				kind[n] = "held buffer", lo[n] = s, hi[n] = e, pr[n++] = MPU_R | MPU_W;
		}
	for (unsigned i = 1; i < n; i++)
		for (unsigned j = i; j > 0 && lo[j] < lo[j - 1]; j--) {
			uint32_t t = lo[j]; lo[j] = lo[j - 1]; lo[j - 1] = t;
			t = hi[j]; hi[j] = hi[j - 1]; hi[j - 1] = t;
			uint8_t q = pr[j]; pr[j] = pr[j - 1]; pr[j - 1] = q;
			const char *w = kind[j]; kind[j] = kind[j - 1]; kind[j - 1] = w;
		}
	uint32_t at, reach = 0;   /* the gaps: below, between and above the intervals */
	for (unsigned g = 0; g <= n; g++) {
		uint32_t to = g == n ? 0xffffffffu : lo[g];
		if (reach < to && host_mpu_reaches(m, reach, to, MPU_R | MPU_W | MPU_X, &at)) {
			snprintf(msg, sizeof msg, "process %u can reach 0x%08x (flash 0x%08x-0x%08x, ram 0x%08x-0x%08x, brk 0x%08x, kernel_brk 0x%08x, %u shares%s)",
				 p->index, at, p->flash_start, p->flash_end, p->mem_start, p->mem_end, p->app_brk, p->kernel_brk, nsh,
				 xfer ? ", transfers" : "");
			return msg;
		}
		if (g < n && hi[g] > reach)
			reach = hi[g];
	}
	if (host_mpu_allows(m, 0xffffffffu, 1, MPU_R) || host_mpu_allows(m, 0xffffffffu, 1, MPU_W) ||
	    host_mpu_allows(m, 0xffffffffu, 1, MPU_X)) {
		snprintf(msg, sizeof msg, "process %u can reach 0xffffffff", p->index);
		return msg;
	}
	/* Inside: each interval whole, with exactly its rights. */
	for (unsigned i = 0; i < n; i++)
		if (lo[i] < hi[i] && (!host_mpu_allows(m, lo[i], hi[i] - lo[i], pr[i]) ||
				      host_mpu_reaches(m, lo[i], hi[i], (uint8_t)(~pr[i] & 7u), &at))) {
			snprintf(msg, sizeof msg, "process %u: %s 0x%08x-0x%08x is not exactly %s%s%s (flash 0x%08x-0x%08x, ram 0x%08x-0x%08x, brk 0x%08x)",
				 p->index, kind[i], lo[i], hi[i], pr[i] & MPU_R ? "R" : "", pr[i] & MPU_W ? "W" : "",
				 pr[i] & MPU_X ? "X" : "", p->flash_start, p->flash_end, p->mem_start, p->mem_end, p->app_brk);
			return msg;
		}
	memcpy(checked[p->index], key, sizeof key);
	return NULL;
}

const char *env_check(void)
{
	for (unsigned i = 0; i < CONFIG_MAX_PROCS; i++) {
		struct process *p = &processes[i];
		if (!live(p))
			continue;
		if (!(p->mem_start <= p->app_brk && p->app_brk <= p->kernel_brk && p->kernel_brk <= p->mem_end)) {
			snprintf(msg, sizeof msg, "process %u: mem_start 0x%08x app_brk 0x%08x kernel_brk 0x%08x mem_end 0x%08x out of order",
				 i, p->mem_start, p->app_brk, p->kernel_brk, p->mem_end);
			return msg;
		}
		if (p->upcall_count > CONFIG_UPCALL_QUEUE_LEN) {
			snprintf(msg, sizeof msg, "process %u: %u queued upcalls", i, p->upcall_count);
			return msg;
		}
		for (unsigned q = 0; q < p->upcall_count; q++) {
			uint16_t id = env_ka(p)->id[q];
			const struct driver *drv = driver_find(upcall_driver_number(id));
			if (!drv || drv->grant_slot != upcall_id_slot(id) || upcall_id_sub(id) >= drv->num_upcalls) {
				snprintf(msg, sizeof msg, "process %u: queued upcall %u has id 0x%04x", i, q, id);
				return msg;
			}
		}
		const char *m = check_slots(p);
		if (!m)
			m = check_mpu(p);
		if (m)
			return m;
	}
	return NULL;
}
