/* tick-image internals: apps to place in a flash image, their placement, and image I/O. */
#ifndef IMAGE_IMAGE_H
#define IMAGE_IMAGE_H

#include <stdbool.h>
#include <stdint.h>

#include <tick/tbf.h>

#include "../lib/board.h"
#include "../lib/util.h"

struct app {
	char *label;            /* "blink (apps/blink.tab: rv32imac.0x80100080.0x80300000.tbf)" */
	const char *src;        /* the input file it came from (NULL: an existing image) */
	const char *member;     /* its name inside a TAB, else NULL */
	char name[96];          /* package name, or "(unnamed)" */
	const uint8_t *tbf;     /* the object (points into a loaded file) */
	uint32_t size;          /* total_size */
	struct tbf_header h;
	bool fixed;             /* must start at `start` (fixed flash, or pinned in an image) */
	uint32_t start;         /* required TBF start when fixed */
	bool has_ram;           /* fixed RAM block */
	uint32_t ram_start, ram_end;
	uint32_t align;         /* start alignment when not fixed */
	uint32_t addr;          /* placement result */
	bool placed;            /* addr is valid */
};

struct app_list {
	struct app *v;
	size_t n, cap;
};

/* Appends a copy of *a. */
void apps_push(struct app_list *l, const struct app *a);

/*
 * Fills an app from a parsed TBF object: name, size, fixed flash start (fixed_flash minus
 * the protected size), fixed RAM range (fixed_ram .. + minimum_ram_size), and the
 * alignment a relocatable object needs on this board.
 */
void app_from_tbf(struct app *a, const uint8_t *tbf, const struct tbf_header *h, char *label,
		  const struct board *b);

/* "flash 0x80100000-0x80100ca0 ram 0x80300000-0x80301008" style line for one placed app. */
void app_summary(const struct app *a, char *out, size_t n);

/* Adds the apps of one compose input (.tbf, flash image or .tab) to `apps`. For a TAB, picks
 * the variant for the board's arch that fits beside what `apps` already holds. Dies with a
 * message naming the file on any problem. */
void load_input(struct app_list *apps, const char *path, const struct board *b);

/* True when [a, a+n) and [b, b+m) overlap. */
bool ranges_overlap(uint64_t a, uint64_t n, uint64_t b, uint64_t m);

/* Checks a fixed app against the board and the fixed apps already in `apps`; false with a
 * plain-words reason in why. */
bool fixed_app_fits(const struct app *a, const struct app_list *apps, const struct board *b,
		    char *why, size_t n);

/*
 * Places every app: fixed ones at their start, the rest first-fit (largest first) at their
 * alignment, so that every gap is 0 or >= 16 bytes (room for a padding header). Dies naming
 * the apps and addresses on overlaps or when something does not fit in the board's flash.
 * Leaves apps sorted by address.
 */
void layout(struct app_list *apps, const struct board *b);

/* Writes the map of a composed image (compose --map): a comment line, then one line per app,
 * tab-separated: name, TBF start, app binary start (TBF start + protected size), fixed RAM
 * start or "-", input file or "-", TAB member or "-". Host tools use it to find each app's
 * ELF (next to its TBF, same stem) and where that ELF's code runs. */
void write_map(const struct app_list *apps, const char *path);

/* Writes the image: apps at their addresses from the board's app flash start, padding
 * objects in the gaps, then a zeroed 8-byte end marker if room is left. */
void emit_image(const struct app_list *apps, const struct board *b, struct buf *out);

/* Reads the apps of an existing image (padding dropped). The image's base address is
 * b->app_flash_start. Dies on a malformed image. */
void read_image(struct app_list *apps, const uint8_t *img, size_t len, const char *path,
		const struct board *b);

#endif
