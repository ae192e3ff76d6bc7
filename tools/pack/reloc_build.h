/* Builds Tick's relocation table (kernel/include/tick/reloc.h) from an rv32 ELF linked with its relocations kept. */
#ifndef PACK_RELOC_BUILD_H
#define PACK_RELOC_BUILD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../lib/elf32.h"
#include "../lib/util.h"

/* Where a loaded segment's bytes went in the binary (after trimming to the flash address). */
struct bin_segment {
	uint32_t paddr, filesz, pos;   /* pos: offset from the binary's first byte */
};

/* One relocation the kernel applies; off is from the binary's first byte. */
struct reloc_item {
	uint32_t off;
	uint8_t type;    /* enum reloc_field | enum reloc_kind << 2 */
	uint16_t low;    /* HI20: low 12 bits of the value */
};

struct reloc_list {
	struct reloc_item *items;
	uint32_t n;
	uint32_t flash_base, ram_base;  /* where the binary and the RAM were linked */
	uint32_t image_size, ram_size;
	uint8_t flash_align, ram_align; /* log2 */
	uint32_t by_type[16];           /* items per type */
	uint32_t elf_relocs, elf_bytes; /* the ELF's relocation records for the image, and bytes */
};

/*
 * Collects the relocations of elf (an EM_RISCV ELF linked with -Wl,--emit-relocs or -q, its
 * binary at flash_base and its RAM at ram_base) whose values change when the binary and the
 * RAM move independently: pointers (R_RISCV_32) into flash or RAM, lui/LO12 pairs of absolute
 * addresses, and auipc/PCREL_LO12 pairs from code to RAM. Every other type the compiler emits
 * for an image is checked to need nothing (pc-relative within flash, thread-pointer offsets,
 * differences within one region); anything else (GOT or PLT entries, gp-relative access,
 * differences between flash and RAM, ...) is refused with a reason in err, as is a
 * relocation whose value disagrees with the linked bytes (an ELF linked with relaxation).
 * segs: where each loaded segment went in the binary of image_size bytes.
 */
bool reloc_collect(const struct elf_file *elf, const struct bin_segment *segs, uint32_t nsegs,
		   uint32_t image_size, uint32_t flash_base, uint32_t ram_base,
		   struct reloc_list *out, char *err, size_t errlen);

/* Appends the relocation TLV's value for a TBF whose binary starts at TBF offset prot. */
void reloc_encode(const struct reloc_list *l, uint32_t prot, struct buf *out);

void reloc_list_free(struct reloc_list *l);

#endif
