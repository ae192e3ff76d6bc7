/* Bounds-checked reader for little-endian 32-bit ELF files (rv32 and Arm apps). */
#ifndef TOOLS_ELF32_H
#define TOOLS_ELF32_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define EM_ARM 40
#define EM_RISCV 243
#define EM_386 3

#define PT_LOAD 1
#define PT_TLS 7
#define PT_GNU_RELRO 0x6474e552
#define PF_X 1
#define PF_W 2
#define PF_R 4

#define SHT_NOBITS 8
#define SHT_SYMTAB 2
#define SHT_RELA 4
#define SHT_REL 9
#define SHN_UNDEF 0
#define SHN_ABS 0xfff1
#define SHF_WRITE 1
#define SHF_ALLOC 2
#define SHF_TLS 0x400

struct elf_segment {
	uint32_t type, offset, vaddr, paddr, filesz, memsz, flags, align;
};

struct elf_section {
	const char *name;   /* points into the file's string table (NUL-terminated, checked) */
	uint32_t type, flags, addr, offset, size, link, info, addralign, entsize;
};

struct elf_file {
	const char *path;   /* for messages */
	const uint8_t *data;
	size_t len;
	uint16_t machine;
	uint32_t entry;
	struct elf_segment *segs;
	uint32_t nsegs;
	struct elf_section *secs;
	uint32_t nsecs;
};

/*
 * Parses data[0..len) as an ELF32 little-endian file. On failure returns false and writes a
 * plain-words reason to err (size errlen). The file keeps pointers into data: keep it alive.
 */
bool elf_parse(struct elf_file *elf, const char *path, const uint8_t *data, size_t len,
	       char *err, size_t errlen);
void elf_free(struct elf_file *elf);

/* Finds a symbol by name in .symtab; false when absent. */
bool elf_symbol(const struct elf_file *elf, const char *name, uint32_t *value);

/* One symbol of a symbol table. */
struct elf_symbol {
	const char *name;   /* "" when it has none or its name is outside the string table */
	uint32_t value, size;
	uint16_t shndx;
	uint8_t info;
};

/* Symbol number index of the symbol table section symtab; false when out of range or the table
 * lies outside the file. */
bool elf_symbol_at(const struct elf_file *elf, const struct elf_section *symtab, uint32_t index,
		   struct elf_symbol *out);

/* Finds a section by exact name; NULL when absent. */
const struct elf_section *elf_section_by_name(const struct elf_file *elf, const char *name);

/* Section contents (NULL for NOBITS or out of file bounds). */
const uint8_t *elf_section_data(const struct elf_file *elf, const struct elf_section *s);

/* True when section s lies inside segment g (same rules as binutils/pyelftools "strict"). */
bool elf_section_in_segment(const struct elf_section *s, const struct elf_segment *g);

#endif
