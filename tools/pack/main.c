/* tick-pack: turns app ELFs into TBF objects and a TAB archive (elf2tab-compatible command line). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <tick/tbf.h>

#include "../lib/elf32.h"
#include "../lib/tar.h"
#include "../lib/util.h"
#include "../lib/appfile.h"
#include "credentials.h"
#include "elf2tbf.h"

static const char usage[] =
	"usage: tick-pack -n NAME [options] -o OUT.tab ELF[,ARCH]|TBF[,ARCH]|TAB...\n"
	"\n"
	"Converts app ELF files into Tock Binary Format objects. Each ELF's TBF is written next to\n"
	"it (app.elf -> app.tbf) and all of them are bundled into the TAB archive OUT.tab as\n"
	"<ARCH>.tbf, where ARCH defaults to the ELF file name without .elf\n"
	"(rv32imac.0x80100080.0x80300000.elf -> rv32imac.0x80100080.0x80300000.tbf).\n"
	"TBF and TAB inputs (elf2tab's too) are copied into OUT.tab as they are, except that\n"
	"requested credentials (--sha256, --ecdsa-key, ...) are written into their Reserved\n"
	"footer space; the TAB's metadata is kept unless options override it.\n"
	"\n"
	"options (same names as elf2tab):\n"
	"  -n, --package-name NAME      app name (PackageName TLV and TAB metadata)\n"
	"  -o, --output-file FILE       TAB to write (default TockApp.tab)\n"
	"  --stack N                    stack bytes (default: size of .stack, else 2048)\n"
	"  --app-heap N                 app heap bytes (default 1024)\n"
	"  --kernel-heap N              kernel heap (grant) bytes (default 1024)\n"
	"  --minimum-ram-size N         use N as minimum RAM instead of the sum above\n"
	"  --kernel-major M             required kernel major version (KernelVersion TLV)\n"
	"  --kernel-minor m             required minimum kernel minor version (default 0)\n"
	"  --protected-region-size N    header + protected trailer bytes\n"
	"  --minimum-footer-size N      reserve at least N footer bytes for credentials\n"
	"  --app-version N              version in the Program header (default 0)\n"
	"  --sha256 / --sha384 / --sha512   add hash credentials\n"
	"  --ecdsa-key KEY.pem          add an ECDSA P-256 signature (alias --ecdsa-nist-p256-private)\n"
	"  --short-id N                 request ShortId N\n"
	"  --ipc-service NAME           a name the app may register as an IPC service (Tick TLV;\n"
	"                               repeat for more, at most 8)\n"
	"  --ipc-client NAME            the package name of an app its services accept (Tick TLV;\n"
	"                               repeat, at most 8; none: every app)\n"
	"  --permissions D:C[,D:C...]   allowed commands (also elf2tab's form: --permissions D,C D,C)\n"
	"  --write_id N, --read_ids N..., --access_ids N...   storage permissions\n"
	"  --supported-boards LIST      only-for-boards in the TAB metadata\n"
	"  --disable                    mark the app disabled (flag bit 0 clear)\n"
	"  --relocatable                add Tick's relocation table (rv32 ELF linked with\n"
	"                               -Wl,--emit-relocs): the TBF then runs at any flash and RAM\n"
	"                               address on Tick (docs/tbf.md), where it was linked elsewhere\n"
	"  --deterministic              omit the build date from the TAB metadata\n"
	"  -v, --verbose                explain the layout of each TBF\n"
	"  -q, --quiet                  print nothing on success\n"
	"  -h, --help                   this text\n"
	"\n"
	"Numbers may be decimal or 0x-hex.\n";

struct input {
	char *path, *arch, *tbf_path;
};

static uint32_t num(const char *opt, const char *v)
{
	uint32_t n;
	if (!v)
		die("%s needs a value", opt);
	if (!parse_u32(v, &n))
		die("%s: '%s' is not a number (decimal or 0x-hex, at most 32 bits)", opt, v);
	return n;
}

/* "D,C" with both numbers: elf2tab's permission pair. */
static bool is_pair(const char *s)
{
	const char *c = strchr(s, ',');
	if (!c || strchr(c + 1, ','))
		return false;
	char a[64];
	uint32_t x;
	if ((size_t)(c - s) >= sizeof a)
		return false;
	memcpy(a, s, (size_t)(c - s));
	a[c - s] = 0;
	return parse_u32(a, &x) && parse_u32(c + 1, &x);
}

static void add_perm(struct tbf_spec *s, const char *item, char sep)
{
	char *copy = xstrdup(item), *mid = strchr(copy, sep);
	uint32_t d, c;
	if (!mid)
		die("--permissions: '%s' should be DRIVER:COMMAND", item);
	*mid = 0;
	if (!parse_u32(copy, &d) || !parse_u32(mid + 1, &c))
		die("--permissions: '%s' should be two numbers, DRIVER:COMMAND", item);
	tbf_spec_allow(s, d, c);
	free(copy);
}

static void add_ids(const char *opt, const char *list, uint32_t *ids, uint32_t *count)
{
	char *copy = xstrdup(list), *save = NULL;
	for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
		if (*count == TBFW_MAX_STORAGE_IDS)
			die("%s: too many ids", opt);
		ids[(*count)++] = num(opt, t);
	}
	free(copy);
}

static bool is_number_list(const char *s)
{
	char *copy = xstrdup(s), *save = NULL;
	bool ok = *s != 0;
	uint32_t x;
	for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save))
		ok = ok && parse_u32(t, &x);
	free(copy);
	return ok;
}

static struct input parse_input(const char *arg)
{
	struct input in;
	const char *comma = strrchr(arg, ',');
	in.path = comma ? strndup(arg, (size_t)(comma - arg)) : xstrdup(arg);
	const char *base = path_base(in.path);
	const char *dot = strrchr(base, '.');
	size_t stem = dot && dot != base ? (size_t)(dot - base) : strlen(base);
	in.arch = comma ? xstrdup(comma + 1) : strndup(base, stem);
	size_t dir = (size_t)(base - in.path);
	in.tbf_path = xasprintf("%.*s%.*s.tbf", (int)dir, in.path, (int)stem, base);
	if (!in.arch[0])
		die("%s: empty architecture name", arg);
	return in;
}

/* What an input TAB's metadata.toml said, used when the command line does not say it. */
struct tab_meta {
	char *name, *kernel, *boards;
};

/* Value of `key = "value"` on a line of a metadata.toml, or NULL. */
static char *toml_string(const char *text, const char *key)
{
	size_t n = strlen(key);
	for (const char *l = text; *l; l += strcspn(l, "\n"), l += *l == '\n') {
		if (strncmp(l, key, n) || (l[n] != ' ' && l[n] != '='))
			continue;
		const char *q = strchr(l, '"'), *eol = l + strcspn(l, "\n");
		if (!q || q > eol)
			continue;
		const char *e = strchr(q + 1, '"');
		if (!e || e > eol)
			continue;
		return strndup(q + 1, (size_t)(e - q - 1));
	}
	return NULL;
}

static void tab_meta_parse(struct tab_meta *m, const char *text)
{
	m->name = toml_string(text, "name");
	m->kernel = toml_string(text, "minimum-tock-kernel-version");
	m->boards = toml_string(text, "only-for-boards");
}

static void metadata(struct buf *m, const struct pack_opts *o, const char *boards, bool det,
		     const struct tab_meta *t)
{
	char line[512];
	const char *name = o->name ? o->name : t->name ? t->name : "";
	snprintf(line, sizeof line, "tab-version = 1\nname = \"%s\"\n", name);
	buf_append(m, line, strlen(line));
	if (o->kernel_version || t->kernel) {
		if (o->kernel_version)
			snprintf(line, sizeof line, "minimum-tock-kernel-version = \"%u.%u\"\n",
				 o->kernel_major, o->kernel_minor);
		else
			snprintf(line, sizeof line, "minimum-tock-kernel-version = \"%s\"\n", t->kernel);
		buf_append(m, line, strlen(line));
	}
	if (boards || t->boards) {
		snprintf(line, sizeof line, "only-for-boards = \"%s\"\n", boards ? boards : t->boards);
		buf_append(m, line, strlen(line));
	}
	if (!det) {
		char date[64];
		time_t now = time(NULL);
		strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
		snprintf(line, sizeof line, "build-date = %s\n", date);
		buf_append(m, line, strlen(line));
	}
}

struct entry {
	char *name;       /* name inside the TAB */
	struct buf data;  /* the TBF */
};

static void report(const char *path, const struct pack_result *r)
{
	char where[96];
	if (r->fixed_flash != 0xFFFFFFFFu || r->fixed_ram != 0xFFFFFFFFu)
		snprintf(where, sizeof where, "flash 0x%08x ram 0x%08x", r->fixed_flash, r->fixed_ram);
	else
		snprintf(where, sizeof where, "position independent");
	printf("%s: %u bytes, %s, header %u, protected %u, binary end %u, min RAM %u\n", path,
	       r->total_size, where, r->header_size, r->protected_size, r->binary_end, r->minimum_ram);
	if (r->relocatable)
		printf("  relocatable: %u relocations in %u bytes (%.2f bytes each, with the table's "
		       "24-byte header); the ELF's relocation sections: %u records, %u bytes\n",
		       r->reloc_count, r->reloc_bytes,
		       r->reloc_count ? (double)r->reloc_bytes / r->reloc_count : 0.0, r->elf_relocs,
		       r->elf_bytes);
}

/* The breakdown of a relocatable TBF's table by type (tick-pack -v). */
static void report_types(const struct pack_result *r)
{
	static const char *const field[] = { "word", "hi20", "lo12-i", "lo12-s" };
	static const char *const kind[] = { "flash", "ram", "ram-pcrel", "abs-pcrel" };
	printf("  relocations by type:");
	for (unsigned t = 0; t < 16; t++)
		if (r->reloc_by_type[t])
			printf(" %s/%s %u", field[t & 3], kind[t >> 2], r->reloc_by_type[t]);
	printf("\n");
}

/* A ready-made TBF (from a TAB or .tbf input): check it, add any requested credentials. */
static void carry(struct entry *e, const struct pack_opts *o, const char *from, bool quiet)
{
	char err[512];
	struct tbf_header h;
	enum tbf_error pe = tbf_parse(e->data.data, e->data.len, &h);

	if (pe != TBF_OK)
		die("%s: %s is not a valid TBF: %s", from, e->name, tbf_error_str(pe));
	if (h.total_size != e->data.len)
		warn("%s: %s is %zu bytes but its total_size is %u; extra bytes dropped", from, e->name,
		     e->data.len, h.total_size);
	e->data.len = h.total_size;
	if (credentials_wanted(o) &&
	    !credentials_add_in_place(e->data.data, e->data.len, o, err, sizeof err))
		die("%s: %s: %s", from, e->name, err);
	if (!quiet)
		printf("%s: %s carried over%s\n", from, e->name,
		       credentials_wanted(o) ? " with new credentials" : "");
}

int main(int argc, char **argv)
{
	struct pack_opts o = {.app_heap = 1024, .kernel_heap = 1024};
	const char *out_path = "TockApp.tab", *boards = NULL;
	bool det = false, quiet = false, have_major = false, have_minor = false;
	struct input *inputs = xcalloc((size_t)argc, sizeof *inputs);
	size_t ninputs = 0;
	struct tbf_spec *ps = &o.perms_storage;

	tool_name = "tick-pack";
	for (int i = 1; i < argc; i++) {
		char *a = argv[i], *val = NULL;
		char opt[64];
		/* Accept --opt=value as well as --opt value. */
		if (a[0] == '-' && a[1] == '-' && strchr(a, '=')) {
			size_t k = (size_t)(strchr(a, '=') - a);
			if (k >= sizeof opt)
				die("unknown option %s", a);
			memcpy(opt, a, k);
			opt[k] = 0;
			val = a + k + 1;
			a = opt;
		}
#define VALUE() (val ? val : (i + 1 < argc ? argv[++i] : NULL))
#define IS(s) (strcmp(a, s) == 0)
		if (IS("-h") || IS("--help")) {
			fputs(usage, stdout);
			return 0;
		} else if (IS("-n") || IS("--package-name")) {
			o.name = VALUE();
			if (!o.name)
				die("%s needs a value", a);
		} else if (IS("-o") || IS("--output-file")) {
			out_path = VALUE();
			if (!out_path)
				die("%s needs a value", a);
		} else if (IS("--stack")) {
			o.has_stack = true;
			o.stack = num(a, VALUE());
		} else if (IS("--app-heap")) {
			o.app_heap = num(a, VALUE());
		} else if (IS("--kernel-heap")) {
			o.kernel_heap = num(a, VALUE());
		} else if (IS("--minimum-ram-size")) {
			o.has_min_ram = true;
			o.min_ram = num(a, VALUE());
		} else if (IS("--kernel-major")) {
			uint32_t v = num(a, VALUE());
			if (v > 0xFFFF)
				die("--kernel-major %u does not fit in 16 bits", v);
			o.kernel_major = (uint16_t)v;
			have_major = true;
		} else if (IS("--kernel-minor")) {
			uint32_t v = num(a, VALUE());
			if (v > 0xFFFF)
				die("--kernel-minor %u does not fit in 16 bits", v);
			o.kernel_minor = (uint16_t)v;
			have_minor = true;
		} else if (IS("--protected-region-size")) {
			o.has_protected = true;
			o.protected_size = num(a, VALUE());
		} else if (IS("--minimum-footer-size")) {
			o.min_footer = num(a, VALUE());
		} else if (IS("--app-version")) {
			o.app_version = num(a, VALUE());
		} else if (IS("--sha256")) {
			o.sha256 = true;
		} else if (IS("--sha384")) {
			o.sha384 = true;
		} else if (IS("--sha512")) {
			o.sha512 = true;
		} else if (IS("--ecdsa-key") || IS("--ecdsa-nist-p256-private")) {
			o.ecdsa_key = VALUE();
			if (!o.ecdsa_key)
				die("%s needs a key file", a);
		} else if (IS("--rsa4096-private")) {
			die("--rsa4096-private is not supported by tick-pack (use --ecdsa-key)");
		} else if (IS("--ipc-service") || IS("--ipc-client")) {
			bool svc = IS("--ipc-service");
			const char *v = VALUE();
			uint32_t *count = svc ? &ps->ipc_service_count : &ps->ipc_client_count;
			if (!v || !*v || strlen(v) > 255)
				die("%s needs a name of 1 to 255 bytes", a);
			if (*count == TBFW_MAX_IPC_SERVICES)
				die("at most %d %s names", TBFW_MAX_IPC_SERVICES, a);
			(svc ? ps->ipc_services : ps->ipc_clients)[(*count)++] = v;
		} else if (IS("--short-id")) {
			o.short_id = true;
			o.short_id_value = num(a, VALUE());
		} else if (IS("--permissions")) {
			const char *v = VALUE();
			if (!v)
				die("--permissions needs DRIVER:COMMAND[,DRIVER:COMMAND...]");
			if (strchr(v, ':')) {
				char *copy = xstrdup(v), *save = NULL;
				for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save))
					add_perm(ps, t, ':');
				free(copy);
			} else {
				/* elf2tab style: one or more "DRIVER,COMMAND" arguments. */
				add_perm(ps, v, ',');
				while (!val && i + 1 < argc && is_pair(argv[i + 1]))
					add_perm(ps, argv[++i], ',');
			}
		} else if (IS("--write_id") || IS("--write-id")) {
			ps->storage = true;
			ps->write_id = num(a, VALUE());
		} else if (IS("--read_ids") || IS("--read-ids") || IS("--access_ids") ||
			   IS("--access-ids")) {
			bool read = strstr(a, "read") != NULL;
			const char *v = VALUE();
			if (!v || !is_number_list(v))
				die("%s needs one or more numbers", a);
			ps->storage = true;
			add_ids(a, v, read ? ps->read_ids : ps->modify_ids,
				read ? &ps->read_count : &ps->modify_count);
			while (!val && i + 1 < argc && is_number_list(argv[i + 1]))
				add_ids(a, argv[++i], read ? ps->read_ids : ps->modify_ids,
					read ? &ps->read_count : &ps->modify_count);
		} else if (IS("--supported-boards")) {
			boards = VALUE();
			if (!boards)
				die("--supported-boards needs a list");
		} else if (IS("--disable")) {
			o.disabled = true;
		} else if (IS("--relocatable")) {
			o.relocatable = true;
		} else if (IS("--deterministic")) {
			det = true;
		} else if (IS("-v") || IS("--verbose")) {
			o.verbose = true;
		} else if (IS("-q") || IS("--quiet")) {
			quiet = true;
		} else if (a[0] == '-' && a[1] != 0) {
			die("unknown option %s (see tick-pack --help)", a);
		} else {
			inputs[ninputs++] = parse_input(a);
		}
#undef VALUE
#undef IS
	}
	if (ninputs == 0)
		die("no input files given (see tick-pack --help)");
	if (have_minor && !have_major)
		die("--kernel-minor needs --kernel-major");
	o.kernel_version = have_major;
	if (o.has_min_ram && (o.has_stack))
		die("--minimum-ram-size cannot be combined with --stack");
	if (o.name && strlen(o.name) > 0xFFF0)
		die("package name is too long");

	struct buf tab = {0}, meta = {0};
	struct entry *entries = xcalloc(ninputs * 8 + 1, sizeof *entries);
	size_t nentries = 0, cap = ninputs * 8 + 1;
	struct tab_meta from_tab = {0};

	for (size_t k = 0; k < ninputs; k++) {
		struct input *in = &inputs[k];
		struct app_file f;
		char err[512];

		app_file_load(&f, in->path);
		if (f.kind == APP_ELF) {
			if (strcmp(in->tbf_path, out_path) == 0)
				die("the TAB %s and the TBF for %s would be the same file", out_path, in->path);
			struct elf_file elf;
			struct buf tbf = {0};
			struct pack_result r;
			if (!elf_parse(&elf, in->path, f.data, f.len, err, sizeof err))
				die("%s: %s", in->path, err);
			if (!elf_to_tbf(&elf, &o, &tbf, &r, err, sizeof err))
				die("%s: %s", in->path, err);
			write_file_or_die(in->tbf_path, tbf.data, tbf.len);
			entries[nentries++] = (struct entry){xasprintf("%s.tbf", in->arch), tbf};
			if (!quiet)
				report(in->tbf_path, &r);
			if (o.verbose && r.relocatable)
				report_types(&r);
			if (o.verbose)
				printf("  %s -> %s (as %s.tbf in %s)\n", in->path, in->tbf_path, in->arch,
				       out_path);
			elf_free(&elf);
		} else if (f.kind == APP_TAB) {
			/* Carry every TBF of an existing TAB (elf2tab's too) over, adding credentials. */
			if (!from_tab.name && f.metadata)
				tab_meta_parse(&from_tab, f.metadata);
			for (size_t i = 0; i < f.nentries; i++) {
				const struct tar_entry *e = &f.entries[i];
				if (!tab_entry_is_tbf(e))
					continue;
				if (nentries == cap)
					entries = xrealloc(entries, (cap *= 2) * sizeof *entries);
				entries[nentries] = (struct entry){xstrdup(e->name), {0}};
				buf_append(&entries[nentries].data, e->data, e->size);
				carry(&entries[nentries++], &o, in->path, quiet);
			}
		} else if (f.kind == APP_TBF) {
			entries[nentries] = (struct entry){xasprintf("%s.tbf", in->arch), {0}};
			buf_append(&entries[nentries].data, f.data, f.len);
			carry(&entries[nentries++], &o, in->path, quiet);
		} else {
			die("%s is not an ELF, TBF or TAB file: give the ELF an app's link writes, or a "
			    "TBF or TAB", in->path);
		}
		app_file_free(&f);
	}

	metadata(&meta, &o, boards, det, &from_tab);
	tar_add(&tab, "metadata.toml", meta.data, meta.len);
	for (size_t k = 0; k < nentries; k++) {
		tar_add(&tab, entries[k].name, entries[k].data.data, entries[k].data.len);
		free(entries[k].name);
		buf_free(&entries[k].data);
	}
	tar_finish(&tab);
	write_file_or_die(out_path, tab.data, tab.len);
	return 0;
}
