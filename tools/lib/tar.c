/* Minimal tar reader/writer for TAB archives (metadata.toml + one .tbf per architecture). */
#include "tar.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BLOCK 512

static uint64_t octal(const uint8_t *p, size_t n, bool *ok)
{
	uint64_t v = 0;
	size_t i = 0;

	/* GNU base-256 encoding for big sizes: high bit of the first byte set. */
	if (n && (p[0] & 0x80)) {
		v = p[0] & 0x7F;
		for (i = 1; i < n; i++)
			v = v << 8 | p[i];
		return v;
	}
	while (i < n && p[i] == ' ')
		i++;
	for (; i < n && p[i] >= '0' && p[i] <= '7'; i++)
		v = v * 8 + (p[i] - '0');
	for (; i < n; i++) {
		if (p[i] != ' ' && p[i] != 0)
			*ok = false;
	}
	return v;
}

static bool header_checksum_ok(const uint8_t *h)
{
	bool ok = true;
	uint64_t want = octal(h + 148, 8, &ok);
	uint64_t sum = 0;
	for (int i = 0; i < BLOCK; i++)
		sum += (i >= 148 && i < 156) ? ' ' : h[i];
	return ok && sum == want;
}

static bool all_zero(const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (p[i])
			return false;
	}
	return true;
}

bool tar_detect(const uint8_t *data, size_t len)
{
	return len >= BLOCK && memcmp(data + 257, "ustar", 5) == 0 && header_checksum_ok(data);
}

bool tar_list(const uint8_t *data, size_t len, struct tar_entry **entries, size_t *count,
	      char *err, size_t errlen)
{
	size_t pos = 0, n = 0, cap = 8;
	struct tar_entry *list = xcalloc(cap, sizeof *list);
	char longname[256] = "";

	while (pos + BLOCK <= len) {
		const uint8_t *h = data + pos;
		if (all_zero(h, BLOCK))
			break;
		if (!header_checksum_ok(h)) {
			snprintf(err, errlen, "bad tar header checksum at offset %zu", pos);
			free(list);
			return false;
		}
		bool ok = true;
		uint64_t size = octal(h + 124, 12, &ok);
		if (!ok || size > len - pos - BLOCK) {
			snprintf(err, errlen, "tar entry at offset %zu claims %llu bytes, past the end", pos,
				 (unsigned long long)size);
			free(list);
			return false;
		}
		const uint8_t *body = h + BLOCK;
		char type = (char)h[156];
		if (type == 'L') { /* GNU long name for the next entry */
			size_t k = size < sizeof longname - 1 ? size : sizeof longname - 1;
			memcpy(longname, body, k);
			longname[k] = 0;
		} else if (type == '0' || type == 0 || type == '7') {
			if (n == cap)
				list = xrealloc(list, (cap *= 2) * sizeof *list);
			struct tar_entry *e = &list[n++];
			if (longname[0]) {
				snprintf(e->name, sizeof e->name, "%s", longname);
			} else {
				char name[101], prefix[156];
				memcpy(name, h, 100);
				name[100] = 0;
				memcpy(prefix, h + 345, 155);
				prefix[155] = 0;
				/* Only POSIX ustar has a prefix field; GNU uses that space otherwise. */
				if (prefix[0] && memcmp(h + 257, "ustar\0", 6) == 0)
					snprintf(e->name, sizeof e->name, "%s/%s", prefix, name);
				else
					snprintf(e->name, sizeof e->name, "%s", name);
			}
			e->data = body;
			e->size = (size_t)size;
			longname[0] = 0;
		} else {
			longname[0] = 0; /* directories, pax headers, links: not part of a TAB */
		}
		pos += BLOCK + align_up(size, BLOCK);
	}
	*entries = list;
	*count = n;
	return true;
}

void tar_add(struct buf *tar, const char *name, const void *data, size_t size)
{
	uint8_t h[BLOCK] = {0};

	if (strlen(name) > 99)
		die("name %s is too long for a tar entry", name);
	memcpy(h, name, strlen(name));
	snprintf((char *)h + 100, 8, "%07o", 0644);
	snprintf((char *)h + 108, 8, "%07o", 0);
	snprintf((char *)h + 116, 8, "%07o", 0);
	snprintf((char *)h + 124, 12, "%011llo", (unsigned long long)size);
	snprintf((char *)h + 136, 12, "%011o", 0);
	h[156] = '0';
	memcpy(h + 257, "ustar  ", 8); /* GNU magic + version, like elf2tab's tar crate */
	memset(h + 148, ' ', 8);
	unsigned sum = 0;
	for (int i = 0; i < BLOCK; i++)
		sum += h[i];
	snprintf((char *)h + 148, 8, "%06o", sum);
	h[155] = ' ';
	buf_append(tar, h, BLOCK);
	buf_append(tar, data, size);
	buf_zeros(tar, align_up(size, BLOCK) - size);
}

void tar_finish(struct buf *tar)
{
	buf_zeros(tar, 2 * BLOCK);
}
