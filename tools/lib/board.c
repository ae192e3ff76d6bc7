/* Reads a board's memory map from <board>/board.conf (key=value lines). */
#include "board.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "util.h"

static bool number(const struct board *b, const char *key, const char *val, uint32_t *out)
{
	if (!parse_u32(val, out))
		die("%s: %s=%s is not a number", b->path, key, val);
	return true;
}

void board_load(struct board *b, const char *dir)
{
	struct stat st;
	char line[1024];
	bool have[5] = {false};

	memset(b, 0, sizeof *b);
	if (stat(dir, &st) == 0 && S_ISDIR(st.st_mode))
		snprintf(b->path, sizeof b->path, "%s/board.conf", dir);
	else
		snprintf(b->path, sizeof b->path, "%s", dir);
	FILE *f = fopen(b->path, "r");
	if (!f)
		die("cannot read board memory map %s (is --board a board folder?)", b->path);
	while (fgets(line, sizeof line, f)) {
		line[strcspn(line, "\r\n")] = 0;
		char *eq = strchr(line, '=');
		if (line[0] == '#' || !eq)
			continue;
		*eq = 0;
		const char *key = line, *val = eq + 1;
		if (!strcmp(key, "arch")) {
			snprintf(b->arch, sizeof b->arch, "%s", val);
			have[0] = true;
		} else if (!strcmp(key, "app_flash_start")) {
			have[1] = number(b, key, val, &b->app_flash_start);
		} else if (!strcmp(key, "app_flash_size")) {
			have[2] = number(b, key, val, &b->app_flash_size);
		} else if (!strcmp(key, "ram_start")) {
			have[3] = number(b, key, val, &b->ram_start);
		} else if (!strcmp(key, "ram_size")) {
			have[4] = number(b, key, val, &b->ram_size);
		}
	}
	fclose(f);
	static const char *const keys[] = {"arch", "app_flash_start", "app_flash_size", "ram_start",
					   "ram_size"};
	for (int i = 0; i < 5; i++) {
		if (!have[i])
			die("%s has no %s= line", b->path, keys[i]);
	}
	if ((uint64_t)b->app_flash_start + b->app_flash_size > 0x100000000ull ||
	    (uint64_t)b->ram_start + b->ram_size > 0x100000000ull)
		die("%s: a region runs past the end of the 32-bit address space", b->path);
}

bool board_is_arm(const struct board *b)
{
	return !strncmp(b->arch, "cortex", 6) || !strncmp(b->arch, "arm", 3) ||
	       !strncmp(b->arch, "thumb", 5);
}
