/* tick-image: turning TBF objects into placeable apps, and choosing TAB variants for a board. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <tick/reloc.h>

#include "../lib/appfile.h"
#include "image.h"

void apps_push(struct app_list *l, const struct app *a)
{
	if (l->n == l->cap)
		l->v = xrealloc(l->v, (l->cap = l->cap ? 2 * l->cap : 8) * sizeof *l->v);
	l->v[l->n] = *a;
	l->v[l->n].order = (uint32_t)l->n;
	l->n++;
}

static uint32_t pow2_at_least(uint32_t v)
{
	uint32_t p = 1;
	while (p < v && p < 0x80000000u)
		p <<= 1;
	return p;
}

void app_from_tbf(struct app *a, const uint8_t *tbf, const struct tbf_header *h, char *label,
		  const struct board *b)
{
	memset(a, 0, sizeof *a);
	a->label = label;
	a->tbf = tbf;
	a->h = *h;
	a->size = h->total_size;
	if (h->package_name)
		snprintf(a->name, sizeof a->name, "%.*s", (int)h->package_name_len,
			 (const char *)h->package_name);
	else
		snprintf(a->name, sizeof a->name, "(unnamed)");
	if (h->has_fixed_addresses && h->fixed_flash != TBF_NOT_FIXED) {
		a->fixed = true;
		a->start = h->fixed_flash - tbf_protected_size(h);
	}
	if (h->has_fixed_addresses && h->fixed_ram != TBF_NOT_FIXED) {
		a->has_ram = true;
		a->ram_start = h->fixed_ram;
		uint64_t end = (uint64_t)h->fixed_ram + h->minimum_ram_size;
		a->ram_end = end > 0xFFFFFFFFu ? 0xFFFFFFFFu : (uint32_t)end;
	}
	/* Arm: the MPU covers the whole TBF with one power-of-two region, aligned to its size. */
	a->align = b && board_is_arm(b) ? pow2_at_least(a->size) : 4;
	/* Tick's relocation table: FixedAddresses only say where it was linked. Its binary must
	 * stay a multiple of the table's flash alignment away from there. */
	struct reloc_table t;
	enum reloc_error e = reloc_parse(tbf, h, &t, NULL);
	if (e == RELOC_NONE)
		return;
	/* A damaged table still makes it a relocatable app (the kernel refuses it and says why;
	 * tests place such apps on purpose). */
	a->relocatable = true;
	a->fixed = false;
	a->has_ram = false;
	if (e != RELOC_OK) {
		warn("%s: its relocation table is not valid (%s): the kernel will not start it",
		     a->name, reloc_error_str(e));
		a->linked_at = h->fixed_flash - tbf_protected_size(h);
		return;
	}
	a->linked_at = t.flash_base - tbf_protected_size(h);
	if ((1u << t.flash_align) > a->align)
		a->align = 1u << t.flash_align;
	a->phase = a->linked_at & (a->align - 1);
}

void app_summary(const struct app *a, char *out, size_t n)
{
	int k = snprintf(out, n, "%-16s flash 0x%08x-0x%08x", a->name, a->addr, a->addr + a->size);
	if (k < 0 || (size_t)k >= n)
		return;
	if (a->has_ram)
		snprintf(out + k, n - (size_t)k, "  ram 0x%08x-0x%08x", a->ram_start, a->ram_end);
	else if (a->relocatable)
		snprintf(out + k, n - (size_t)k, "  relocatable (linked for 0x%08x)", a->linked_at);
	else
		snprintf(out + k, n - (size_t)k, "  %s",
			 a->h.has_fixed_addresses && a->h.fixed_flash != TBF_NOT_FIXED
				 ? "ram anywhere"
				 : "relocatable");
}

bool ranges_overlap(uint64_t a, uint64_t n, uint64_t b, uint64_t m)
{
	return a < b + m && b < a + n;
}

bool fixed_app_fits(const struct app *a, const struct app_list *apps, const struct board *b,
		    char *why, size_t n)
{
	uint64_t fs = b->app_flash_start, fe = fs + b->app_flash_size;

	if (a->fixed && (a->start < fs || (uint64_t)a->start + a->size > fe)) {
		snprintf(why, n, "needs flash 0x%08x-0x%08llx, outside the board's app flash 0x%08llx-0x%08llx",
			 a->start, (unsigned long long)a->start + a->size, (unsigned long long)fs,
			 (unsigned long long)fe);
		return false;
	}
	if (a->has_ram && (a->ram_start < b->ram_start ||
			   (uint64_t)a->ram_end > (uint64_t)b->ram_start + b->ram_size)) {
		snprintf(why, n, "needs RAM 0x%08x-0x%08x, outside the board's RAM 0x%08x-0x%08llx",
			 a->ram_start, a->ram_end, b->ram_start,
			 (unsigned long long)b->ram_start + b->ram_size);
		return false;
	}
	for (size_t i = 0; i < apps->n; i++) {
		const struct app *o = &apps->v[i];
		if (a->fixed && o->fixed && ranges_overlap(a->start, a->size, o->start, o->size)) {
			snprintf(why, n, "flash 0x%08x-0x%08x overlaps %s at 0x%08x-0x%08x", a->start,
				 a->start + a->size, o->label, o->start, o->start + o->size);
			return false;
		}
		if (a->has_ram && o->has_ram &&
		    ranges_overlap(a->ram_start, a->ram_end - a->ram_start, o->ram_start,
				   o->ram_end - o->ram_start)) {
			snprintf(why, n, "RAM 0x%08x-0x%08x overlaps the RAM of %s at 0x%08x-0x%08x",
				 a->ram_start, a->ram_end, o->label, o->ram_start, o->ram_end);
			return false;
		}
	}
	return true;
}

/* Parses a TBF object or dies naming where it came from. */
static void parse_or_die(const uint8_t *p, size_t avail, struct tbf_header *h, const char *where)
{
	enum tbf_error e = tbf_parse(p, avail, h);
	if (e == TBF_END)
		die("%s: not a TBF object (the first half-word is not version 2)", where);
	if (e != TBF_OK)
		die("%s: not a valid TBF: %s", where, tbf_error_str(e));
}

/* First dot-separated component of a TAB entry name: "rv32imac.0x...tbf" -> "rv32imac". */
static bool arch_matches(const char *entry, const char *arch)
{
	size_t n = strcspn(entry, ".");
	return strlen(arch) == n && strncmp(entry, arch, n) == 0;
}

static void load_tab(struct app_list *apps, const struct app_file *f, const struct board *b)
{
	char reasons[4096] = "";
	size_t used = 0;
	int arch_variants = 0;
	struct app reloc = {0};
	bool have_reloc = false;

	for (size_t i = 0; i < f->nentries; i++) {
		const struct tar_entry *e = &f->entries[i];
		if (!tab_entry_is_tbf(e) || !arch_matches(e->name, b->arch))
			continue;
		arch_variants++;
		char *where = xasprintf("%s: %s", f->path, e->name);
		struct tbf_header h;
		parse_or_die(e->data, e->size, &h, where);
		if (h.is_padding)
			die("%s: is a padding object, not an app", where);
		struct app a;
		app_from_tbf(&a, e->data, &h, NULL, b);
		a.label = xasprintf("%s (%s)", a.name, where);
		a.src = f->path;
		a.member = e->name;
		if (!a.fixed && !a.has_ram) {
			if (!have_reloc) {
				reloc = a;
				have_reloc = true;
			}
			free(where);
			continue;
		}
		char why[512];
		if (fixed_app_fits(&a, apps, b, why, sizeof why)) {
			apps_push(apps, &a);
			free(where);
			return;
		}
		used += (size_t)snprintf(reasons + used, used < sizeof reasons ? sizeof reasons - used : 0,
					 "\n  %s %s", e->name, why);
		if (used >= sizeof reasons)
			used = sizeof reasons - 1;
		free(where);
	}
	if (have_reloc) {
		apps_push(apps, &reloc);
		return;
	}
	if (arch_variants == 0) {
		char list[2048] = "";
		size_t k = 0;
		for (size_t i = 0; i < f->nentries && k < sizeof list - 1; i++) {
			if (tab_entry_is_tbf(&f->entries[i]))
				k += (size_t)snprintf(list + k, sizeof list - k, " %s", f->entries[i].name);
		}
		die("%s: no TBF for the board's arch %s in this TAB (it has:%s): give the app's build "
		    "for %s (Tick's Arm apps are in build/cortex-m/apps/, its rv32 ones in build/apps/)",
		    f->path, b->arch, k ? list : " nothing", b->arch);
	}
	die("%s: none of its %d %s variants fits beside the apps already placed:%s", f->path,
	    arch_variants, b->arch, reasons);
}

static void load_file(struct app_list *apps, const char *path, const struct board *b);

void load_input(struct app_list *apps, const char *arg, const struct board *b)
{
	const char *at = strrchr(arg, '@');
	uint32_t addr;
	if (!at || !parse_u32(at + 1, &addr)) {
		load_file(apps, arg, b);
		return;
	}
	char *path = strndup(arg, (size_t)(at - arg));
	size_t before = apps->n;
	load_file(apps, path, b);
	if (apps->n != before + 1)
		die("%s: @ADDR places one app, and %s holds %zu", arg, path, apps->n - before);
	struct app *a = &apps->v[before];
	if (a->fixed && a->start != addr)
		die("%s is a fixed-address app: its TBF goes at 0x%08x, not 0x%08x", a->label, a->start,
		    addr);
	if ((addr & (a->align - 1)) != a->phase)
		die("%s cannot start at 0x%08x: its TBF start must be 0x%x modulo 0x%x (alignment of "
		    "its code)", a->label, addr, a->phase, a->align);
	a->fixed = true;
	a->start = addr;
	char why[512];
	struct app_list others = { apps->v, before, apps->cap };
	if (!fixed_app_fits(a, &others, b, why, sizeof why))
		die("%s %s", a->label, why);
	/* path stays allocated: the app's records (label, the map's source) point into it. */
}

static void load_file(struct app_list *apps, const char *path, const struct board *b)
{
	struct app_file *f = xcalloc(1, sizeof *f); /* kept alive: apps point into it */

	app_file_load(f, path);
	switch (f->kind) {
	case APP_ELF:
		die("%s is an ELF file, not a TBF or TAB: pack it with tick-pack first", path);
	case APP_UNKNOWN:
		die("%s is not a TBF or TAB (a TBF starts with version 2, a TAB is a tar archive): "
		    "give the .tab or .tbf that an app's make writes", path);
	case APP_TAB:
		load_tab(apps, f, b);
		return;
	case APP_TBF:
		break;
	}
	/* A .tbf file, or a chain of them (an image): every non-padding object is an app. */
	size_t off = 0;
	int count = 0;
	while (off < f->len) {
		struct tbf_header h;
		char *where = xasprintf("%s at offset 0x%zx", path, off);
		enum tbf_error e = tbf_parse(f->data + off, f->len - off, &h);
		if (e == TBF_END && off > 0)
			break;
		parse_or_die(f->data + off, f->len - off, &h, count ? where : path);
		if (!h.is_padding) {
			struct app a;
			app_from_tbf(&a, f->data + off, &h, NULL, b);
			a.label = xasprintf("%s (%s)", a.name, count ? where : path);
			a.src = count ? NULL : path;   /* a later object of a chain has no ELF of its own */
			char why[512];
			if ((a.fixed || a.has_ram) && !fixed_app_fits(&a, apps, b, why, sizeof why))
				die("%s %s", a.label, why);
			apps_push(apps, &a);
			count++;
		}
		free(where);
		off += h.total_size;
	}
	if (count == 0)
		die("%s contains no app (only padding)", path);
}

void write_map(const struct app_list *apps, const char *path)
{
	FILE *f = fopen(path, "w");
	if (!f)
		die("cannot write the map %s", path);
	fprintf(f, "# name\ttbf_start\tapp_start\tram_start\tsource\tmember\n");
	for (size_t i = 0; i < apps->n; i++) {
		const struct app *a = &apps->v[i];
		char ram[16] = "-";
		if (a->has_ram)
			snprintf(ram, sizeof ram, "0x%08x", a->ram_start);
		fprintf(f, "%s\t0x%08x\t0x%08x\t%s\t%s\t%s\n", a->name, a->addr,
			a->addr + tbf_protected_size(&a->h), ram, a->src ? a->src : "-",
			a->member ? a->member : "-");
	}
	if (fclose(f) != 0)
		die("cannot write the map %s", path);
}
