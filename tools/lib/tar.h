/* Minimal tar reader/writer for TAB archives (metadata.toml + one .tbf per architecture). */
#ifndef TOOLS_TAR_H
#define TOOLS_TAR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util.h"

struct tar_entry {
	char name[260];        /* prefix/name joined, NUL-terminated */
	const uint8_t *data;   /* points into the archive buffer */
	size_t size;
};

/* True when data looks like a tar archive (valid first header checksum and a magic). */
bool tar_detect(const uint8_t *data, size_t len);

/*
 * Lists the regular files of an archive. Allocates *entries (free with free()).
 * Returns false with a plain-words reason in err when the archive is malformed.
 */
bool tar_list(const uint8_t *data, size_t len, struct tar_entry **entries, size_t *count,
	      char *err, size_t errlen);

/* Appends one regular file (mode 0644, owner 0, mtime 0: deterministic) to an archive. */
void tar_add(struct buf *tar, const char *name, const void *data, size_t size);

/* Appends the two zero blocks that end an archive. */
void tar_finish(struct buf *tar);

#endif
