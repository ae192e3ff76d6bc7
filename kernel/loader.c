/* App loading in stages: scan the TBF chain in app flash, check each app, place its RAM, create its process. */
#include <tick/string.h>
#include <tick/driver.h>
#include <tick/klog.h>
#include <tick/loader.h>
#include <tick/reloc.h>
#include <tick/sha256.h>
#include <tick/tbf.h>
#include "internal/kernel_area.h"
#include "internal/loader.h"
#include "internal/process.h"

/* The app's name for the log, printed whole with %.*s: its PackageName, or "?". Not inlined:
 * LTO copied it into each of its three callers. */
__attribute__((noinline)) static const char *log_name(const uint8_t *s, uint32_t len, int *n)
{
	if (!s || len == 0) {
		*n = 1;
		return "?";
	}
	*n = (int)len;
	return (const char *)s;
}

/* Not inlined (noinline): three calls are smaller than three copies. */
__attribute__((noinline)) static uint8_t cap255(uint32_t n)
{
	return (uint8_t)(n > 255 ? 255 : n);
}

const uint8_t *app_sha256(struct app_credentials *app)
{
	if (!app->hashed) {
		sha256(app->tbf, app->h->binary_end_offset, app->sha256);
		app->hashed = true;
	}
	return app->sha256;
}

#define STRINGIFY(x) #x
#define STR(x) STRINGIFY(x)

/* Credentials: every footer well-formed, at most LOADER_MAX_FOOTERS of them, and every
 * SHA-256 footer equal to the one digest of the integrity region. */
static const char *check_credentials(struct app_credentials *app)
{
	uint32_t cursor = 0;
	struct tbf_footer f;
	enum tbf_error e;
	for (unsigned n = 0; (e = tbf_next_footer(app->tbf, app->h, &cursor, &f)) == TBF_OK; n++) {
		if (n == LOADER_MAX_FOOTERS)
			return "more than " STR(LOADER_MAX_FOOTERS) " credential footers";
		/* tbf_next_footer guarantees a SHA-256 footer's 32 bytes. */
		if (f.format == TBF_CRED_SHA256 &&
		    memcmp(app_sha256(app), f.data, SHA256_DIGEST_SIZE) != 0)
			return "SHA-256 credential does not match the app";
	}
	return e == TBF_END ? NULL : tbf_error_str(e);
}

#if CONFIG_RELOCATABLE_APPS
bool loader_relocates_boot_apps = CONFIG_RELOCATE_BOOT_APPS;

/* Logs the entry of a relocation table at fault, for the app whose TBF is at tbf. */
static void log_reloc(uint32_t tbf, const struct reloc_cursor *c, enum reloc_error e)
{
	klog(KLOG_KERNEL "app at 0x%08x: relocation entry %u (offset 0x%x): %s\n", tbf, c->index,
	     c->offset, reloc_error_str(e));
}

/* The check stage's part for relocatable apps: parses the table into out->reloc. */
static const char *check_reloc(const uint8_t *tbf, const struct tbf_header *h,
			       struct app_info *out)
{
	struct reloc_cursor fault;
	enum reloc_error re = reloc_parse(tbf, h, &out->reloc, &fault);
	out->relocatable = re == RELOC_OK;
	if (re >= RELOC_BAD_ENCODING && re <= RELOC_OUTSIDE)
		log_reloc((uint32_t)(uintptr_t)tbf, &fault, re);
	return re == RELOC_OK || re == RELOC_NONE ? NULL : reloc_error_str(re);
}
#endif

#if !CONFIG_RELOCATABLE_APPS
/* only the store needs it outside, and only with relocatable apps */
static inline __attribute__((always_inline))
#endif
void loader_ram_need(const struct tbf_header *h, struct app_info *out)
{
	/* 64-bit so that a huge minimum_ram_size cannot wrap into a tiny block. */
	uint64_t need = arch_mpu_ram_layout((uint64_t)h->minimum_ram_size + KERNEL_AREA_SIZE,
					    &out->ram_align);
#if CONFIG_RELOCATABLE_APPS
	if (out->relocatable && (1u << out->reloc.ram_align) > out->ram_align)
		out->ram_align = 1u << out->reloc.ram_align;
#endif
	out->ram_size = need > UINT32_MAX ? UINT32_MAX : (uint32_t)need;
}

const char loader_short_id_taken[] = "its ShortId is already used by another app";

const char *loader_check_hashed(const uint8_t *tbf, const struct tbf_header *h,
				const struct app_checker *checker, const uint8_t *digest,
				struct app_info *out)
{
	uint32_t addr = (uint32_t)(uintptr_t)tbf;
	if (!(h->flags & TBF_FLAG_ENABLED))
		return "disabled in its header";
	if (!h->has_main && !h->has_program)
		return "no Main or Program header (no entry point)";
	if (tbf_check_kernel_version(h, TICK_KERNEL_MAJOR, TICK_KERNEL_MINOR) != TBF_OK)
		return "needs a kernel version this kernel (2.3) is not compatible with";
	/* A relocatable app may be anywhere: its FixedAddresses say where it was linked. */
#if CONFIG_RELOCATABLE_APPS
	const char *why = check_reloc(tbf, h, out);
	if (why)
		return why;
	bool movable = out->relocatable;
#else
	/* A relocation table is then an unknown TLV, skipped: the app is a fixed one. */
	const char *why;
	bool movable = false;
#endif
	if (!movable && tbf_check_fixed_flash(h, addr) != TBF_OK)
		return "linked for a different flash address than where it is stored";
	/* The protection must give the app exactly its flash (arch_mpu_switch would panic on a
	 * TBF it cannot express). */
	why = arch_mpu_flash_check(addr, h->total_size);
	if (why)
		return why;
	uint32_t entry = h->header_size + h->init_fn_offset, app = tbf_protected_size(h);
	if (entry < app || entry >= h->binary_end_offset || (entry & 1u) != ARCH_ENTRY_BIT0)
		return "entry point outside its binary";
	struct app_credentials cred;   /* field by field: the digest needs no zeroing */
	cred.tbf = tbf;
	cred.h = h;
	cred.hashed = digest != NULL;
	cred.key = APP_KEY_NONE;
	if (digest)
		memcpy(cred.sha256, digest, SHA256_DIGEST_SIZE);
	why = check_credentials(&cred);
	if (!why && checker)
		why = checker->check(&cred, checker->ctx);
	if (why)
		return why;

	loader_ram_need(h, out);
	out->flash_start = addr;
	out->flash_end = addr + h->total_size;
	out->app_start = addr + app;
	out->init_pc = addr + entry;
	/* TBF_NOT_FIXED without the TLV (tbf.h), and for a relocatable app. */
	out->fixed_ram = movable ? TBF_NOT_FIXED : h->fixed_ram;
	out->short_id = h->has_short_id ? h->short_id : 0;
	out->name = h->package_name;
	out->name_len = cap255(h->package_name_len);
	out->permissions = h->permissions;
	out->permission_count = cap255(h->permission_count);
	out->wfr = h->wfr;
	out->wfr_count = cap255(h->wfr_count);
	out->key = cred.key;
	return NULL;
}

const char *loader_check(const uint8_t *tbf, const struct tbf_header *h,
			 const struct app_checker *checker, struct app_info *out)
{
	return loader_check_hashed(tbf, h, checker, NULL, out);
}

#if CONFIG_RELOCATABLE_APPS
const char *loader_check_relocated(const uint8_t *tbf, const struct tbf_header *h,
				   const struct app_checker *checker, uint32_t ram,
				   struct app_info *out)
{
	uint8_t digest[SHA256_DIGEST_SIZE];
	struct reloc_cursor fault;
	enum reloc_error e = reloc_parse(tbf, h, &out->reloc, &fault);
	if (e == RELOC_NONE)
		return "no relocation table";
	struct reloc_place placed = { (uint32_t)(uintptr_t)tbf + tbf_protected_size(h), ram };
	if (e == RELOC_OK)
		e = reloc_check_place(&out->reloc, &placed);
	if (e == RELOC_OK)
		e = reloc_sha256(tbf, h->binary_end_offset, &out->reloc, &placed, digest, &fault);
	if (e != RELOC_OK) {
		log_reloc((uint32_t)(uintptr_t)tbf, &fault, e);
		return reloc_error_str(e);
	}
	return loader_check_hashed(tbf, h, checker, digest, out);
}

const char *loader_relocate(const struct app_info *app, uint32_t mem_start)
{
	const struct reloc_table *t = &app->reloc;
	struct reloc_place from = reloc_nominal(t), to = { app->app_start, mem_start };
	struct reloc_cursor c = { 0, 0, 0 };
	if (to.flash == from.flash && to.ram == from.ram)
		return NULL;
	enum reloc_error e = reloc_check_place(t, &to);
	if (e == RELOC_OK) {
		int32_t r = reloc_apply(t, &c, &from, &to, 0, (uint8_t *)(uintptr_t)app->flash_start,
					t->image_end);
		if (r >= 0)
			return NULL;
		e = (enum reloc_error)-r;
		log_reloc(app->flash_start, &c, e);
	}
	return reloc_error_str(e);
}
#endif

static bool overlaps(uint32_t a, uint32_t alen, uint32_t b, uint32_t blen)
{
	return a < b + blen && b < a + alen;
}

/* Not inlined: GCC would copy it, and the loop around it, into every path (+40 bytes). */
__attribute__((noinline)) static bool ram_free(const struct ram_block *used, unsigned n,
					      uint32_t start, uint32_t size)
{
	for (unsigned i = 0; i < n; i++)
		if (overlaps(start, size, used[i].start, used[i].size))
			return false;
	return true;
}

static uint32_t align_up(uint32_t x, uint32_t align)
{
	return (x + align - 1u) & ~(align - 1u);
}

uint32_t loader_place_ram(const struct app_info *app, uint32_t ram_start, uint32_t ram_end,
			  const struct ram_block *used, unsigned n)
{
	uint32_t size = app->ram_size, align = app->ram_align;
	bool fixed = app->fixed_ram != TBF_NOT_FIXED;
	uint32_t s = fixed ? app->fixed_ram : align_up(ram_start, align);
	for (unsigned tries = 0;; tries++) {
		/* s <= ram_end first: aligning up can pass an unaligned ram_end (or wrap past
		 * 2^32), and then ram_end - s would wrap too. */
		if (s >= ram_start && s <= ram_end && size <= ram_end - s && !(s & (align - 1u)) &&
		    ram_free(used, n, s, size))
			return s;
		/* First fit: each try moves past one more block, so n + 1 tries see every gap. */
		if (fixed || tries == n)
			return 0;
		/* Move past the lowest block that ends above s and try again. */
		uint32_t next = UINT32_MAX;
		for (unsigned j = 0; j < n; j++) {
			uint32_t e = used[j].start + used[j].size;
			if (e > s && e < next)
				next = e;
		}
		if (next >= ram_end)
			return 0;
		s = align_up(next, align);
	}
}

void loader_create(struct process *p, unsigned index, const struct app_info *app,
		   uint32_t mem_start)
{
	int name_len;
	const char *name;
	memset(p, 0, sizeof *p);
	p->index = (uint8_t)index;
	p->flash_start = app->flash_start;
	p->flash_end = app->flash_end;
	p->app_start = app->app_start;
	p->init_pc = app->init_pc;
	p->mem_start = mem_start;
	p->mem_end = mem_start + app->ram_size;
	p->name = app->name;
	p->name_len = app->name_len;
	p->permissions = app->permissions;
	p->permission_count = app->permission_count;
	p->wfr = app->wfr;
	p->wfr_count = app->wfr_count;
	p->short_id = app->short_id;
	p->key = app->key & 1u;
	process_start(p);
	name = log_name(app->name, app->name_len, &name_len);
	klog(KLOG_KERNEL "app '%.*s': flash 0x%08x-0x%08x, ram 0x%08x-0x%08x%s\n", name_len, name,
	     p->flash_start, p->flash_end, p->mem_start, p->mem_end,
#if CONFIG_RELOCATABLE_APPS
	     app->fixed_ram == TBF_NOT_FIXED ? "" :
	     app->relocatable ? " (relocated for it)" : " (fixed address)");
#else
	     app->fixed_ram != TBF_NOT_FIXED ? " (fixed address)" : "");
#endif
}

static bool short_id_taken(const struct app_info *apps, unsigned n, uint32_t id)
{
	for (unsigned i = 0; i < n; i++)
		if (apps[i].short_id == id)
			return true;
	return false;
}

unsigned kernel_load_processes(uint32_t flash_start, uint32_t flash_end,
			       uint32_t ram_start, uint32_t ram_end,
			       const struct app_checker *checker)
{
	/* One more than the slots: the last entry receives an app that then finds none free. */
	struct app_info apps[CONFIG_MAX_PROCS + 1], *a = apps;   /* a: apps[n] */
	struct ram_block ram[CONFIG_MAX_PROCS];
	unsigned n = 0;
	const char *name;
	int name_len;
	uint32_t addr = flash_start;

	driver_index_build();

	/* Scan and check, in flash order. */
	while (addr < flash_end && flash_end - addr >= TBF_BASE_HEADER_SIZE) {
		struct tbf_header h;
		const uint8_t *tbf = (const uint8_t *)(uintptr_t)addr;
		enum tbf_error e = tbf_parse(tbf, flash_end - addr, &h);
		if (e != TBF_OK) {
			/* A bad header_size is reported before total_size is checked against the
			 * flash left: skipping a larger total_size would wrap addr around to
			 * memory before this object (even before flash_start). */
			if (tbf_error_ends_list(e) || h.total_size > flash_end - addr) {
				if (e != TBF_END)
					klog(KLOG_KERNEL "app list ends at 0x%08x: %s\n", addr, tbf_error_str(e));
				break;
			}
			klog(KLOG_KERNEL "app at 0x%08x skipped: %s\n", addr, tbf_error_str(e));
			addr += h.total_size;
			continue;
		}
		addr += h.total_size;
		if (h.is_padding)
			continue;
		const char *why = loader_check(tbf, &h, checker, a);
#if CONFIG_RELOCATABLE_APPS
		/* Flash the kernel cannot patch: a relocatable app runs only where it was linked. */
		if (!why && a->relocatable && !loader_relocates_boot_apps) {
			if (a->app_start != a->reloc.flash_base)
				why = "not at its link address (no boot relocation)";
			a->fixed_ram = a->reloc.ram_base;
		}
#endif
		if (!why && a->short_id && short_id_taken(apps, n, a->short_id))
			why = loader_short_id_taken;
		if (!why && n == CONFIG_MAX_PROCS)
			why = "no free process slot";
		if (!why && a->ram_size > ram_end - ram_start)
			why = "needs more RAM than the board has";
		if (why) {
			name = log_name(h.package_name, h.package_name_len, &name_len);
			klog(KLOG_KERNEL "app '%.*s' at 0x%08x not started: %s\n", name_len, name,
			     (uint32_t)(uintptr_t)tbf, why);
			continue;
		}
		a++;
		n++;
	}

	/* Place: fixed-RAM apps first (they cannot move), then the others first-fit. */
	memset(ram, 0, sizeof ram);
	for (unsigned fixed = 2; fixed-- > 0;)
		for (unsigned i = 0; i < n; i++)
			if ((apps[i].fixed_ram != TBF_NOT_FIXED) == fixed) {
				uint32_t s = loader_place_ram(&apps[i], ram_start, ram_end, ram, n);
				if (s)
					ram[i] = (struct ram_block){ s, apps[i].ram_size };
			}

	/* Create, in flash order. */
	unsigned created = 0;
	for (unsigned i = 0; i < n; i++) {
		a = &apps[i];
		name = log_name(a->name, a->name_len, &name_len);
		if (ram[i].start) {
			/* Relocate: the image was verified as linked (check stage); patch it now. */
			const char *why = NULL;
#if CONFIG_RELOCATABLE_APPS
			if (a->relocatable)
				why = loader_relocate(a, ram[i].start);
#endif
			if (!why) {
				loader_create(&processes[created], created, a, ram[i].start);
				created++;
			} else {
				klog(KLOG_KERNEL "app '%.*s' at 0x%08x not started: %s\n", name_len, name,
				     a->flash_start, why);
			}
			continue;
		}
		if (a->fixed_ram != TBF_NOT_FIXED)
			klog(KLOG_KERNEL "app '%.*s' not started: needs %u bytes of RAM at 0x%08x, which is taken or outside 0x%08x-0x%08x\n",
			     name_len, name, a->ram_size, a->fixed_ram, ram_start, ram_end);
		else
			klog(KLOG_KERNEL "app '%.*s' not started: no room for %u bytes of RAM\n", name_len,
			     name, a->ram_size);
	}
	return created;
}
