/* Test helper: relocatable TBFs with every kind of relocation entry, and the image a linker would make for any placement (the oracle). */
#ifndef FAKES_RELOC_APP_H
#define FAKES_RELOC_APP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Where the apps are linked: their binary (at the TBF's protected size, a multiple of 256
 * bytes past the header and its table) and RAM. */
#define RA_FLASH 0x80100100u
#define RA_RAM 0x80300000u
#define RA_RAMSZ 0x400u   /* RAM pointers target [RAM, RAM + RA_RAMSZ]; min_ram must cover it */

struct reloc_app {
	const char *name;
	uint32_t image;       /* image bytes, a multiple of 4 (at least 64) */
	uint32_t min_ram;     /* at least RA_RAMSZ */
	bool sha256;          /* a SHA-256 credentials footer */
	uint32_t seed;        /* varies the targets (two apps with different seeds differ) */
};

/* The image of app as linked with its binary at flash and its RAM at ram. */
void reloc_app_image(const struct reloc_app *app, uint8_t *img, uint32_t flash, uint32_t ram);
/* The relocatable TBF of app (linked at RA_FLASH, RA_RAM) into tbf; returns its size. */
uint32_t reloc_app_build(const struct reloc_app *app, uint8_t *tbf, size_t cap);
/* Entries in its table. */
uint32_t reloc_app_entries(const struct reloc_app *app);

#endif
