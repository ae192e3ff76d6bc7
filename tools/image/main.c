/* tick-image: composes, lists and edits app flash images for a board (TBFs back to back). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libgen.h>
#include <unistd.h>

#include "../lib/appfile.h"
#include "image.h"

static const char usage[] =
	"usage: tick-image compose --board BOARD_DIR -o IMAGE [--map MAP] APP.tbf|APP.tab[@ADDR]...\n"
	"       tick-image list    [--board BOARD_DIR] IMAGE\n"
	"       tick-image remove  [--board BOARD_DIR] IMAGE NAME -o OUT\n"
	"       tick-image replace [--board BOARD_DIR] IMAGE NAME NEW.tbf|NEW.tab -o OUT\n"
	"\n"
	"compose  builds the app flash image for BOARD_DIR/board.conf (app_flash_start,\n"
	"         app_flash_size, ram_start, ram_size, arch). Fixed-address apps go where their\n"
	"         FixedAddresses TLV says (TBF start = fixed flash - protected size); relocatable\n"
	"         apps go first-fit, 4-aligned (Arm boards: aligned to their power-of-two size;\n"
	"         apps with Tick's relocation table: at the alignment their code needs). APP@ADDR\n"
	"         puts the TBF start of a relocatable app at ADDR (the kernel relocates it there).\n"
	"         Gaps are filled with padding objects. From a TAB, the variant whose name starts\n"
	"         with the board's arch and whose fixed flash and RAM fit beside the apps already\n"
	"         placed is used, so TABs built for several slots land in different slots.\n"
	"         Plain .tbf inputs are placed before TABs choose their slots. --map writes\n"
	"         one line per app: name, TBF start, binary start, fixed RAM, input, TAB member\n"
	"         (debuggers and scripts/symbolize.py find each app's ELF and load address there).\n"
	"list     prints one line per object of IMAGE.\n"
	"remove   replaces every app named NAME by padding (other apps keep their addresses).\n"
	"replace  removes NAME and places NEW (fixed: at its address; otherwise first fit).\n"
	"\n"
	"The image starts at app_flash_start and ends with 8 zero bytes (the end-of-list marker)\n"
	"when there is room. Without --board, list/remove/replace use boards/qemu_rv32_virt.\n"
	"Exit status 1 on any error (overlaps, misfits, invalid inputs), with a message naming\n"
	"the apps and addresses.\n";

#define DEFAULT_BOARD "boards/qemu_rv32_virt"

static void print_placed(const struct app_list *apps, const struct board *b)
{
	uint64_t cur = b->app_flash_start;
	char line[256];

	for (size_t i = 0; i < apps->n; i++) {
		const struct app *a = &apps->v[i];
		if (a->addr > cur)
			printf("%-16s flash 0x%08llx-0x%08x\n", "(padding)", (unsigned long long)cur,
			       a->addr);
		app_summary(a, line, sizeof line);
		printf("%s\n", line);
		cur = (uint64_t)a->addr + a->size;
	}
}

static void write_image(const struct app_list *apps, const struct board *b, const char *out)
{
	struct buf img = {0};
	emit_image(apps, b, &img);
	write_file_or_die(out, img.data, img.len);
	buf_free(&img);
}

static int cmd_compose(int argc, char **argv)
{
	const char *board_dir = NULL, *out = NULL, *map = NULL;
	const char **inputs = xcalloc((size_t)argc, sizeof *inputs);
	int n = 0;
	struct board b;
	struct app_list apps = {0};

	for (int i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "--board") && i + 1 < argc)
			board_dir = argv[++i];
		else if (!strcmp(argv[i], "-o") && i + 1 < argc)
			out = argv[++i];
		else if (!strcmp(argv[i], "--map") && i + 1 < argc)
			map = argv[++i];
		else if (argv[i][0] == '-' && argv[i][1])
			die("compose: unknown option %s (see tick-image --help)", argv[i]);
		else
			inputs[n++] = argv[i];
	}
	if (!board_dir)
		die("compose needs --board BOARD_DIR (e.g. --board boards/qemu_rv32_virt)");
	if (!out)
		die("compose needs -o IMAGE");
	board_load(&b, board_dir);
	/* Plain TBFs first: their addresses are not negotiable, TAB variants are. */
	for (int pass = 0; pass < 2; pass++) {
		for (int i = 0; i < n; i++) {
			struct app_file f;
			const char *at = strrchr(inputs[i], '@');
			uint32_t addr;
			char *path = at && parse_u32(at + 1, &addr) ? strndup(inputs[i], (size_t)(at - inputs[i]))
								 : xstrdup(inputs[i]);
			app_file_load(&f, path);
			free(path);
			bool tab = f.kind == APP_TAB;
			app_file_free(&f);
			if (tab == (pass == 1)) {
				/* Relocatable apps are placed in command-line order (layout). */
				size_t before = apps.n;
				load_input(&apps, inputs[i], &b);
				for (size_t k = before; k < apps.n; k++)
					apps.v[k].order = (uint32_t)i << 16 | (uint32_t)(k - before);
			}
		}
	}
	layout(&apps, &b);
	write_image(&apps, &b, out);
	if (map)
		write_map(&apps, map);
	print_placed(&apps, &b);
	free(inputs);
	return 0;
}

/* The default board folder: relative to the current directory (the repo root), else to the
 * tool itself (build/tools/tick-image -> ../../boards/...). */
static const char *default_board(void)
{
	static char path[4096];
	char exe[4000];
	ssize_t n;

	if (access(DEFAULT_BOARD "/board.conf", R_OK) == 0)
		return DEFAULT_BOARD;
	n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n <= 0)
		return DEFAULT_BOARD;
	exe[n] = 0;
	snprintf(path, sizeof path, "%s/../../" DEFAULT_BOARD, dirname(exe));
	return access(path, R_OK) == 0 ? path : DEFAULT_BOARD;
}

static void load_image(struct app_list *apps, const char *path, const struct board *b,
		       uint8_t **data)
{
	size_t len;
	read_file_or_die(path, data, &len);
	if (len >= 4 && !memcmp(*data, "\177ELF", 4))
		die("%s is an ELF file, not a flash image", path);
	if (len < 8 || rd16(*data) != 2)
		die("%s is not a flash image (it does not start with a version-2 TBF header)", path);
	read_image(apps, *data, len, path, b);
}

/* The shared start of list, remove and replace: the arguments (positional ones and
 * -o/--board), checked against the command's needs (npos positional ones, -o when it writes
 * an image; bad is the message otherwise), then the board and the image (the first positional
 * argument) loaded. */
struct edit {
	const char *board, *out, *pos[3];
	int npos;
	struct board b;
	struct app_list apps;
	uint8_t *data;   /* the image's bytes */
};

static void open_edit(struct edit *e, int argc, char **argv, const char *cmd, int npos,
		      bool writes, const char *bad)
{
	memset(e, 0, sizeof *e);
	for (int i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "--board") && i + 1 < argc)
			e->board = argv[++i];
		else if (!strcmp(argv[i], "-o") && i + 1 < argc)
			e->out = argv[++i];
		else if (argv[i][0] == '-' && argv[i][1])
			die("%s: unknown option %s (see tick-image --help)", cmd, argv[i]);
		else if (e->npos < 3)
			e->pos[e->npos++] = argv[i];
		else
			die("%s: too many arguments (see tick-image --help)", cmd);
	}
	if (e->npos != npos || (writes && !e->out))
		die("%s", bad);
	board_load(&e->b, e->board ? e->board : default_board());
	load_image(&e->apps, e->pos[0], &e->b, &e->data);
}

static int cmd_list(int argc, char **argv)
{
	struct edit e;
	open_edit(&e, argc, argv, "list", 1, false, "list needs exactly one IMAGE");
	print_placed(&e.apps, &e.b);
	return 0;
}

/* Drops every app called name; dies when there is none. */
static void drop_named(struct app_list *apps, const char *name, const char *image)
{
	size_t k = 0, dropped = 0;
	for (size_t i = 0; i < apps->n; i++) {
		if (!strcmp(apps->v[i].name, name))
			dropped++;
		else
			apps->v[k++] = apps->v[i];
	}
	apps->n = k;
	if (!dropped) {
		char names[1024] = "";
		size_t m = 0;
		for (size_t i = 0; i < apps->n && m < sizeof names - 1; i++)
			m += (size_t)snprintf(names + m, sizeof names - m, " %s", apps->v[i].name);
		die("%s has no app named %s (apps:%s)", image, name, m ? names : " none");
	}
}

static int cmd_remove(int argc, char **argv)
{
	struct edit e;
	open_edit(&e, argc, argv, "remove", 2, true,
		  "usage: tick-image remove [--board DIR] IMAGE NAME -o OUT");
	drop_named(&e.apps, e.pos[1], e.pos[0]);
	layout(&e.apps, &e.b);
	write_image(&e.apps, &e.b, e.out);
	print_placed(&e.apps, &e.b);
	return 0;
}

static int cmd_replace(int argc, char **argv)
{
	struct edit e;
	open_edit(&e, argc, argv, "replace", 3, true,
		  "usage: tick-image replace [--board DIR] IMAGE NAME NEW.tbf -o OUT");
	/* Remember where the old one was: a relocatable replacement prefers that spot. */
	uint32_t old_addr = 0;
	bool had_old = false;
	for (size_t i = 0; i < e.apps.n; i++) {
		if (!strcmp(e.apps.v[i].name, e.pos[1]) && !had_old) {
			old_addr = e.apps.v[i].addr;
			had_old = true;
		}
	}
	drop_named(&e.apps, e.pos[1], e.pos[0]);
	size_t before = e.apps.n;
	load_input(&e.apps, e.pos[2], &e.b);
	for (size_t i = before; i < e.apps.n; i++) {
		struct app *a = &e.apps.v[i];
		if (a->fixed || !had_old || (old_addr & (a->align - 1)) != a->phase)
			continue;
		/* Try the old address: keep it only if it overlaps nothing and leaves usable gaps. */
		bool clash = false;
		for (size_t k = 0; k < before; k++) {
			const struct app *o = &e.apps.v[k];
			uint64_t ae = (uint64_t)old_addr + a->size, oe = (uint64_t)o->addr + o->size;
			if (ranges_overlap(old_addr, a->size, o->addr, o->size) ||
			    (o->addr >= ae && o->addr - ae > 0 && o->addr - ae < 16) ||
			    (old_addr >= oe && old_addr - oe > 0 && old_addr - oe < 16))
				clash = true;
		}
		if (!clash && (uint64_t)old_addr + a->size <= (uint64_t)e.b.app_flash_start + e.b.app_flash_size) {
			a->fixed = true;
			a->start = old_addr;
		}
	}
	layout(&e.apps, &e.b);
	write_image(&e.apps, &e.b, e.out);
	print_placed(&e.apps, &e.b);
	return 0;
}

int main(int argc, char **argv)
{
	tool_name = "tick-image";
	if (argc < 2 || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
		fputs(usage, argc < 2 ? stderr : stdout);
		return argc < 2 ? 1 : 0;
	}
	for (int i = 2; i < argc; i++) {
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			fputs(usage, stdout);
			return 0;
		}
	}
	if (!strcmp(argv[1], "compose"))
		return cmd_compose(argc - 2, argv + 2);
	if (!strcmp(argv[1], "list"))
		return cmd_list(argc - 2, argv + 2);
	if (!strcmp(argv[1], "remove"))
		return cmd_remove(argc - 2, argv + 2);
	if (!strcmp(argv[1], "replace"))
		return cmd_replace(argc - 2, argv + 2);
	die("unknown command %s (compose, list, remove or replace; see tick-image --help)", argv[1]);
}
