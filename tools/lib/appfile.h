/* Loads a tool input (TBF, flash image, TAB or ELF) and says which kind it is. */
#ifndef TOOLS_APPFILE_H
#define TOOLS_APPFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tar.h"

enum app_kind { APP_TBF, APP_TAB, APP_ELF, APP_UNKNOWN };

struct app_file {
	const char *path;
	uint8_t *data;
	size_t len;
	enum app_kind kind;
	/* TAB only: every entry, and the metadata.toml text (NUL-terminated copy) if present. */
	struct tar_entry *entries;
	size_t nentries;
	char *metadata;
};

/* Reads and classifies path. Dies (naming the file) when it cannot be read or a TAB is
 * malformed. Data that starts with a version-2 TBF header is APP_TBF; an ELF magic is
 * APP_ELF; anything else APP_UNKNOWN. */
void app_file_load(struct app_file *f, const char *path);
void app_file_free(struct app_file *f);

/* True when a TAB entry is a TBF (name ends in .tbf). */
bool tab_entry_is_tbf(const struct tar_entry *e);

/* "kind" words for messages. */
const char *app_kind_name(enum app_kind k);

#endif
