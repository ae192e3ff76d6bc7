/* Fuzzes app loading (kernel_load_processes, and its place stage against an oracle) with arbitrary app flash, RAM windows and credential verdicts. */
/* sources: @kernel_env */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include <tick/config.h>
#include <tick/tbf.h>
#include "fakes/env.h"
#include "fakes/tbf_build.h"
#include "internal/loader.h"

/*
 * Input: 4 configuration bytes, then the app flash contents (at most FLASH_MAX bytes):
 *   byte 0, bits 0-1: credential checker: 0 none (NULL), 1 accepts everything,
 *                     2 refuses the k-th app it is asked about when bit k of byte 1 is set,
 *                     3 refuses apps whose total size has bit (4 + bits 2-4) set
 *   byte 0, bits 5-7: ram_start = RAM_BASE + these (0-7: unaligned windows)
 *   byte 1:           refusal mask for checker 2
 *   bytes 2-3:        RAM window size / 2 (little-endian), so 0 .. 0x1fffe bytes
 * The flash window is [FLASH_BASE, FLASH_BASE + flash bytes); the region maps at a fixed
 * address when it can, so FixedAddresses values in inputs mean the same thing every run.
 *
 * Then the place stage alone (loader_place_ram) places one more, synthetic app among the RAM
 * blocks of the created processes; the last 4 input bytes give its size, alignment (8 to
 * 1024) and fixed address, and the answer must be what a brute-force search finds (see
 * check_place).
 *
 * Around the call: the flash bytes after the window and guard bands around the flash and RAM
 * windows are poisoned for ASan (any kernel access is a crash), flash pages are read-only,
 * and the RAM window plus 4 KiB either side is filled with a pattern. Afterwards every created
 * process must be consistent with its TBF and the window (see check_processes), RAM not given
 * to a process must still hold the pattern, flash must be unchanged, and env_check() must hold.
 *
 * FUZZ_LOADER_VERBOSE=1 prints the kernel log of every run (to see why an app was refused).
 * Seeds: FUZZ_LOADER_SEEDS=<dir> build/fuzz/bin/fuzz_loader writes the seed files into <dir>
 * and exits (make fuzz-loader-seeds refreshes tests/fuzz/corpus/fuzz_loader/ this way).
 */

#define REGION_ADDR 0x38000000u     /* preferred; see map_region */
#define REGION_SIZE 0x60000u
#define FLASH_OFF 0x10000u          /* guard below the flash window */
#define FLASH_MAX 0x10000u
#define RAM_OFF 0x30000u            /* guard between the flash and RAM windows */
#define RAM_MAX 0x20008u            /* ram misalignment + largest size */
#define RAM_GUARD 0x1000u           /* pattern-checked bytes on each side of the RAM window */
#define PATTERN 0xa5u
#define CONFIG_BYTES 4u
#define KA_SIZE ((uint32_t)((sizeof(struct process_kernel_area) + 7u) & ~7u))
#define MAX_OBJECTS (FLASH_MAX / TBF_BASE_HEADER_SIZE)

static uint8_t *region;
static uint32_t base;               /* lowmem address of region */
static bool verbose;                /* FUZZ_LOADER_VERBOSE set: print the kernel log of each run */

/* What one run looks like, for the checker and the checks. */
static struct run {
	uint32_t fs, fe, rs, re;     /* flash and RAM windows */
	uint8_t rule, param, mask;
	unsigned calls;
	uint32_t accepted[MAX_OBJECTS];
	unsigned naccepted;
	uint32_t objects[MAX_OBJECTS];   /* start of every object the TBF chain reaches */
	unsigned nobjects;
	const uint8_t *data;         /* the flash bytes as given */
} run;

static void fail(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "fuzz_loader: ");
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\n(flash 0x%08x-0x%08x, ram 0x%08x-0x%08x, checker rule %u)\n", run.fs, run.fe,
		run.rs, run.re, run.rule);
	va_end(ap);
	abort();
}

static void map_region(void)
{
	void *p = MAP_FAILED;
	/* A fixed address keeps inputs with FixedAddresses meaningful across runs. */
	for (uint32_t a = REGION_ADDR; p == MAP_FAILED && a < 0x40000000u; a += 0x01000000u) {
		p = mmap((void *)(uintptr_t)a, REGION_SIZE, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
		if (p != MAP_FAILED && p != (void *)(uintptr_t)a) {
			munmap(p, REGION_SIZE);   /* an old kernel took it as a hint */
			p = MAP_FAILED;
		}
	}
	if (p == MAP_FAILED)
		p = lowmem_map(REGION_SIZE);
	region = p;
	base = lowmem_addr(region);
}

static bool is_object(uint32_t a)
{
	for (unsigned i = 0; i < run.nobjects; i++)
		if (run.objects[i] == a)
			return true;
	return false;
}

/* The objects a correct walk reaches: stops where tbf_parse says the list ends or where an
 * object claims to run past the window. */
static void walk_chain(void)
{
	uint32_t a = run.fs;
	run.nobjects = 0;
	while (a < run.fe && run.fe - a >= TBF_BASE_HEADER_SIZE && run.nobjects < MAX_OBJECTS) {
		struct tbf_header h;
		enum tbf_error e = tbf_parse(run.data + (a - run.fs), run.fe - a, &h);
		if (tbf_error_ends_list(e) || h.total_size > run.fe - a)
			break;
		run.objects[run.nobjects++] = a;
		a += h.total_size;
	}
}

static const char *checker_fn(struct app_credentials *app, const void *ctx)
{
	(void)ctx;
	const struct tbf_header *h = app->h;
	uint32_t a = lowmem_addr(app->tbf);
	struct tbf_header mine;
	if (a < run.fs || a >= run.fe || !is_object(a))
		fail("checker asked about 0x%08x, not an object of the TBF chain", a);
	if (tbf_parse(run.data + (a - run.fs), run.fe - a, &mine) != TBF_OK || mine.is_padding ||
	    mine.total_size != h->total_size || mine.header_size != h->header_size)
		fail("checker asked about 0x%08x with a header that is not the one in flash", a);
	bool refuse = false;
	if (run.rule == 2)
		refuse = run.calls < 8 && (run.mask >> run.calls) & 1;
	else if (run.rule == 3)
		refuse = (h->total_size >> (4 + run.param)) & 1;
	run.calls++;
	if (refuse)
		return "refused by the fuzzer's checker";
	if (run.naccepted < MAX_OBJECTS)
		run.accepted[run.naccepted++] = a;
	return NULL;
}

static const struct app_checker checker = { checker_fn, NULL };

static bool accepted(uint32_t a)
{
	for (unsigned i = 0; i < run.naccepted; i++)
		if (run.accepted[i] == a)
			return true;
	return false;
}

/* Well-formed footers, at most LOADER_MAX_FOOTERS, every SHA-256 one matching. */
static bool footers_ok(const uint8_t *tbf, const struct tbf_header *h)
{
	uint32_t cursor = 0;
	struct tbf_footer f;
	enum tbf_error e;
	unsigned n = 0;
	while ((e = tbf_next_footer(tbf, h, &cursor, &f)) == TBF_OK)
		if (++n > LOADER_MAX_FOOTERS ||
		    (f.format == TBF_CRED_SHA256 && !tbf_sha256_matches(tbf, h, &f)))
			return false;
	return e == TBF_END;
}

static void check_processes(unsigned n)
{
	if (n > CONFIG_MAX_PROCS)
		fail("%u processes created, CONFIG_MAX_PROCS is %u", n, CONFIG_MAX_PROCS);
	for (unsigned i = n; i < CONFIG_MAX_PROCS; i++)
		if (processes[i].state != PS_EMPTY)
			fail("slot %u is not empty but only %u processes were created", i, n);
	for (unsigned i = 0; i < n; i++) {
		const struct process *p = &processes[i];
		if (p->state != PS_RUNNABLE || p->index != i)
			fail("process %u: state %u index %u", i, p->state, p->index);
		if (p->flash_start < run.fs || p->flash_start >= run.fe || !is_object(p->flash_start))
			fail("process %u: flash_start 0x%08x is not an object of the TBF chain", i, p->flash_start);
		const uint8_t *tbf = run.data + (p->flash_start - run.fs);
		struct tbf_header h;
		if (tbf_parse(tbf, run.fe - p->flash_start, &h) != TBF_OK || h.is_padding)
			fail("process %u: the object at 0x%08x does not parse as an app", i, p->flash_start);
		if (p->flash_end != p->flash_start + h.total_size || p->flash_end > run.fe)
			fail("process %u: flash 0x%08x-0x%08x, TBF total size %u", i, p->flash_start,
			     p->flash_end, h.total_size);
		if ((p->flash_start | p->flash_end) & 3)
			fail("process %u: flash 0x%08x-0x%08x not word-aligned (PMP cannot protect it)",
			     i, p->flash_start, p->flash_end);
		if (!(h.flags & TBF_FLAG_ENABLED) || !(h.has_main || h.has_program) ||
		    tbf_check_kernel_version(&h, TICK_KERNEL_MAJOR, TICK_KERNEL_MINOR) != TBF_OK ||
		    tbf_check_fixed_flash(&h, p->flash_start) != TBF_OK)
			fail("process %u: its TBF is disabled, has no entry, or has the wrong kernel version or flash address", i);
		if (!footers_ok(tbf, &h))
			fail("process %u: runs although its footers are bad, too many, or a SHA-256 one does not match", i);
		if (run.rule && !accepted(p->flash_start))
			fail("process %u at 0x%08x runs without the checker's approval", i, p->flash_start);
		uint32_t bin_end = p->flash_start + h.binary_end_offset;
		if (p->app_start != p->flash_start + tbf_protected_size(&h) ||
		    p->init_pc < p->app_start || p->init_pc >= bin_end || ((p->init_pc - p->flash_start) & 1))
			fail("process %u: app_start 0x%08x init_pc 0x%08x, binary 0x%08x-0x%08x", i,
			     p->app_start, p->init_pc, p->flash_start + tbf_protected_size(&h), bin_end);
		if (p->name && (lowmem_addr(p->name) < p->flash_start ||
				lowmem_addr(p->name) + p->name_len > p->flash_end))
			fail("process %u: name outside its TBF", i);
		if (p->mem_start < run.rs || p->mem_end > run.re || p->mem_start >= p->mem_end ||
		    ((p->mem_start | p->mem_end) & 7))
			fail("process %u: RAM 0x%08x-0x%08x (window 0x%08x-0x%08x, 8-byte aligned)", i,
			     p->mem_start, p->mem_end, run.rs, run.re);
		if ((uint64_t)p->mem_end - p->mem_start < (uint64_t)h.minimum_ram_size + KA_SIZE)
			fail("process %u: %u bytes of RAM for minimum_ram_size %u", i,
			     p->mem_end - p->mem_start, h.minimum_ram_size);
		if (h.has_fixed_addresses && h.fixed_ram != TBF_NOT_FIXED && p->mem_start != h.fixed_ram)
			fail("process %u: RAM at 0x%08x, linked for 0x%08x", i, p->mem_start, h.fixed_ram);
		for (unsigned j = 0; j < i; j++) {
			const struct process *q = &processes[j];
			if (p->flash_start < q->flash_end && q->flash_start < p->flash_end)
				fail("processes %u and %u share flash", j, i);
			if (p->mem_start < q->mem_end && q->mem_start < p->mem_end)
				fail("processes %u and %u share RAM", j, i);
			if (h.has_short_id && h.short_id && p->short_id == h.short_id &&
			    q->short_id == h.short_id)
				fail("processes %u and %u share ShortId 0x%x", j, i, h.short_id);
		}
	}
}

static void check_pattern(uint32_t lo, uint32_t hi, uint32_t win_lo, uint32_t win_hi)
{
	static uint8_t pat[4096];
	if (pat[0] != PATTERN)
		memset(pat, PATTERN, sizeof pat);
	for (uint32_t a = lo; a < hi; a += sizeof pat) {   /* fast path: whole chunks */
		uint32_t len = hi - a < sizeof pat ? hi - a : sizeof pat;
		if (memcmp(env_mem(a), pat, len) != 0)
			break;
		if (len < sizeof pat || a + len == hi)
			return;
	}
	for (uint32_t a = lo; a < hi; a++)
		if (*env_mem(a) != PATTERN)
			fail("byte at 0x%08x changed (%s the RAM window, in no process's RAM)", a,
			     a >= win_lo && a < win_hi ? "inside" : "outside");
}

/* RAM the loader gave to no process, and the guard bands, still hold the pattern. Run after
 * check_processes: the processes' RAM lies in the window and does not overlap. */
static void check_ram(unsigned n)
{
	uint32_t lo = base + RAM_OFF - RAM_GUARD, hi = run.re + RAM_GUARD;
	uint32_t a = lo;
	for (;;) {
		/* The next process RAM block at or after a. */
		uint32_t s = hi, e = hi;
		for (unsigned i = 0; i < n; i++)
			if (processes[i].mem_start >= a && processes[i].mem_start < s) {
				s = processes[i].mem_start;
				e = processes[i].mem_end;
			}
		check_pattern(a, s, run.rs, run.re);
		if (s == hi)
			break;
		a = e;
	}
}

static bool block_free(const struct ram_block *used, unsigned n, uint32_t s, uint32_t size)
{
	for (unsigned i = 0; i < n; i++)
		if (used[i].size && s < used[i].start + used[i].size && used[i].start < s + size)
			return false;
	return true;
}

/* loader_place_ram must give a synthetic app (from the 4 bytes at p) the lowest free address
 * in the RAM window that is a multiple of its alignment (its fixed address, if it has one and
 * that is free), or 0 when there is none. */
static void check_place(unsigned n, const uint8_t *p)
{
	struct ram_block used[CONFIG_MAX_PROCS] = { { 0, 0 } };
	for (unsigned i = 0; i < n; i++)
		used[i] = (struct ram_block){ processes[i].mem_start,
					      processes[i].mem_end - processes[i].mem_start };
	uint32_t align = 8u << (p[0] & 7);
	struct app_info app = {
		.ram_size = 8u * (1u + (p[1] | (uint32_t)(p[2] & 0x0f) << 8)),
		.ram_align = align,
		.fixed_ram = p[3] & 1 ? base + RAM_OFF + (p[3] >> 1) * 0x100u + (p[2] >> 4) * 8u
				      : TBF_NOT_FIXED,
	};
	uint32_t expect = 0;
	if (app.fixed_ram != TBF_NOT_FIXED) {
		uint32_t s = app.fixed_ram;
		if (s >= run.rs && (uint64_t)s + app.ram_size <= run.re && !(s & (align - 1)) &&
		    block_free(used, n, s, app.ram_size))
			expect = s;
	} else {
		for (uint64_t s = ((uint64_t)run.rs + align - 1) & ~(uint64_t)(align - 1);
		     s + app.ram_size <= run.re; s += align)
			if (block_free(used, n, (uint32_t)s, app.ram_size)) {
				expect = (uint32_t)s;
				break;
			}
	}
	uint32_t got = loader_place_ram(&app, run.rs, run.re, used, CONFIG_MAX_PROCS);
	if (got != expect)
		fail("loader_place_ram gave 0x%08x for %u bytes aligned to %u%s, expected 0x%08x", got,
		     app.ram_size, align, app.fixed_ram != TBF_NOT_FIXED ? " (fixed)" : "", expect);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < CONFIG_BYTES)
		return 0;
	if (!region)
		map_region();
	size_t flash_len = size - CONFIG_BYTES > FLASH_MAX ? FLASH_MAX : size - CONFIG_BYTES;
	memset(&run, 0, sizeof run);
	run.rule = data[0] & 3;
	run.param = (data[0] >> 2) & 7;
	run.mask = data[1];
	run.data = data + CONFIG_BYTES;
	run.fs = base + FLASH_OFF;
	run.fe = run.fs + (uint32_t)flash_len;
	run.rs = base + RAM_OFF + (data[0] >> 5);
	run.re = run.rs + 2u * (data[2] | (uint32_t)data[3] << 8);

	env_init();
	fake_uart_clear();

	/* Flash: the input, then erased bytes; RAM window and guards: the pattern. */
	lowmem_unpoison(region, REGION_SIZE);
	mprotect(region + FLASH_OFF, FLASH_MAX, PROT_READ | PROT_WRITE);
	memcpy(region + FLASH_OFF, run.data, flash_len);
	memset(region + FLASH_OFF + flash_len, 0xff, FLASH_MAX - flash_len);
	memset(env_mem(base + RAM_OFF - RAM_GUARD), PATTERN, run.re + RAM_GUARD - (base + RAM_OFF - RAM_GUARD));
	mprotect(region + FLASH_OFF, FLASH_MAX, PROT_READ);
	lowmem_poison(region, FLASH_OFF);
	lowmem_poison(env_mem(run.fe), run.rs - run.fe);
	lowmem_poison(env_mem(run.re), base + REGION_SIZE - run.re);
	walk_chain();

	unsigned n = kernel_load_processes(run.fs, run.fe, run.rs, run.re, run.rule ? &checker : NULL);

	lowmem_unpoison(region, REGION_SIZE);
	if (memcmp(region + FLASH_OFF, run.data, flash_len) != 0)
		fail("flash was modified");
	check_processes(n);
	check_ram(n);
	if (size >= CONFIG_BYTES + 4)
		check_place(n, data + size - 4);
	env_run();   /* the log goes out through the UART mux */
	if (verbose)
		fprintf(stderr, "fuzz_loader: %u created\n%s", n, fake_uart.out);
	const char *m = env_check();
	if (m)
		fail("env_check after loading: %s", m);
	return 0;
}

/* ---- Seeds ---------------------------------------------------------------------------- */

static uint8_t seed[0x4000];
static size_t seed_len;

static void seed_begin(uint8_t cfg, uint8_t mask, uint32_t ram_size)
{
	memset(seed, 0xff, sizeof seed);
	seed[0] = cfg;
	seed[1] = mask;
	seed[2] = (uint8_t)(ram_size / 2);
	seed[3] = (uint8_t)(ram_size / 2 >> 8);
	seed_len = CONFIG_BYTES;
}

static uint32_t seed_at(void)   /* flash address of the next object */
{
	return base + FLASH_OFF + (uint32_t)(seed_len - CONFIG_BYTES);
}

static void seed_put(struct tbf_opts o)
{
	seed_len += tbf_build(seed + seed_len, sizeof seed - seed_len, &o);
}

static void seed_padding(uint32_t n)
{
	tbf_make_padding(seed + seed_len, n);
	seed_len += n;
}

static void seed_write(const char *dir, const char *name)
{
	char path[512];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(seed, 1, seed_len, f) != seed_len || fclose(f) != 0) {
		perror(path);
		exit(1);
	}
}

static void write_seeds(const char *dir)
{
	uint32_t ram = base + RAM_OFF;

	seed_begin(0, 0, 0x10000);
	seed_put((struct tbf_opts){ .name = "hello" });
	seed_write(dir, "one-app");

	seed_begin(1, 0, 0x8000);   /* accept-all checker */
	seed_put((struct tbf_opts){ .name = "alpha", .min_ram = 4096 });
	seed_padding(0x100);
	seed_put((struct tbf_opts){ .name = "beta", .min_ram = 1001, .init_offset = 8 });
	seed_put((struct tbf_opts){ .min_ram = 2048, .program = true, .binary_size = 128 });
	seed_write(dir, "three-apps-padding");

	seed_begin(0, 0, 0x10000);
	uint32_t hs = tbf_build_header_size(&(struct tbf_opts){ .name = "fix", .fixed = true });
	seed_put((struct tbf_opts){ .name = "fix", .fixed = true, .fixed_flash = seed_at() + hs,
				    .fixed_ram = ram + 0x4000, .min_ram = 0x1000 });
	seed_put((struct tbf_opts){ .name = "clash", .fixed = true, .fixed_flash = TBF_NOT_FIXED,
				    .fixed_ram = ram + 0x4800 });
	seed_put((struct tbf_opts){ .name = "big", .min_ram = 0x3000 });
	seed_put((struct tbf_opts){ .name = "big2", .min_ram = 0x3000 });
	seed_put((struct tbf_opts){ .name = "fixram", .fixed = true, .fixed_flash = TBF_NOT_FIXED,
				    .fixed_ram = ram + 0xc000, .min_ram = 0x800 });
	seed_write(dir, "fixed-addresses");

	seed_begin(2 | 0xa0, 0x04, 0x6000);   /* checker refuses the 3rd app; ram_start + 5 */
	seed_put((struct tbf_opts){ .name = "signed", .program = true, .sha256 = true,
				    .short_id = true, .short_id_value = 0x1234 });
	seed_put((struct tbf_opts){ .name = "forged", .program = true, .bad_sha256 = true });
	seed_put((struct tbf_opts){ .name = "twin", .program = true, .sha256 = true,
				    .short_id = true, .short_id_value = 0x1234 });
	seed_put((struct tbf_opts){ .name = "other", .short_id = true, .short_id_value = 7 });
	seed_write(dir, "credentials-short-ids");

	seed_begin(3 | 0x10, 0, 0x1ff00);   /* checker refuses total sizes with bit 8 set */
	for (unsigned i = 0; i < CONFIG_MAX_PROCS + 2; i++)
		seed_put((struct tbf_opts){ .binary_size = 32 + 16 * i, .min_ram = 512 * (i + 1) });
	seed_write(dir, "more-apps-than-slots");

	seed_begin(0, 0, 0x8000);   /* the most footers an app may have, and one more */
	seed_put((struct tbf_opts){ .name = "max", .program = true, .sha256 = true,
				    .sha256_count = LOADER_MAX_FOOTERS });
	seed_put((struct tbf_opts){ .name = "over", .program = true, .sha256 = true,
				    .sha256_count = LOADER_MAX_FOOTERS + 1 });
	seed_write(dir, "footer-limit");

	static const uint32_t perms[] = { 1, 0, 0xf, 0x9990, 0, 0x3 };
	static const uint32_t wfr[] = { 0x80, 0x40 };
	seed_begin(0, 0, 0x3000);
	seed_put((struct tbf_opts){ .name = "badsum", .bad_checksum = true });
	seed_put((struct tbf_opts){ .name = "off", .disabled = true });
	seed_put((struct tbf_opts){ .name = "v3", .kmajor = 3, .kminor = 0 });
	seed_put((struct tbf_opts){ .name = "odd", .init_offset = 3 });
	seed_put((struct tbf_opts){ .name = "perm", .perms = perms, .perm_count = 2, .wfr = wfr,
				    .wfr_count = 1, .trailer = 16, .init_offset = 16 });
	seed_put((struct tbf_opts){ .name = "toobig", .min_ram = 0x3000 });
	seed_write(dir, "refusals");
}

int LLVMFuzzerInitialize(int *argc, char ***argv);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	const char *dir = getenv("FUZZ_LOADER_SEEDS");
	verbose = getenv("FUZZ_LOADER_VERBOSE") != NULL;
	if (!region)
		map_region();
	if (dir) {
		write_seeds(dir);
		exit(0);
	}
	return 0;
}
