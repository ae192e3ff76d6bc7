/* Boot-time process loading: walks the TBF chain in app flash, checks each app and gives it RAM. */
#include <tick/string.h>
#include <tick/driver.h>
#include <tick/klog.h>
#include <tick/loader.h>
#include <tick/tbf.h>
#include "internal/kernel_area.h"
#include "internal/process.h"

/* An app that passed every check, waiting for its RAM. */
struct candidate {
	uint32_t tbf;         /* address of the TBF header */
	uint32_t ram_size;
	uint32_t ram_align;   /* what the protection needs of mem_start (a power of two) */
	uint32_t fixed_ram;   /* TBF_NOT_FIXED if the app can live anywhere */
	uint32_t mem_start;   /* chosen */
};

static void log_name(const struct tbf_header *h, char *buf, unsigned size)
{
	unsigned n = 0;
	if (h->package_name)
		for (; n < h->package_name_len && n + 1 < size; n++)
			buf[n] = (char)h->package_name[n];
	if (n == 0 && size > 1)
		buf[n++] = '?';
	buf[n] = '\0';
}

/* Credentials: any SHA-256 footer present must match the integrity region. */
static const char *check_credentials(const uint8_t *tbf, const struct tbf_header *h)
{
	uint32_t cursor = 0;
	struct tbf_footer f;
	enum tbf_error e;
	while ((e = tbf_next_footer(tbf, h, &cursor, &f)) == TBF_OK) {
		if (f.format == TBF_CRED_SHA256 && !tbf_sha256_matches(tbf, h, &f))
			return "SHA-256 credential does not match the app";
	}
	return e == TBF_END ? NULL : tbf_error_str(e);
}

/* Checks one parsed app; returns NULL if it may run, else the reason it may not. */
static const char *check_app(uint32_t addr, const struct tbf_header *h,
			     const struct app_checker *checker)
{
	if (!(h->flags & TBF_FLAG_ENABLED))
		return "disabled in its header";
	if (!h->has_main && !h->has_program)
		return "no Main or Program header (no entry point)";
	if (tbf_check_kernel_version(h, TICK_KERNEL_MAJOR, TICK_KERNEL_MINOR) != TBF_OK)
		return "needs a kernel version this kernel (2.3) is not compatible with";
	if (tbf_check_fixed_flash(h, addr) != TBF_OK)
		return "linked for a different flash address than where it is stored";
	/* The protection must give the app exactly its flash (arch_mpu_switch would panic on a
	 * TBF it cannot express). */
	const char *why = arch_mpu_flash_check(addr, h->total_size);
	if (why)
		return why;
	uint32_t entry = h->header_size + h->init_fn_offset;
	if (entry < tbf_protected_size(h) || entry >= h->binary_end_offset ||
	    (entry & 1u) != ARCH_ENTRY_BIT0)
		return "entry point outside its binary";
	const uint8_t *tbf = (const uint8_t *)(uintptr_t)addr;
	why = check_credentials(tbf, h);
	if (!why && checker)
		why = checker->check(tbf, h, checker->ctx);
	return why;
}

static bool overlaps(uint32_t a, uint32_t alen, uint32_t b, uint32_t blen)
{
	return a < b + blen && b < a + alen;
}

static bool ram_free(const struct candidate *c, unsigned n, uint32_t start, uint32_t size)
{
	for (unsigned i = 0; i < n; i++)
		if (c[i].mem_start && overlaps(start, size, c[i].mem_start, c[i].ram_size))
			return false;
	return true;
}

static uint32_t align_up(uint32_t x, uint32_t align)
{
	return (x + align - 1u) & ~(align - 1u);
}

/* Fixed-RAM apps first (they cannot move), then the others first-fit from ram_start. */
static void place_ram(struct candidate *c, unsigned n, uint32_t ram_start, uint32_t ram_end)
{
	for (unsigned i = 0; i < n; i++) {
		if (c[i].fixed_ram == TBF_NOT_FIXED)
			continue;
		uint32_t s = c[i].fixed_ram;
		if (s >= ram_start && s <= ram_end && c[i].ram_size <= ram_end - s &&
		    (s & (c[i].ram_align - 1u)) == 0 &&
		    ram_free(c, n, s, c[i].ram_size))
			c[i].mem_start = s;
	}
	for (unsigned i = 0; i < n; i++) {
		if (c[i].fixed_ram != TBF_NOT_FIXED)
			continue;
		uint32_t s = align_up(ram_start, c[i].ram_align);
		for (unsigned tries = 0; tries <= n && !c[i].mem_start; tries++) {
			if (c[i].ram_size <= ram_end - s && ram_free(c, n, s, c[i].ram_size)) {
				c[i].mem_start = s;
				break;
			}
			/* Move past the lowest block that ends above s and try again. */
			uint32_t next = UINT32_MAX;
			for (unsigned j = 0; j < n; j++) {
				uint32_t e = c[j].mem_start + c[j].ram_size;
				if (c[j].mem_start && e > s && e < next)
					next = e;
			}
			if (next == UINT32_MAX || next > ram_end)
				break;
			s = align_up(next, c[i].ram_align);
		}
	}
}

static void create(struct process *p, unsigned index, const struct candidate *c)
{
	struct tbf_header h;
	const uint8_t *tbf = (const uint8_t *)(uintptr_t)c->tbf;
	tbf_parse(tbf, 0xffffffffu - c->tbf, &h);   /* parsed successfully before */
	memset(p, 0, sizeof *p);
	p->index = (uint8_t)index;
	p->flash_start = c->tbf;
	p->flash_end = c->tbf + h.total_size;
	p->app_start = c->tbf + tbf_protected_size(&h);
	p->init_pc = c->tbf + h.header_size + h.init_fn_offset;
	p->mem_start = c->mem_start;
	p->mem_end = c->mem_start + c->ram_size;
	p->name = h.package_name;
	p->name_len = (uint8_t)(h.package_name_len > 255 ? 255 : h.package_name_len);
	if (h.permissions) {
		p->permissions = h.permissions;
		p->permission_count = (uint8_t)(h.permission_count > 255 ? 255 : h.permission_count);
	}
	p->wfr = h.wfr;
	p->wfr_count = (uint8_t)(h.wfr_count > 255 ? 255 : h.wfr_count);
	p->short_id = h.has_short_id ? h.short_id : 0;
	process_start(p);
}

static bool short_id_taken(const struct candidate *c, unsigned n, uint32_t id)
{
	for (unsigned i = 0; i < n; i++) {
		struct tbf_header h;
		if (tbf_parse((const uint8_t *)(uintptr_t)c[i].tbf, 0xffffffffu - c[i].tbf, &h) == TBF_OK &&
		    h.has_short_id && h.short_id == id)
			return true;
	}
	return false;
}

unsigned kernel_load_processes(uint32_t flash_start, uint32_t flash_end,
			       uint32_t ram_start, uint32_t ram_end,
			       const struct app_checker *checker)
{
	struct candidate c[CONFIG_MAX_PROCS];
	unsigned n = 0;
	char name[32];
	uint32_t addr = flash_start;

	driver_index_build();

	while (addr < flash_end && flash_end - addr >= TBF_BASE_HEADER_SIZE) {
		struct tbf_header h;
		enum tbf_error e = tbf_parse((const uint8_t *)(uintptr_t)addr, flash_end - addr, &h);
		if (e != TBF_OK) {
			/* A bad header_size is reported before total_size is checked against the
			 * flash left: skipping a larger total_size would wrap addr around to
			 * memory before this object (even before flash_start). */
			if (tbf_error_ends_list(e) || h.total_size > flash_end - addr) {
				if (e != TBF_END)
					klog("[kernel] app list ends at 0x%08x: %s\n", addr, tbf_error_str(e));
				break;
			}
			klog("[kernel] app at 0x%08x skipped: %s\n", addr, tbf_error_str(e));
			addr += h.total_size;
			continue;
		}
		uint32_t next = addr + h.total_size;
		if (h.is_padding) {
			addr = next;
			continue;
		}
		log_name(&h, name, sizeof name);
		const char *why = check_app(addr, &h, checker);
		if (!why && h.has_short_id && h.short_id && short_id_taken(c, n, h.short_id))
			why = "its ShortId is already used by another app";
		if (!why && n == CONFIG_MAX_PROCS)
			why = "no free process slot";
		if (why) {
			klog("[kernel] app '%s' at 0x%08x not started: %s\n", name, addr, why);
			addr = next;
			continue;
		}
		/* 64-bit so that a huge minimum_ram_size cannot wrap into a tiny block. */
		uint32_t align;
		uint64_t need = arch_mpu_ram_layout((uint64_t)h.minimum_ram_size +
						    KERNEL_AREA_SIZE,
						    &align);
		if (need > (uint64_t)(ram_end - ram_start)) {
			klog("[kernel] app '%s' at 0x%08x not started: needs more RAM than the board has\n",
			     name, addr);
			addr = next;
			continue;
		}
		c[n++] = (struct candidate){
			.tbf = addr,
			.ram_size = (uint32_t)need,
			.ram_align = align,
			.fixed_ram = h.has_fixed_addresses ? h.fixed_ram : TBF_NOT_FIXED,
			.mem_start = 0,
		};
		addr = next;
	}

	place_ram(c, n, ram_start, ram_end);

	unsigned created = 0;
	for (unsigned i = 0; i < n; i++) {
		struct tbf_header h;
		tbf_parse((const uint8_t *)(uintptr_t)c[i].tbf, flash_end - c[i].tbf, &h);
		log_name(&h, name, sizeof name);
		if (!c[i].mem_start) {
			if (c[i].fixed_ram != TBF_NOT_FIXED)
				klog("[kernel] app '%s' not started: needs %u bytes of RAM at 0x%08x, which is taken or outside 0x%08x-0x%08x\n",
				     name, c[i].ram_size, c[i].fixed_ram, ram_start, ram_end);
			else
				klog("[kernel] app '%s' not started: no room for %u bytes of RAM\n", name,
				     c[i].ram_size);
			continue;
		}
		struct process *p = &processes[created];
		create(p, created, &c[i]);
		klog("[kernel] app '%s': flash 0x%08x-0x%08x, ram 0x%08x-0x%08x%s\n", name,
		     p->flash_start, p->flash_end, p->mem_start, p->mem_end,
		     c[i].fixed_ram != TBF_NOT_FIXED ? " (fixed address)" : "");
		created++;
	}
	return created;
}
