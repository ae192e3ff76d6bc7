/* Bounds-checked reader for little-endian 32-bit ELF files (rv32 and Arm apps). */
#include "elf32.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

#define FAIL(...)                                      \
	do {                                           \
		snprintf(err, errlen, __VA_ARGS__);    \
		elf_free(elf);                         \
		return false;                          \
	} while (0)

static bool range_ok(size_t len, uint64_t off, uint64_t size)
{
	return off <= len && size <= len - off;
}

bool elf_parse(struct elf_file *elf, const char *path, const uint8_t *d, size_t len, char *err,
	       size_t errlen)
{
	memset(elf, 0, sizeof *elf);
	elf->path = path;
	elf->data = d;
	elf->len = len;
	if (len < 52 || memcmp(d, "\177ELF", 4) != 0)
		FAIL("not an ELF file (no \\x7fELF magic)");
	if (d[4] != 1) {
		uint16_t m = d[4] == 2 && len >= 20 ? rd16(d + 18) : 0;
		FAIL("a %s ELF%s, not a Tick app: apps are 32-bit RISC-V or Arm, built with the board's cross compiler (make deps installs it; docs/apps.md)",
		     d[4] == 2 ? "64-bit" : "non-32-bit", m == 62 ? " for x86-64 (a host program?)" :
		     m == 183 ? " for AArch64" : m == 243 ? " for RISC-V 64" : "");
	}
	if (d[5] != 1)
		FAIL("not a little-endian ELF file");
	elf->machine = rd16(d + 18);
	elf->entry = rd32(d + 24);
	uint32_t phoff = rd32(d + 28), shoff = rd32(d + 32);
	uint16_t phentsize = rd16(d + 42), phnum = rd16(d + 44);
	uint16_t shentsize = rd16(d + 46), shnum = rd16(d + 48), shstrndx = rd16(d + 50);

	if (phnum && (phentsize < 32 || !range_ok(len, phoff, (uint64_t)phentsize * phnum)))
		FAIL("program header table lies outside the file");
	if (shnum && (shentsize < 40 || !range_ok(len, shoff, (uint64_t)shentsize * shnum)))
		FAIL("section header table lies outside the file");

	elf->segs = xcalloc(phnum, sizeof *elf->segs);
	elf->nsegs = phnum;
	for (uint32_t i = 0; i < phnum; i++) {
		const uint8_t *p = d + phoff + (size_t)i * phentsize;
		struct elf_segment *g = &elf->segs[i];
		g->type = rd32(p);
		g->offset = rd32(p + 4);
		g->vaddr = rd32(p + 8);
		g->paddr = rd32(p + 12);
		g->filesz = rd32(p + 16);
		g->memsz = rd32(p + 20);
		g->flags = rd32(p + 24);
		g->align = rd32(p + 28);
		if (g->type == PT_LOAD && !range_ok(len, g->offset, g->filesz))
			FAIL("segment %u (offset 0x%x, size 0x%x) lies outside the file", i, g->offset,
			     g->filesz);
	}

	elf->secs = xcalloc(shnum, sizeof *elf->secs);
	elf->nsecs = shnum;
	const uint8_t *strtab = NULL;
	uint32_t strsize = 0;
	if (shnum) {
		if (shstrndx >= shnum)
			FAIL("section name table index %u is out of range", shstrndx);
		const uint8_t *s = d + shoff + (size_t)shstrndx * shentsize;
		uint32_t off = rd32(s + 16), size = rd32(s + 20);
		if (!range_ok(len, off, size))
			FAIL("section name table lies outside the file");
		strtab = d + off;
		strsize = size;
	}
	for (uint32_t i = 0; i < shnum; i++) {
		const uint8_t *s = d + shoff + (size_t)i * shentsize;
		struct elf_section *c = &elf->secs[i];
		uint32_t name = rd32(s);
		c->type = rd32(s + 4);
		c->flags = rd32(s + 8);
		c->addr = rd32(s + 12);
		c->offset = rd32(s + 16);
		c->size = rd32(s + 20);
		c->link = rd32(s + 24);
		c->entsize = rd32(s + 36);
		if (name >= strsize || !memchr(strtab + name, 0, strsize - name))
			FAIL("section %u has a name outside the section name table", i);
		c->name = (const char *)strtab + name;
		if (c->type != SHT_NOBITS && c->type != 0 && !range_ok(len, c->offset, c->size))
			FAIL("section %s lies outside the file", c->name);
	}
	return true;
}

void elf_free(struct elf_file *elf)
{
	free(elf->segs);
	free(elf->secs);
	elf->segs = NULL;
	elf->secs = NULL;
	elf->nsegs = elf->nsecs = 0;
}

const struct elf_section *elf_section_by_name(const struct elf_file *elf, const char *name)
{
	for (uint32_t i = 0; i < elf->nsecs; i++) {
		if (strcmp(elf->secs[i].name, name) == 0)
			return &elf->secs[i];
	}
	return NULL;
}

const uint8_t *elf_section_data(const struct elf_file *elf, const struct elf_section *s)
{
	if (s->type == SHT_NOBITS || !range_ok(elf->len, s->offset, s->size))
		return NULL;
	return elf->data + s->offset;
}

bool elf_symbol(const struct elf_file *elf, const char *name, uint32_t *value)
{
	for (uint32_t i = 0; i < elf->nsecs; i++) {
		const struct elf_section *st = &elf->secs[i];
		if (st->type != SHT_SYMTAB || st->link >= elf->nsecs)
			continue;
		const struct elf_section *str = &elf->secs[st->link];
		const uint8_t *syms = elf_section_data(elf, st);
		const uint8_t *names = elf_section_data(elf, str);
		if (!syms || !names)
			continue;
		for (uint32_t off = 0; off + 16 <= st->size; off += 16) {
			uint32_t n = rd32(syms + off);
			if (n >= str->size || !memchr(names + n, 0, str->size - n))
				continue;
			if (strcmp((const char *)names + n, name) == 0) {
				*value = rd32(syms + off + 4);
				return true;
			}
		}
	}
	return false;
}

bool elf_section_in_segment(const struct elf_section *s, const struct elf_segment *g)
{
	bool tls = s->flags & SHF_TLS;
	bool tls_seg = g->type == PT_TLS || g->type == PT_GNU_RELRO;

	/* TLS sections only live in TLS/RELRO/LOAD segments; others never in TLS/RELRO. */
	if (tls ? !(tls_seg || g->type == PT_LOAD) : tls_seg)
		return false;
	if (!(s->flags & SHF_ALLOC) && g->type == PT_LOAD)
		return false;
	if (s->flags & SHF_ALLOC) {
		/* Wholly inside the memory image; an empty section at the very end does not count. */
		if (s->addr < g->vaddr || g->memsz == 0)
			return false;
		uint64_t rel = (uint64_t)s->addr - g->vaddr;
		if (rel + s->size > g->memsz || rel > (uint64_t)g->memsz - 1)
			return false;
	}
	if (s->type == SHT_NOBITS)
		return true;
	if (s->offset < g->offset || g->filesz == 0)
		return false;
	uint64_t rel = (uint64_t)s->offset - g->offset;
	return rel + s->size <= g->filesz && rel <= (uint64_t)g->filesz - 1;
}
