/* tick-load: installs, updates, removes and lists apps in a running Tick system over its management channel. */
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <tick/reloc.h>
#include <tick/tbf.h>

#include "../lib/appfile.h"
#include "../lib/elf32.h"
#include "../lib/util.h"
#include "link.h"

static const char usage[] =
	"usage: tick-load [--socket PATH] [--json] [--quiet] COMMAND ...\n"
	"\n"
	"Talks to a running Tick kernel over its management channel (make run puts it on the\n"
	"Unix socket build/mgmt.sock and prints that) and changes the apps in its app store,\n"
	"without a reboot:\n"
	"\n"
	"  install FILE [--or-update]  install the app in FILE (a .tbf, or a .tab: the TBF for the\n"
	"                              board's architecture); --or-update: update it if installed\n"
	"  update FILE                 replace the installed app of the same name (on trial first:\n"
	"                              rolled back if it faults within a second)\n"
	"  remove NAME                 stop and remove the installed app NAME\n"
	"  list                        the installed apps\n"
	"  info [NAME]                 the board (arch, store), or one installed app\n"
	"  slot [NAME]                 a free store slot for a fixed-address build, as TICK_SLOTS\n"
	"                              (flash:len:ram:len)\n"
	"\n"
	"  --socket PATH   the channel (default build/mgmt.sock, or $TICK_LOAD_SOCKET)\n"
	"  --json          machine-readable output (one JSON object)\n"
	"  --quiet         no progress\n"
	"  -h, --help      this text\n"
	"\n"
	"A relocatable app (Tick's relocation table) goes where the store places it; a\n"
	"fixed-address one only to its linked address. After an install it keeps gdb commands\n"
	"that load the app's symbols (when its ELF lies beside the TBF, as make load builds it) in\n"
	"load-symbols.gdb beside the socket; make debug sources that file.\n"
	"\n"
	"An interrupted transfer resumes: run the same install again and it continues at the last\n"
	"offset the board acknowledged. Exit status: 0 done, 1 refused or failed (one line says\n"
	"why), 2 usage errors.\n";

static bool json, quiet;
static struct link link_;
static char err[512];

/* What HELLO tells. */
static struct board_info {
	uint32_t max_payload, data_max, slots, slot_size, base;
	uint8_t phase;
	uint32_t size, crc, next;
	char arch[40];
} bi;

/* An installed app (a LIST or INFO entry). */
struct entry {
	unsigned slot, state, has_process;
	uint32_t tbf, size, seq, short_id;
	uint32_t ram;   /* a relocatable app's RAM; 0xffffffff: fixed-address */
	char name[65], pstate[17];
};

static const char *const states[] = { "installed", "on trial", "kept for the trial" };

static double now_s(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + t.tv_nsec / 1e9;
}

static const uint8_t *request(uint8_t type, const uint8_t *p, uint32_t len, int timeout_ms)
{
	const uint8_t *f = link_request(&link_, type, p, len, timeout_ms, 3, err, sizeof err);
	if (!f)
		die("%s", err);
	return f;
}

static void connect_board(const char *path)
{
	if (!link_open(&link_, path, err, sizeof err))
		die("%s", err);
	const uint8_t *f = request(MGMT_HELLO, NULL, 0, 2000);
	const uint8_t *p = f + MGMT_HEADER;
	uint32_t n = mgmt_len_of(f);
	if (mgmt_status_of(f) || n < 32)
		die("the board on %s answered HELLO with status %u: not a Tick management channel?", path,
		    mgmt_status_of(f));
	if (p[0] != MGMT_VERSION)
		die("the board speaks protocol version %u, this tick-load %u: rebuild one of them", p[0],
		    MGMT_VERSION);
	bi.max_payload = rd16(p + 2);
	bi.data_max = rd16(p + 4);
	bi.slots = rd16(p + 6);
	bi.slot_size = rd32(p + 8);
	bi.base = rd32(p + 12);
	bi.phase = p[16];
	bi.size = rd32(p + 20);
	bi.crc = rd32(p + 24);
	bi.next = rd32(p + 28);
	size_t an = n - 32 < sizeof bi.arch - 1 ? n - 32 : sizeof bi.arch - 1;
	memcpy(bi.arch, p + 32, an);
	bi.arch[an] = 0;
	if (bi.data_max > MGMT_DATA_MAX || bi.data_max == 0)
		bi.data_max = MGMT_DATA_MAX;
	if (!bi.slots)
		die("the board has no app store");
}

/* Reads one entry at p (n bytes left); returns its length, 0 if malformed. */
static uint32_t get_entry(const uint8_t *p, uint32_t n, struct entry *e)
{
	if (n < 26)
		return 0;
	uint32_t nl = p[20];
	if (nl > 64 || n < 26 + nl)
		return 0;
	uint32_t pl = p[21 + nl];
	if (pl > 16 || n < 26 + nl + pl)
		return 0;
	e->slot = rd16(p);
	e->state = p[2] < 3 ? p[2] : 0;
	e->has_process = p[3];
	e->tbf = rd32(p + 4);
	e->size = rd32(p + 8);
	e->seq = rd32(p + 12);
	e->short_id = rd32(p + 16);
	memcpy(e->name, p + 21, nl);
	e->name[nl] = 0;
	memcpy(e->pstate, p + 22 + nl, pl);
	e->pstate[pl] = 0;
	e->ram = rd32(p + 22 + nl + pl);
	return 26 + nl + pl;
}

/* Every installed app; returns how many (at most max). */
static unsigned list_all(struct entry *out, unsigned max)
{
	unsigned count = 0, first = 0;
	while (first != 0xffff) {
		uint8_t q[2] = { (uint8_t)first, (uint8_t)(first >> 8) };
		const uint8_t *f = request(MGMT_LIST, q, 2, 2000);
		uint32_t n = mgmt_len_of(f);
		const uint8_t *p = f + MGMT_HEADER;
		if (mgmt_status_of(f) || n < 2)
			die("the board refused LIST (status %u)", mgmt_status_of(f));
		unsigned next = rd16(p);
		for (uint32_t at = 2; at < n;) {
			struct entry e;
			uint32_t k = get_entry(p + at, n - at, &e);
			if (!k)
				die("the board sent a malformed list entry");
			if (count < max)
				out[count++] = e;
			at += k;
		}
		if (next != 0xffff && next <= first)
			die("the board's list does not advance");
		first = next;
	}
	return count;
}

static bool find_entry(const char *name, struct entry *e)
{
	uint32_t n = (uint32_t)strlen(name);
	if (n == 0 || n > 64)
		die("app name must have 1 to 64 characters: '%s'", name);
	const uint8_t *f = request(MGMT_INFO, (const uint8_t *)name, n, 2000);
	if (mgmt_status_of(f) == MGMT_E_NOT_FOUND)
		return false;
	if (mgmt_status_of(f) || !get_entry(f + MGMT_HEADER, mgmt_len_of(f), e))
		die("the board refused INFO (status %u)", mgmt_status_of(f));
	return true;
}

static void json_str(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			printf("\\%c", *s);
		else if ((unsigned char)*s < 0x20)
			printf("\\u%04x", *s);
		else
			putchar(*s);
	}
	putchar('"');
}

static void print_entry_json(const struct entry *e)
{
	printf("{\"slot\": %u, \"name\": ", e->slot);
	json_str(e->name);
	printf(", \"tbf\": %u, \"size\": %u, \"seq\": %u, \"short_id\": %u, \"state\": ", e->tbf, e->size,
	       e->seq, e->short_id);
	json_str(states[e->state]);
	printf(", \"process\": ");
	if (e->has_process)
		json_str(e->pstate);
	else
		printf("null");
	if (e->ram != 0xffffffffu)
		printf(", \"ram\": %u", e->ram);
	printf("}");
}

static void print_entry(const struct entry *e)
{
	printf("slot %-3u %-20s %7u bytes  TBF 0x%08x  seq %-4u %s%s%s", e->slot, e->name, e->size,
	       e->tbf, e->seq, states[e->state], e->has_process ? ", process " : ", no process",
	       e->has_process ? e->pstate : "");
	if (e->ram != 0xffffffffu)
		printf(", RAM 0x%08x", e->ram);
	printf("\n");
}

/* ---- choosing the TBF ---- */

struct image {
	const uint8_t *data;
	uint32_t size;
	struct tbf_header h;
	char name[65];
	const char *member;   /* TAB entry, or NULL */
	bool relocatable;     /* has Tick's relocation table: the store places it */
	struct reloc_table reloc;   /* its table, when it parsed */
	bool reloc_ok;
};

/* The TBF address of a fixed-address app (where its header must sit), else 0. A relocatable
 * app's FixedAddresses are only its link addresses: the store places it anywhere. */
static uint32_t fixed_tbf(const struct image *im)
{
	const struct tbf_header *h = &im->h;
	if (im->relocatable || h->fixed_flash == TBF_NOT_FIXED)
		return 0;
	return h->fixed_flash - tbf_protected_size(h);
}

/* The slot a TBF at tbf would be in, or -1 if it is not a slot's TBF address. */
static int slot_of(uint32_t tbf)
{
	uint32_t at = tbf - 256u - bi.base;
	if (tbf < bi.base + 256u || at % bi.slot_size || at / bi.slot_size >= bi.slots)
		return -1;
	return (int)(at / bi.slot_size);
}

static bool slot_taken(unsigned k, const struct entry *es, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		if (es[i].slot == k)
			return true;
	return false;
}

static bool parse_image(struct image *im, const uint8_t *data, size_t len, const char *where)
{
	if (len < 16 || len > 0xffffffffu)
		die("%s: too short for a TBF", where);
	enum tbf_error e = tbf_parse(data, (uint32_t)len, &im->h);
	if (e != TBF_OK)
		die("%s: not a valid TBF: %s", where, tbf_error_str(e));
	if (im->h.is_padding)
		die("%s: a padding object, not an app", where);
	im->data = data;
	im->size = im->h.total_size;
	size_t n = im->h.package_name ? im->h.package_name_len : 0;
	if (n > 64)
		n = 64;
	memcpy(im->name, im->h.package_name, n);
	im->name[n] = 0;
	/* A damaged table still makes it relocatable: the board refuses it and says why. */
	enum reloc_error re = reloc_parse(data, &im->h, &im->reloc, NULL);
	im->relocatable = re != RELOC_NONE;
	im->reloc_ok = re == RELOC_OK;
	return true;
}

static bool arch_matches(const char *entry, const char *arch)
{
	size_t n = strcspn(entry, ".");
	return strlen(arch) == n && strncmp(entry, arch, n) == 0;
}

/* Refuses a file that is neither a TBF nor a TAB, saying what it is and what to do. */
static void check_kind(const struct app_file *f)
{
	if (f->kind == APP_ELF)
		die("%s is an ELF file, not a TBF or TAB: pack it with tick-pack first", f->path);
	if (f->kind != APP_TAB && f->kind != APP_TBF)
		die("%s is not a TBF or TAB (a TBF starts with version 2, a TAB is a tar archive): "
		    "give the .tab or .tbf that an app's make writes", f->path);
}

/* The app to send from f: a TBF as it is; from a TAB the board's arch's relocatable TBF, or
 * its fixed-address TBF whose address is a free slot's. */
static void choose_image(struct image *im, const struct app_file *f, const struct entry *es, unsigned n)
{
	memset(im, 0, sizeof *im);
	if (f->kind == APP_TBF) {
		parse_image(im, f->data, f->len, f->path);
		return;
	}
	char have[1024] = "", taken[1024] = "";
	size_t hn = 0, tn = 0;
	bool found = false;
	for (size_t i = 0; i < f->nentries; i++) {
		const struct tar_entry *t = &f->entries[i];
		if (!tab_entry_is_tbf(t))
			continue;
		if (hn < sizeof have - 1)
			hn += (size_t)snprintf(have + hn, sizeof have - hn, " %s", t->name);
		if (!arch_matches(t->name, bi.arch))
			continue;
		struct image c;
		char *where = xasprintf("%s: %s", f->path, t->name);
		parse_image(&c, t->data, t->size, where);
		free(where);
		c.member = t->name;
		uint32_t at = fixed_tbf(&c);
		int k = at ? slot_of(at) : -1;
		if (!at || (k >= 0 && !slot_taken((unsigned)k, es, n))) {
			*im = c;
			return;
		}
		found = true;
		if (tn < sizeof taken - 1)
			tn += (size_t)snprintf(taken + tn, sizeof taken - tn, " %s (TBF at 0x%08x: %s)", t->name,
					       at, k < 0 ? "not a store slot" : "slot taken");
	}
	if (!found)
		die("wrong arch: %s has no TBF for the board's arch %s (it has:%s)", f->path, bi.arch,
		    hn ? have : " nothing");
	die("fixed address already taken: no %s TBF of %s goes into a free store slot:%s", bi.arch,
	    f->path, taken);
}

/* ---- errors ---- */

/* One line for an answer with an error status, about file (or app name) what. */
static void __attribute__((noreturn)) refused(const uint8_t *f, const char *what, const struct image *im)
{
	uint8_t st = mgmt_status_of(f);
	uint32_t n = mgmt_len_of(f);
	const uint8_t *p = f + MGMT_HEADER;
	switch (st) {
	case MGMT_E_BUSY:
		die("the board's store is busy (another install, or an update on trial): try again in a moment");
	case MGMT_E_NO_STORE:
		die("the board has no app store");
	case MGMT_E_NOT_FOUND:
		die("no installed app named '%s' (tick-load list shows them)", what);
	case MGMT_E_STORE:
		break;
	default:
		die("%s: the board answered with protocol error %u", what, st);
	}
	uint32_t code = n >= 4 ? rd32(p) : 0;
	char why[600] = "";
	if (n > 4) {
		memcpy(why, p + 4, n - 4 < sizeof why - 1 ? n - 4 : sizeof why - 1);
		why[sizeof why - 1] = 0;
	}
	if (code == 7)   /* SIZE */
		die("%s does not fit: %u bytes, a store slot holds %u", what, im ? im->size : 0,
		    bi.slot_size - 256);
	if (code == 9 && !*why)   /* NOMEM at setup */
		die("%s does not fit: no free store slot", what);
	if (strstr(why, "ShortId"))
		die("name or ShortId clash: %s: %s", what, why);
	if (strstr(why, "signature") || strstr(why, "signed") || strstr(why, "credential"))
		die("signature rejected by the board: %s: %s", what, why);
	if (strstr(why, "fixed address"))
		die("fixed address already taken: %s is linked for 0x%08x, not a free store slot's TBF address",
		    what, im ? fixed_tbf(im) : 0);
	if (strstr(why, "RAM") || strstr(why, "process slot"))
		die("%s does not fit: %s", what, why);
	if (*why)
		die("refused by the board: %s: %s", what, why);
	die("%s: the board's store failed with error %u", what, code);
}

/* ---- symbols for make debug ---- */

/* gdb commands that load the symbols of apps installed through tick-load, one block per app
 * ("# app NAME" then its add-symbol-file), next to the socket: make debug sources the file. */
static const char *symbols_path(void)
{
	static char path[600];
	const char *slash = strrchr(link_.path, '/');
	int n = slash ? (int)(slash - link_.path) : 1;
	snprintf(path, sizeof path, "%.*s/load-symbols.gdb", n, slash ? link_.path : ".");
	return path;
}

/* Rewrites the file without name's block, and with elf's if elf is not NULL. */
static void symbols_set(const char *name, const char *elf)
{
	uint8_t *old = NULL;
	size_t len = 0;
	struct buf out = { 0 };
	const char *path = symbols_path();
	if (read_file(path, &old, &len)) {
		bool skip = false;
		char head[80];
		snprintf(head, sizeof head, "# app %s\n", name);
		for (size_t at = 0; at < len;) {
			const uint8_t *nl = memchr(old + at, '\n', len - at);
			size_t n = nl ? (size_t)(nl - (old + at)) + 1 : len - at;
			if (n > 6 && !memcmp(old + at, "# app ", 6))
				skip = n == strlen(head) && !memcmp(old + at, head, n);
			if (!skip)
				buf_append(&out, old + at, n);
			at += n;
		}
		free(old);
	}
	if (elf) {
		char *block = xasprintf("# app %s\nadd-symbol-file %s\n", name, elf);
		buf_append(&out, block, strlen(block));
		free(block);
	}
	FILE *f = fopen(path, "w");   /* best effort: symbols are a convenience */
	if (f) {
		if (out.len)
			fwrite(out.data, 1, out.len, f);
		fclose(f);
	}
	buf_free(&out);
}

/* The ELF the sent TBF was packed from, when it lies beside it (make load's build does): an
 * absolute path, or NULL. */
static char *elf_beside(const char *path, const struct image *im)
{
	char *dir = xstrdup(path), *slash = strrchr(dir, '/');
	const char *base = im->member ? im->member : path_base(path);
	if (slash)
		slash[1] = 0;
	else
		dir[0] = 0;
	size_t n = strlen(base);
	char *elf = xasprintf("%s%.*s.elf", dir, (int)(n > 4 && !strcmp(base + n - 4, ".tbf") ? n - 4 : n), base);
	free(dir);
	char *abs = realpath(elf, NULL);
	free(elf);
	return abs;
}

/* The arguments of gdb's add-symbol-file for the installed app e sent from path, or NULL
 * (no ELF beside it). A fixed-address app runs where it was linked: the ELF alone. A
 * relocatable one runs where the store put it: each flash section moved by (the installed
 * binary's start - the table's link address), each writable one by (the RAM the store
 * relocated it for, from LIST/INFO - the table's RAM link address). */
static char *symbol_args(const char *path, const struct image *im, const struct entry *e)
{
	if (!im->relocatable && fixed_tbf(im) == 0)
		return NULL;   /* neither fixed nor relocatable: its addresses are unknown */
	char *elfp = elf_beside(path, im);
	if (!elfp || !im->relocatable)
		return elfp;
	uint8_t *data = NULL;
	size_t len = 0;
	struct elf_file elf;
	char why[200];
	if (!im->reloc_ok || !read_file(elfp, &data, &len) || !elf_parse(&elf, elfp, data, len, why, sizeof why)) {
		free(data);
		free(elfp);
		return NULL;
	}
	uint32_t delta = e->tbf + tbf_protected_size(&im->h) - im->reloc.flash_base;
	uint32_t ram_delta = e->ram - im->reloc.ram_base;
	struct buf out = { 0 };
	buf_append(&out, elfp, strlen(elfp));
	for (uint32_t i = 0; i < elf.nsecs; i++) {
		const struct elf_section *s = &elf.secs[i];
		if (!(s->flags & SHF_ALLOC) || !s->size || !*s->name)
			continue;
		bool ram = s->flags & SHF_WRITE;
		if (ram && e->ram == 0xffffffffu)
			continue;   /* a board that does not say where (it cannot be: relocatable) */
		char *one = xasprintf(" -s %s 0x%x", s->name, s->addr + (ram ? ram_delta : delta));
		buf_append(&out, one, strlen(one));
		free(one);
	}
	buf_append(&out, "", 1);
	char *r = xstrdup((const char *)out.data);
	buf_free(&out);
	elf_free(&elf);
	free(data);
	free(elfp);
	return r;
}

/* ---- commands ---- */

static void progress(uint32_t done, uint32_t total, int *last)
{
	if (quiet || json)
		return;
	int pct = total ? (int)((uint64_t)done * 100 / total) : 100;
	if (isatty(2)) {
		int w = pct * 30 / 100;
		fprintf(stderr, "\r[%.*s%*s] %3d%%  %u/%u bytes", w, "##############################", 30 - w,
			"", pct, done, total);
		if (done == total)
			fputc('\n', stderr);
	} else if (pct / 25 != *last / 25 || done == total) {
		fprintf(stderr, "sent %u of %u bytes (%d%%)\n", done, total, pct);
	}
	*last = pct;
}

#define MAX_APPS 256

static void install(struct app_file *f, bool update, bool or_update)
{
	const char *path = f->path;
	static struct entry es[MAX_APPS];
	unsigned n = list_all(es, MAX_APPS);
	struct image im;
	choose_image(&im, f, es, n);
	const char *label = *im.name ? im.name : path;
	struct entry old;
	bool present = *im.name && find_entry(im.name, &old);
	if (update && !*im.name)
		die("%s: an app without a PackageName cannot be updated (remove it, then install)", path);
	if (present && !update && !or_update)
		die("name clash: '%s' is installed already (slot %u): use tick-load update", im.name, old.slot);
	if (!present && update && !or_update)
		die("'%s' is not installed: use tick-load install", im.name);
	update = present;
	if (im.size > bi.slot_size - 256)
		die("%s does not fit: %u bytes, a store slot holds %u", path, im.size, bi.slot_size - 256);

	double t0 = now_s();
	uint8_t q[4 + MGMT_DATA_MAX];
	uint32_t crc = mgmt_crc32(0, im.data, im.size);
	mgmt_wr32(q, im.size);
	mgmt_wr32(q + 4, crc);
	const uint8_t *fr = request(MGMT_BEGIN, q, 8, 3000);
	if (mgmt_status_of(fr))
		refused(fr, label, &im);
	if (mgmt_len_of(fr) < 16)
		die("the board answered BEGIN without a transfer state");
	uint32_t at = rd32(fr + MGMT_HEADER + 12), resumed = at;
	if (at > im.size)
		die("the board wants offset %u of a %u-byte app", at, im.size);
	if (at && !quiet && !json)
		fprintf(stderr, "resuming at byte %u of %u (acknowledged by the board before)\n", at, im.size);
	int last = -1;
	progress(at, im.size, &last);
	while (at < im.size) {
		uint32_t len = im.size - at < bi.data_max ? im.size - at : bi.data_max;
		mgmt_wr32(q, at);
		memcpy(q + 4, im.data + at, len);
		fr = request(MGMT_DATA, q, 4 + len, 3000);
		uint8_t st = mgmt_status_of(fr);
		if (st && st != MGMT_E_ORDER)
			refused(fr, label, &im);
		if (mgmt_len_of(fr) < 4)
			die("the board acknowledged without an offset");
		uint32_t next = rd32(fr + MGMT_HEADER);
		if (next > im.size || (st == MGMT_OK && next <= at))
			die("the board acknowledged offset %u after %u of %u bytes", next, at, im.size);
		at = next;
		progress(at, im.size, &last);
	}
	fr = request(MGMT_FINISH, NULL, 0, 20000);
	if (mgmt_status_of(fr))
		refused(fr, label, &im);
	double t1 = now_s();
	/* An update runs on trial: wait for the board to confirm it or roll it back. */
	struct entry now;
	bool found = false, confirmed = true;
	for (int i = 0; i < 50; i++) {
		found = *im.name && find_entry(im.name, &now);
		if (!update || !found || now.state == 0)
			break;
		usleep(100000);
	}
	if (update && found && now.seq == old.seq)
		die("the new version of '%s' faulted on trial: the board rolled back to the old one", im.name);
	if (update && found && now.state != 0)
		confirmed = false;
	if (*im.name) {
		char *elf = found ? symbol_args(path, &im, &now) : NULL;
		symbols_set(im.name, elf);
		free(elf);
	}
	if (json) {
		printf("{\"command\": \"%s\", \"file\": ", update ? "update" : "install");
		json_str(path);
		printf(", \"member\": ");
		if (im.member)
			json_str(im.member);
		else
			printf("null");
		printf(", \"name\": ");
		json_str(im.name);
		printf(", \"bytes\": %u, \"resumed_from\": %u, \"seconds\": %.3f, \"confirmed\": %s, \"app\": ",
		       im.size, resumed, t1 - t0, confirmed ? "true" : "false");
		if (found)
			print_entry_json(&now);
		else
			printf("null");
		printf("}\n");
	} else {
		printf("%s '%s' (%u bytes%s%s) in %.2f s", update ? "updated" : "installed", label, im.size,
		       im.member ? ", " : "", im.member ? im.member : "", t1 - t0);
		if (found)
			printf(": slot %u, TBF at 0x%08x%s", now.slot, now.tbf,
			       update ? (confirmed ? ", new version confirmed" : ", still on trial") : "");
		printf("\n");
	}
	app_file_free(f);
}

static void remove_app(const char *name)
{
	uint32_t n = (uint32_t)strlen(name);
	if (n == 0 || n > 64)
		die("app name must have 1 to 64 characters: '%s'", name);
	const uint8_t *f = request(MGMT_REMOVE, (const uint8_t *)name, n, 20000);
	if (mgmt_status_of(f))
		refused(f, name, NULL);
	symbols_set(name, NULL);
	if (json) {
		printf("{\"command\": \"remove\", \"name\": ");
		json_str(name);
		printf("}\n");
	} else {
		printf("removed '%s'\n", name);
	}
}

static void list_cmd(void)
{
	static struct entry es[MAX_APPS];
	unsigned n = list_all(es, MAX_APPS);
	if (json) {
		printf("{\"command\": \"list\", \"apps\": [");
		for (unsigned i = 0; i < n; i++) {
			printf(i ? ", " : "");
			print_entry_json(&es[i]);
		}
		printf("]}\n");
		return;
	}
	printf("%u app%s installed (store: %u slots of %u bytes)\n", n, n == 1 ? "" : "s", bi.slots,
	       bi.slot_size);
	for (unsigned i = 0; i < n; i++)
		print_entry(&es[i]);
}

static void info_cmd(const char *name)
{
	if (name) {
		struct entry e;
		if (!find_entry(name, &e))
			die("no installed app named '%s' (tick-load list shows them)", name);
		if (json) {
			print_entry_json(&e);
			printf("\n");
		} else {
			print_entry(&e);
		}
		return;
	}
	static const char *const phases[] = { "none", "open", "committed" };
	const char *ph = phases[bi.phase < 3 ? bi.phase : 0];
	if (json) {
		printf("{\"arch\": ");
		json_str(bi.arch);
		printf(", \"protocol\": %u, \"slots\": %u, \"slot_size\": %u, \"store_base\": %u, "
		       "\"transfer\": {\"state\": \"%s\", \"size\": %u, \"crc32\": %u, \"next\": %u}}\n",
		       MGMT_VERSION, bi.slots, bi.slot_size, bi.base, ph, bi.size, bi.crc, bi.next);
	} else {
		printf("board: arch %s, protocol %u\nstore: %u slots of %u bytes at 0x%08x\n", bi.arch,
		       MGMT_VERSION, bi.slots, bi.slot_size, bi.base);
		if (bi.phase)
			printf("open transfer: %u of %u bytes (CRC-32 %08x), %s\n", bi.next, bi.size, bi.crc, ph);
	}
}

/* A free slot for a fixed-address build of name (make load builds relocatable apps, which
 * the store places itself; this is for fixed-address builds by hand): not the slot of its
 * installed version, and after the latest install's (a slot erased in this QEMU run is reused
 * last). RAM: a 64 KiB window per slot modulo 4 from 0x80280000 (qemu_rv32_virt's app RAM
 * pool below the boot apps' fixed slots): two fixed-address apps whose slots differ by a
 * multiple of 4 are refused for RAM ("no room for its RAM"). */
static void slot_cmd(const char *name)
{
	static struct entry es[MAX_APPS];
	unsigned n = list_all(es, MAX_APPS);
	unsigned after = 0;
	uint32_t top = 0;
	for (unsigned i = 0; i < n; i++)
		if (es[i].seq >= top) {
			top = es[i].seq;
			after = es[i].slot + 1;
		}
	(void)name;
	for (unsigned i = 0; i < bi.slots; i++) {
		unsigned k = (after + i) % bi.slots;
		if (slot_taken(k, es, n))
			continue;
		uint32_t flash = bi.base + k * bi.slot_size + 256 + 128;
		printf("0x%08X:0x%X:0x%08X:0x10000\n", flash, bi.slot_size - 256 - 128,
		       0x80280000u + 0x10000u * (k % 4));
		return;
	}
	die("no free store slot (remove an app first)");
}

/* The commands and how each is called, for the one-line usage errors. */
static const char *const syntax[][2] = {
	{ "install", "install FILE [--or-update]" }, { "update", "update FILE" },
	{ "remove", "remove NAME" }, { "list", "list" }, { "info", "info [NAME]" },
	{ "slot", "slot [NAME]" },
};

/* A usage error: one line saying what is wrong and what to give instead; exit status 2. */
static void __attribute__((noreturn, format(printf, 1, 2))) usage_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("tick-load: error: ", stderr);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs(" (see tick-load --help)\n", stderr);
	exit(2);
}

int main(int argc, char **argv)
{
	tool_name = "tick-load";
	const char *sock = getenv("TICK_LOAD_SOCKET");
	if (!sock || !*sock)
		sock = "build/mgmt.sock";
	bool or_update = false;
	const char *args[3] = { 0 };
	int nargs = 0;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			fputs(usage, stdout);
			return 0;
		} else if (!strcmp(a, "--json")) {
			json = true;
		} else if (!strcmp(a, "--quiet")) {
			quiet = true;
		} else if (!strcmp(a, "--or-update")) {
			or_update = true;
		} else if (!strcmp(a, "--socket")) {
			if (++i >= argc)
				usage_error("--socket needs a path: the management socket that make run prints");
			sock = argv[i];
		} else if (a[0] == '-' && a[1]) {
			usage_error("unknown option %s", a);
		} else {
			if (nargs < 3)
				args[nargs] = a;
			nargs++;
		}
	}
	const char *cmd = args[0];
	const char *const commands = "install, update, remove, list, info or slot";
	if (!cmd)
		usage_error("no command: give %s", commands);
	unsigned c = 0;
	while (c < sizeof syntax / sizeof syntax[0] && strcmp(cmd, syntax[c][0]))
		c++;
	if (c == sizeof syntax / sizeof syntax[0])
		usage_error("unknown command '%s': give %s", cmd, commands);
	int want = c <= 2 ? 2 : c == 3 ? 1 : (nargs == 2 ? 2 : 1);
	if (nargs != want)
		usage_error("%s %s: tick-load %s", cmd,
			    nargs < want ? (c == 2 ? "needs the app's NAME" : "needs a FILE")
					 : "got too many arguments",
			    syntax[c][1]);
	if (or_update && c != 0)
		usage_error("--or-update goes with install only: tick-load install FILE --or-update");
	/* The file is read and its kind checked before the board is asked anything. */
	struct app_file f;
	if (c <= 1) {
		if (access(args[1], R_OK) != 0)
			die("%s: no such file (give a .tbf or .tab; make apps builds ours into build/apps/NAME/)", args[1]);
		app_file_load(&f, args[1]);
		check_kind(&f);
	}
	connect_board(sock);
	if (c <= 1)
		install(&f, c == 1, or_update);
	else if (c == 2)
		remove_app(args[1]);
	else if (c == 3)
		list_cmd();
	else if (c == 4)
		info_cmd(args[1]);
	else
		slot_cmd(args[1]);
	link_close(&link_);
	return 0;
}
