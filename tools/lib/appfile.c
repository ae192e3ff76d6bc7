/* Loads a tool input (TBF, flash image, TAB or ELF) and says which kind it is. */
#include "appfile.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

void app_file_load(struct app_file *f, const char *path)
{
	char err[256];

	memset(f, 0, sizeof *f);
	f->path = path;
	read_file_or_die(path, &f->data, &f->len);
	if (f->len >= 4 && memcmp(f->data, "\177ELF", 4) == 0) {
		f->kind = APP_ELF;
	} else if (tar_detect(f->data, f->len)) {
		f->kind = APP_TAB;
		if (!tar_list(f->data, f->len, &f->entries, &f->nentries, err, sizeof err))
			die("%s: not a valid TAB: %s", path, err);
		for (size_t i = 0; i < f->nentries; i++) {
			if (strcmp(f->entries[i].name, "metadata.toml") == 0) {
				f->metadata = xmalloc(f->entries[i].size + 1);
				memcpy(f->metadata, f->entries[i].data, f->entries[i].size);
				f->metadata[f->entries[i].size] = 0;
			}
		}
	} else if (f->len >= 2 && rd16(f->data) == 2) {
		f->kind = APP_TBF;
	} else {
		f->kind = APP_UNKNOWN;
	}
}

void app_file_free(struct app_file *f)
{
	free(f->data);
	free(f->entries);
	free(f->metadata);
	memset(f, 0, sizeof *f);
}

bool tab_entry_is_tbf(const struct tar_entry *e)
{
	size_t n = strlen(e->name);
	return n > 4 && strcmp(e->name + n - 4, ".tbf") == 0;
}

const char *app_kind_name(enum app_kind k)
{
	switch (k) {
	case APP_TBF: return "TBF";
	case APP_TAB: return "TAB";
	case APP_ELF: return "ELF";
	default: return "unknown";
	}
}
