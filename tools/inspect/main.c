/* tick-inspect: prints and checks every field, TLV and credential of TBFs, TABs and flash images. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/appfile.h"
#include "../lib/crypto.h"
#include "../lib/util.h"
#include "report.h"

static const char usage[] =
	"usage: tick-inspect [--json] [--relocs] [--key PUBKEY.pem] [--address ADDR] FILE...\n"
	"       tick-inspect --c-key KEY.pem   (print the P-256 public key as a C array)\n"
	"\n"
	"Prints every base-header field, TLV and footer of each TBF object in FILE and checks it:\n"
	"header checksum, TLV framing and lengths, offsets, SHA-256/384/512 credentials, and\n"
	"ECDSA P-256 signatures when --key names the public (or private) key. FILE may be a\n"
	"single .tbf, a flash image (TBFs back to back, ending at a non-version-2 word), or a\n"
	"TAB archive (every .tbf inside it is checked).\n"
	"\n"
	"  --json          machine-readable output\n"
	"  --key FILE      ECDSA P-256 key (PEM or DER) to verify EcdsaNistP256 credentials\n"
	"  --address ADDR  address where FILE's first byte sits in flash (e.g. 0x80100000);\n"
	"                  enables the fixed-flash-address placement check\n"
	"  --relocs        list every entry of Tick's relocation table (TickRelocations TLV)\n"
	"  --c-key FILE    print the public half of a P-256 key as the raw x||y C array the\n"
	"                  kernel's p256_ecdsa_verify() takes, and exit\n"
	"  -h, --help      this text\n"
	"\n"
	"Exit status: 0 when everything checked is well formed, 1 when any problem was found,\n"
	"2 for usage errors.\n";

static bool json;
static bool first_file = true;

struct totals {
	uint32_t objects, problems, apps, padding;
};

/* Inspects the chain of objects in data[0..len); the address of data[0] may be known. */
static void inspect_chain(const char *entry, const uint8_t *data, size_t len,
			  const struct inspect_opts *o, struct totals *t, bool *first_obj)
{
	uint64_t off = 0;

	while (off < len) {
		struct obj_report r;
		memset(&r, 0, sizeof r);
		r.entry = entry;
		r.offset = off;
		r.has_address = o->has_address;
		r.address = o->address + (uint32_t)off;
		inspect_object(&r, data + off, len - off, o);
		bool stop = tbf_error_ends_list(r.err);
		if (r.err == TBF_END) {
			if (off == 0) {
				report_problem(&r, "not a TBF object: the first half-word is %u (a TBF starts "
						   "with version 2)%s",
					       len >= 2 ? rd16(data) : 0,
					       len < 16 ? " and the data is shorter than a TBF header" : "");
			} else {
				/* End of the app list: anything but erased/zeroed bytes after it is odd. */
				size_t junk = 0;
				for (uint64_t i = off; i < len; i++)
					junk += data[i] != 0 && data[i] != 0xFF;
				if (junk == 0)
					break;
				report_note(&r, "the app list ends here (%s); %llu bytes follow, %zu of them "
						"neither 0x00 nor 0xFF",
					    tbf_error_str(r.err), (unsigned long long)(len - off), junk);
			}
		}
		t->objects++;
		t->problems += r.nproblems;
		if (r.err == TBF_OK && r.h.is_padding)
			t->padding++;
		else if (r.err == TBF_OK)
			t->apps++;
		if (json)
			print_json_object(&r, *first_obj);
		else
			print_text_object(&r);
		*first_obj = false;
		report_free(&r);
		if (stop)
			break;
		off += r.h.total_size;
	}
}

/* "rv32imac.0x80100080.0x80300000.tbf": check the addresses in the name match the header. */
static uint32_t check_tab_name(const char *name, const uint8_t *data, size_t len)
{
	char arch[64];
	unsigned long flash, ram;
	struct tbf_header h;

	if (sscanf(name, "%63[^.].0x%lx.0x%lx.tbf", arch, &flash, &ram) != 3)
		return 0;
	if (tbf_parse(data, len, &h) != TBF_OK || h.is_padding)
		return 0;
	if (h.fixed_flash != flash || h.fixed_ram != ram) {
		if (!json)
			printf("  PROBLEM: the entry name says flash 0x%08lx ram 0x%08lx but the header says "
			       "flash 0x%08x ram 0x%08x\n", flash, ram, h.fixed_flash, h.fixed_ram);
		return 1;
	}
	return 0;
}

static int inspect_file(const char *path, const struct inspect_opts *o)
{
	struct app_file f;
	struct totals t = {0};
	bool first_obj = true;

	app_file_load(&f, path);
	if (f.kind == APP_ELF) {
		error("%s is an ELF file, not a TBF: pack it with tick-pack first", path);
		app_file_free(&f);
		return 1;
	}
	if (json) {
		printf("%s\n  {\"file\": ", first_file ? "" : ",");
		json_string(path, strlen(path));
		printf(", \"kind\": \"%s\"", app_kind_name(f.kind));
		if (f.metadata) {
			printf(", \"metadata\": ");
			json_string(f.metadata, strlen(f.metadata));
		}
		printf(", \"objects\": [");
	} else {
		if (!first_file)
			putchar('\n');
		printf("== %s (%s, %zu bytes)\n", path, app_kind_name(f.kind), f.len);
	}
	first_file = false;

	uint32_t extra = 0;
	if (f.kind == APP_TAB) {
		size_t ntbf = 0;
		if (!json && f.metadata) {
			printf("metadata.toml:\n");
			for (const char *l = f.metadata; *l;) {
				size_t n = strcspn(l, "\n");
				printf("  %.*s\n", (int)n, l);
				l += n + (l[n] == '\n');
			}
		}
		if (!f.metadata) {
			extra++;
			if (!json)
				printf("PROBLEM: the TAB has no metadata.toml\n");
		}
		for (size_t i = 0; i < f.nentries; i++) {
			const struct tar_entry *e = &f.entries[i];
			if (!tab_entry_is_tbf(e))
				continue;
			ntbf++;
			struct inspect_opts eo = *o;
			eo.has_address = false; /* a TAB entry has no address */
			inspect_chain(e->name, e->data, e->size, &eo, &t, &first_obj);
			extra += check_tab_name(e->name, e->data, e->size);
		}
		if (ntbf == 0) {
			extra++;
			if (!json)
				printf("PROBLEM: the TAB contains no .tbf file\n");
		}
	} else {
		inspect_chain(NULL, f.data, f.len, o, &t, &first_obj);
	}
	t.problems += extra;
	if (json) {
		printf("],\n   \"apps\": %u, \"padding\": %u, \"problems\": %u}", t.apps, t.padding,
		       t.problems);
	} else {
		printf("%s: %u app%s, %u padding object%s, %s\n", path, t.apps, t.apps == 1 ? "" : "s",
		       t.padding, t.padding == 1 ? "" : "s",
		       t.problems ? "PROBLEMS FOUND" : "ok");
	}
	app_file_free(&f);
	return t.problems ? 1 : 0;
}

/* Prints the raw public key so a board can embed it for credential checking. */
static int print_c_key(const char *path)
{
	uint8_t raw[64];
	char err[256];

	if (!crypto_p256_public_raw(path, raw, err, sizeof err)) {
		error("%s", err);
		return 1;
	}
	printf("/* ECDSA P-256 public key from %s: x || y, big-endian */\n", path_base(path));
	printf("static const uint8_t app_signing_key[64] = {");
	for (int i = 0; i < 64; i++)
		printf("%s0x%02x", i % 8 ? ", " : (i ? ",\n\t" : "\n\t"), raw[i]);
	printf("\n};\n");
	return 0;
}

int main(int argc, char **argv)
{
	struct inspect_opts o = {0};
	const char **files = xcalloc((size_t)argc, sizeof *files);
	int nfiles = 0, status = 0;

	tool_name = "tick-inspect";
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			fputs(usage, stdout);
			return 0;
		} else if (!strcmp(a, "--c-key")) {
			if (++i >= argc) {
				error("--c-key needs a key file");
				return 2;
			}
			return print_c_key(argv[i]);
		} else if (!strcmp(a, "--json")) {
			json = true;
		} else if (!strcmp(a, "--relocs")) {
			o.relocs = true;
		} else if (!strcmp(a, "--key")) {
			if (++i >= argc)
				die("--key needs a key file");
			o.key = argv[i];
		} else if (!strcmp(a, "--address")) {
			if (++i >= argc || !parse_u32(argv[i], &o.address)) {
				error("--address needs a number such as 0x80100000");
				return 2;
			}
			o.has_address = true;
		} else if (a[0] == '-' && a[1]) {
			error("unknown option %s (see tick-inspect --help)", a);
			return 2;
		} else {
			files[nfiles++] = a;
		}
	}
	if (nfiles == 0) {
		error("no input file (see tick-inspect --help)");
		return 2;
	}
	if (json)
		printf("{\"files\": [");
	for (int i = 0; i < nfiles; i++)
		status |= inspect_file(files[i], &o);
	if (json)
		printf("]}\n");
	free(files);
	return status;
}
