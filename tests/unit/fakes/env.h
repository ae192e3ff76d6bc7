/* Fake kernel environment: processes in low memory, the real syscall dispatch and capsules, fake time and UART. */
#ifndef FAKES_ENV_H
#define FAKES_ENV_H

/* A test that uses the environment links the set @kernel_env (tests/unit/sets.mk):
 *
 *   sources: @kernel_env
 */

#include <stdbool.h>
#include <stdint.h>
#include <arch/host.h>
#include <capsules/alarm.h>
#include <capsules/console.h>
#include <capsules/lldb.h>
#include <tick/driver.h>
#include <tick/errorcode.h>
#include <tick/grant.h>
#include <tick/board.h>
#include <tick/loader.h>
#include <tick/sched.h>
#include <tick/trap.h>
#include <tick/process.h>
#include <tick/syscall.h>
#include <tick/upcall.h>
#include "internal/deadline.h"
#include "internal/exposure.h"
#include "internal/transfer.h"
#include "internal/grant.h"
#include "internal/kernel_area.h"
#include "internal/upcall.h"
#include "internal/process.h"
#include "internal/upcall.h"
#include "fakes/fake_time.h"
#include "fakes/fake_uart.h"
#include "fakes/lowmem.h"

/* A driver for kernel tests: every slot kind, a grant, and commands answered from env.test_ret. */
#define TEST_DRIVER_NUM 0x9990
#define NOGRANT_DRIVER_NUM 0x9991   /* two upcalls and one RW slot, but no grant slot */
enum { GRANT_ALARM, GRANT_CONSOLE, GRANT_TEST };

/* Memory map of the arena (all below 4 GiB). Each process slot i has flash at
 * env_flash_base(i) (up to ENV_FLASH_MAX bytes) and RAM at env_ram_base(i) (up to ENV_RAM_MAX);
 * everything around them, and the "kernel" area, is poisoned for ASan. */
#define ENV_KERNEL_SIZE 0x10000u
#define ENV_SLOT_SIZE 0x40000u
#define ENV_FLASH_MAX 0x10000u
#define ENV_RAM_MAX 0x18000u

struct env {
	uint8_t *arena;
	uint32_t kernel_area;              /* ENV_KERNEL_SIZE bytes no process may reach */
	struct console console;
	struct alarm_capsule alarm;
	struct driver test_driver, nogrant_driver;
	struct driver extra[4];            /* copies of drivers added with env_add_driver */
	struct sysret test_ret;            /* what commands != 0 of the test driver answer */
	unsigned test_calls;
	uint32_t test_last[3];             /* cmd, arg0, arg1 of the last test-driver command */
	struct process *test_last_proc;
};
extern struct env env;

struct proc_opts {
	uint32_t ram;        /* RAM block incl. the kernel area (0: 8 KiB) */
	uint32_t brk;        /* initial break offset set with memop 0 (0: 2 KiB; ~0u: none) */
	uint32_t flash;      /* TBF total size (0: 1 KiB) */
	const uint32_t *perms;   /* TBF Permissions triples, see tbf_build.h */
	uint32_t perm_count;
	const uint32_t *wfr;
	uint32_t wfr_count;
	const char *ipc_services;    /* raw Tick IPC services TLV value (see tbf_build.h) */
	uint32_t ipc_services_len;
	const char *ipc_clients;     /* raw Tick IPC clients TLV value */
	uint32_t ipc_clients_len;
	uint32_t short_id;           /* 0: no ShortId */
};

/* Resets every piece of kernel state, the fakes and the capsules (console, alarm, lldb,
 * test drivers) to just after boot. Time starts at 1000 ticks; the UART completes sends by
 * itself (fake_uart.auto_complete). Call at the start of every test case. */
void env_init(void);

/* Adds a capsule's driver to the board table (a copy: the kernel and the grant functions
 * use its number, slot counts and grant slot, never its address). Grant slots 0..2 are taken;
 * use 3.. for added drivers. At most 4 per test; call after env_init. */
void env_add_driver(const struct driver *drv);

/* Creates a runnable process in slot index with its own TBF in flash and its own RAM. */
struct process *env_proc(unsigned index, const struct proc_opts *o);
static inline struct process *env_proc_default(unsigned index) { return env_proc(index, 0); }
uint32_t env_flash_base(unsigned index);
uint32_t env_ram_base(unsigned index);

/* One system call as process p makes it: a0..a3 and the class in a4, pc past the ecall, then
 * syscall_dispatch. p becomes the current process and its protection is loaded first, as the
 * kernel loop does. p must be running (not blocked in a yield, stopped or ended): aborts if not. */
struct env_ret {
	uint32_t a[4];     /* a0..a3 afterwards */
	uint32_t blocked;  /* syscall_dispatch's result: non-zero = back to the kernel loop */
};
struct env_ret env_syscall(struct process *p, uint32_t cls, uint32_t a0, uint32_t a1, uint32_t a2, uint32_t a3);
struct env_ret env_command(struct process *p, uint32_t drv, uint32_t cmd, uint32_t arg0, uint32_t arg1);
struct env_ret env_subscribe(struct process *p, uint32_t drv, uint32_t n, uint32_t fn, uint32_t data);
struct env_ret env_allow(struct process *p, uint32_t cls, uint32_t drv, uint32_t n, uint32_t ptr, uint32_t len);
struct env_ret env_memop(struct process *p, uint32_t op, uint32_t arg);
struct env_ret env_yield(struct process *p, uint32_t which, uint32_t a1, uint32_t a2, uint32_t a3);

/* A function address inside p's flash binary (valid for subscribe). */
uint32_t env_fn(const struct process *p, unsigned k);
/* Kernel pointer to process address a. */
static inline uint8_t *env_mem(uint32_t a) { return (uint8_t *)lowmem_ptr(a); }

/* Runs deferred calls and "interrupts" (due timer, UART completion when auto_complete)
 * until nothing is left. Returns the rounds that did something. */
unsigned env_run(void);
/* Moves time forward by ticks, then env_run. */
void env_advance(uint64_t ticks);

/* One iteration of the real kernel_loop: services interrupts and deferred calls, picks a
 * process, delivers its upcall if it was waiting, loads its protection and "switches" to it.
 * Returns the process that would run now, or NULL when the loop would idle. */
struct process *env_step(void);

/* Upcall queue of p. */
static inline struct process_kernel_area *env_ka(const struct process *p) { return process_kernel_area(p); }
/* Queue entry i of ka decoded for assertions (the queue keeps ids and arguments apart). */
struct env_entry {
	uint32_t driver, subscribe, call, arg[3];
};
static inline struct env_entry env_entry(const struct process_kernel_area *ka, unsigned i)
{
	uint16_t id = ka->id[i];
	return (struct env_entry){ upcall_driver_number(id), upcall_id_sub(id), id & UPCALL_ID_CALL,
				   { ka->arg[i][0], ka->arg[i][1], ka->arg[i][2] } };
}
/* Appends an entry with id and arguments to p's queue, as upcall_schedule does. */
static inline void env_push(struct process *p, uint16_t id, uint32_t a0, uint32_t a1, uint32_t a2)
{
	struct process_kernel_area *ka = env_ka(p);
	ka->id[p->upcall_count] = id;
	ka->arg[p->upcall_count][0] = a0;
	ka->arg[p->upcall_count][1] = a1;
	ka->arg[p->upcall_count][2] = a2;
	p->upcall_count++;
}

/* Checks the isolation invariants for every live process; NULL if they hold, else a message.
 * - mem_start <= app_brk <= kernel_brk <= mem_end, queue count <= CONFIG_UPCALL_QUEUE_LEN;
 * - every allow slot of every grant lies in the process's RAM below its break (or its flash
 *   after the protected header, for read-only allows);
 * - every share it holds (kernel/exposure.c) lies in another live process's app RAM, below
 *   that process's break and allow high water;
 * - the protection the kernel would load for it (host_arch.mpu after arch_mpu_switch) reaches
 *   no byte outside [flash_start, flash_end), [mem_start, app_brk) and its shares, so nothing
 *   of the kernel area, at/above its kernel_brk, or of another process that was not shared;
 *   and it reaches all of those, flash readable and executable but not writable, RAM and
 *   shares with exactly their rights (readable and writable, not executable). */
const char *env_check(void);

#endif
