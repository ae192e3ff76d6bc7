/* Converts one ELF app into a TBF object, following elf2tab's layout rules. */
#ifndef TOOLS_ELF2TBF_H
#define TOOLS_ELF2TBF_H

#include <stdbool.h>
#include <stdint.h>

#include "../lib/elf32.h"
#include "../lib/tbfwrite.h"
#include "../lib/util.h"

#define PIC_FLASH_ORIGIN 0x80000000u /* Tock convention: linked here = position independent */

struct pack_opts {
	const char *name;
	bool has_stack;
	uint32_t stack;
	uint32_t app_heap, kernel_heap;
	bool has_min_ram;
	uint32_t min_ram;
	bool has_protected;
	uint32_t protected_size;
	struct tbf_spec perms_storage; /* permissions, storage and IPC services fields only */
	bool kernel_version;
	uint16_t kernel_major, kernel_minor;
	bool short_id;
	uint32_t short_id_value;
	bool disabled;
	uint32_t min_footer;
	uint32_t app_version;
	bool sha256, sha384, sha512;
	const char *ecdsa_key;
	bool verbose;
	bool relocatable;   /* add Tick's relocation table (ELF linked with --emit-relocs) */
};

/* What the conversion learned, for the summary line. */
struct pack_result {
	uint32_t fixed_flash, fixed_ram; /* 0xFFFFFFFF when not fixed */
	uint32_t header_size, protected_size, binary_end, total_size, minimum_ram;
	bool relocatable;
	uint32_t reloc_count, reloc_bytes;   /* Tick's table: relocations, bytes */
	uint32_t elf_relocs, elf_bytes;      /* the ELF's relocation records for the same image */
	uint32_t reloc_by_type[16];
};

/*
 * Builds the TBF for elf into out. Returns false with a plain-words reason in err (which
 * names nothing: the caller adds the file name).
 */
bool elf_to_tbf(const struct elf_file *elf, const struct pack_opts *o, struct buf *out,
		struct pack_result *res, char *err, size_t errlen);

#endif
