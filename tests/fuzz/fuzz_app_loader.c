/* Fuzzes the app loader driver (0x10001) over the app store on the fake flash: setup, write, finalize, load, abort and uninstall with random sizes, offsets, contents, owners and reboots. */
/* sources: @kernel_env capsules/app_loader.c tests/unit/fakes/fake_flash.c tests/unit/fakes/reloc_app.c */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <capsules/app_loader.h>
#include <tick/store.h>
#include "fakes/env.h"
#include "fakes/fake_uart.h"
#include "fakes/fake_flash.h"
#include "fakes/reloc_app.h"
#include "fakes/tbf_build.h"
#include "internal/loader.h"
#include "internal/process.h"
#include "fuzz_input.h"

/*
 * Input: a configuration byte, then operations until the input ends (values run out as zeros).
 *   config bit 0: the app the processes carry is relocatable (Tick's table, any slot) or not
 *   config bits 1-3: its size class; bit 4: with a SHA-256 credential
 * Each operation is an opcode byte: bit 7 picks the process (0 or 1), bits 0-3 the action:
 *   0-7   command k of 0x10001 (7: an unknown one), arguments mostly near the app's size,
 *         the store's chunk and the allowed length (see arg())
 *   8     allow: the process allows [off, off + len) of the app it carries (copied into its RAM)
 *   9     the app's byte at an offset is XORed with a value (in both processes' copies)
 *   10    the kernel loop runs (flash operations complete, upcalls go out); 11 time passes (a
 *         trial ends)
 *   12    the process ends (terminated) or starts again; with bits 4-6 all set instead: every
 *         app the store started faults (an update on trial is rolled back)
 *   13    power cut: the next n flash operations complete, the one after is cut short, then a
 *         reboot on the same flash (store_init, fresh processes and driver); with bits 4-6
 *         all set instead: a byte of a slot (its record, flags or TBF) is XORed with a value
 *         behind the store's back (a tampered or decayed flash), then a reboot
 *   14-15 the loop runs until idle
 * After every operation: env_check() (isolation, RAM blocks, allows) holds, and every app the
 * store lists with a process passes the boot checks on what the flash holds now (for a
 * relocated copy: its canonical image recovered and checked, loader_check_relocated), so no
 * operation ever leaves a running app whose flash changed under it.
 * FUZZ_APP_LOADER_VERBOSE=1 prints the kernel log of each run. Seeds in
 * tests/fuzz/corpus/fuzz_app_loader/: installs (fixed, relocatable, signed), an uninstall, an
 * update with a power cut.
 */

#define SLOT 0x4000u
#define SLOTS 6u
#define PAGE 0x1000u
#define WRITE 8u
#define POOL 0x20000u
#define BUF_OFF 0x800u    /* where a process keeps the app it carries */


static struct fake_flash ff;
static uint8_t *pool;
static struct app_loader al;
static struct process *procs[2];
static uint8_t app[SLOT];
static uint32_t app_n;

/* A value for a length or offset: mostly near the app's size and the store's chunk. */
static uint32_t arg(struct in *in)
{
	uint8_t k = u8(in);
	uint32_t v = u16(in);
	switch (k & 7) {
	case 0: return v;
	case 1: return v % (app_n + 1);
	case 2: return app_n + (v & 15) - 8;
	case 3: return (v % 8) * STORE_CHUNK;
	case 4: return STORE_CHUNK + (v & 3) - 2;
	case 5: return (uint32_t)v << 16 | u16(in);
	case 6: return SLOT - STORE_RECORD_SIZE + (v & 7) - 4;
	default: return v & 0x3f;
	}
}

static void boot(void)
{
	env_init();
	fake_flash_reboot(&ff);
	store_init(&ff.flash, SLOT, NULL, lowmem_addr(pool), lowmem_addr(pool) + POOL);
	app_loader_init(&al, 3);
	env_add_driver(&al.driver);
	struct proc_opts o = { .ram = 0x8000, .brk = 0x7000 };
	for (unsigned i = 0; i < 2; i++) {
		procs[i] = env_proc(i, &o);
		memcpy(env_mem(procs[i]->mem_start + BUF_OFF), app, app_n);
	}
	env_run();
}

/* Every store app with a process still passes the boot checks on the flash as it is now. */
static void check_store(void)
{
	const char *why = env_check();
	if (why) {
		fprintf(stderr, "fuzz_app_loader: env_check: %s\n", why);
		abort();
	}
	struct store_app a;
	for (unsigned k = 0; k < store_slots(); k++) {
		if (!store_app(k, &a) || !a.process)
			continue;
		struct tbf_header h;
		struct app_info info;
		const uint8_t *tbf = (const uint8_t *)(uintptr_t)a.tbf;
		if (tbf_parse(tbf, a.size, &h) != TBF_OK)
			why = "header does not parse";
		else if (a.ram != 0xffffffffu)
			why = loader_check_relocated(tbf, &h, NULL, a.ram, &info);
		else
			why = loader_check(tbf, &h, NULL, &info);
		if (!why && a.ram != 0xffffffffu && a.process->mem_start != a.ram)
			why = "runs with other RAM than it was relocated for";
		if (why) {
			fprintf(stderr, "fuzz_app_loader: running app in slot %u: %s\n", k, why);
			abort();
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct in in = { data, size };
	if (!pool)
		pool = lowmem_map(POOL);
	uint8_t cfg = u8(&in);
	uint32_t image = 72u * (2 + (cfg >> 1 & 7));
	memset(app, 0, sizeof app);
	if (cfg & 1) {
		struct reloc_app ra = { "fz", image, 2048, cfg >> 4 & 1, cfg };
		app_n = reloc_app_build(&ra, app, sizeof app);
	} else {
		app_n = tbf_build(app, sizeof app,
				  &(struct tbf_opts){ .name = "fz", .binary_size = image * 4,
						      .program = true, .sha256 = cfg >> 4 & 1,
						      .short_id = true, .short_id_value = 5 });
	}
	fake_flash_init(&ff, SLOTS * SLOT, PAGE, WRITE);
	boot();
	for (unsigned ops = 0; in.n && ops < 400; ops++) {
		uint8_t op = u8(&in);
		struct process *p = procs[op >> 7];
		/* system calls only from a process that runs (a yielded one is woken first) */
		bool runs = p->state == PS_RUNNABLE && !p->stopped;
		switch (op & 15) {
		case 8: {
			if (!runs)
				break;
			uint32_t off = arg(&in) % (app_n + 1), len = arg(&in) % (app_n - off + 1);
			env_allow(p, ALLOW_RO, APP_LOADER_DRIVER_NUM, 0, p->mem_start + BUF_OFF + off, len);
			break;
		}
		case 9: {
			uint32_t at = arg(&in) % app_n;
			uint8_t x = u8(&in);
			app[at] ^= x;
			for (unsigned i = 0; i < 2; i++)
				env_mem(procs[i]->mem_start + BUF_OFF)[at] ^= x;
			break;
		}
		case 10:
			env_step();
			break;
		case 11:
			env_advance(CONFIG_STORE_TRIAL_TICKS);
			break;
		case 12:
			if ((op & 0x70) == 0x70) {
				struct store_app a;
				for (unsigned k = 0; k < store_slots(); k++)
					if (store_app(k, &a) && a.process)
						process_force_fault(a.process);
				break;
			}
			if (!process_kill(p))
				process_boot(p);
			break;
		case 13:
			if ((op & 0x70) == 0x70) {
				uint32_t at = u8(&in) % SLOTS * SLOT + arg(&in) % SLOT;
				ff.mem[at] ^= u8(&in);
				boot();
				break;
			}
			fake_flash_cut(&ff, u8(&in) & 31, arg(&in));
			env_run();
			boot();
			break;
		case 14:
		case 15:
			env_run();
			break;
		default: {
			uint32_t a0 = arg(&in), a1 = arg(&in);
			if (runs)
				env_command(p, APP_LOADER_DRIVER_NUM, op & 7, a0, a1);
			break;
		}
		}
		check_store();
	}
	env_run();
	check_store();
	if (getenv("FUZZ_APP_LOADER_VERBOSE"))
		fprintf(stderr, "%s\n", fake_uart.out);
	return 0;
}
