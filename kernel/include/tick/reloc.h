/* Tick's relocation table (a TBF header TLV of its own): parse it, check it and apply it to an app image; shared by the kernel and the host tools. */
#ifndef TICK_RELOC_H
#define TICK_RELOC_H

#include <stdbool.h>
#include <stdint.h>

#include <tick/sha256.h>
#include <tick/tbf.h>

/*
 * A relocatable app is linked once, with its binary at a nominal flash address and its RAM at
 * a nominal RAM address, and keeps a table of the places in its binary whose bytes depend on
 * either address. The table is a header TLV (so it comes before every place it patches, and
 * credentials cover it); kernels that do not know the type skip it, as TBF requires. The
 * format is in docs/tbf.md; in short (all numbers little-endian):
 *
 *   value:  u8 version (1), u8 arch (1 = rv32), u8 log2 flash alignment, u8 log2 RAM alignment,
 *           u32 flash_base, u32 ram_base, u32 image_size, u32 ram_size, u32 count, entries
 *   entry:  unsigned LEB128 of (gap / 2 << 5 | type), then for HI20 types a u16 of 12 bits;
 *           gap = entry offset - previous entry offset (the first: from the TBF start), even
 *   type:   bits 0-1 the field (enum reloc_field), bits 2-4 the delta (enum reloc_kind)
 *
 * An entry's offset is counted from the TBF start and names 4 bytes of the app's image (the
 * binary's first image_size bytes: code, read-only data and the initial images of .data).
 * Placed with its binary at F and its RAM at R, the app's flash delta is dF = F - flash_base
 * and its RAM delta dR = R - ram_base; an entry adds its kind's delta (dF, dR or dR - dF) to
 * the value its field holds. Every function here treats the table and the image as untrusted.
 */

#define RELOC_TLV_TYPE 0x8100u   /* out-of-tree TLV range (bit 15), see docs/tbf.md */
#define RELOC_VERSION 1u
#define RELOC_ARCH_RV32 1u
#define RELOC_HEADER_SIZE 24u
#define RELOC_MAX_ALIGN_LOG2 16u

/* Where a value lives in the 4 bytes of an entry. */
enum reloc_field {
	RELOC_WORD = 0,    /* a 32-bit little-endian word (pointers in data and read-only data) */
	RELOC_HI20 = 1,    /* the upper 20 bits of lui (absolute) or auipc (pc-relative) */
	RELOC_LO12_I = 2,  /* the 12-bit immediate of an I-type instruction (load, addi, jalr) */
	RELOC_LO12_S = 3,  /* the 12-bit immediate of an S-type instruction (store) */
};

/* Which delta an entry adds. */
enum reloc_kind {
	RELOC_FLASH = 0,     /* an absolute address in flash: + dF */
	RELOC_RAM = 1,       /* an absolute address in RAM: + dR */
	RELOC_RAM_PCREL = 2, /* a RAM address relative to the entry's flash address: + dR - dF */
	RELOC_ABS_PCREL = 3, /* a fixed address (a weak symbol's 0) relative to the entry: - dF */
	/* 4-7 are reserved: unknown types */
};
#define RELOC_TYPES 16u      /* field | kind << 2 for the kinds above */

enum reloc_error {
	RELOC_OK = 0,
	RELOC_NONE,             /* the TBF has no relocation table (not an error: a fixed app) */
	RELOC_DUPLICATE,        /* more than one relocation TLV */
	RELOC_BAD_HEADER,       /* short value, alignment over 2^16, image or RAM larger than the TBF's */
	RELOC_BAD_VERSION,      /* a version this code does not know */
	RELOC_BAD_ARCH,         /* an architecture this code does not know */
	RELOC_BAD_ENCODING,     /* entries truncated, a LEB128 past 32 bits, a HI20 low part over 12
				 * bits, or bytes left after count entries */
	RELOC_BAD_TYPE,         /* an entry of a reserved kind (4-7) */
	RELOC_OVERLAP,          /* an entry less than 4 bytes after the previous one */
	RELOC_IN_HEADER,        /* an entry before the image (in the header or protected trailer) */
	RELOC_OUTSIDE,          /* an entry past the image's end */
	RELOC_BAD_INSTRUCTION,  /* the instruction at an entry is not one its field can hold */
	RELOC_BAD_TARGET,       /* a word or HI20 entry points outside the app's image and RAM */
	RELOC_MISALIGNED,       /* a placement whose deltas break the app's alignment */
	RELOC_SPLIT,            /* reloc_apply: an entry straddles the start of the chunk */
	RELOC_ERROR_COUNT
};

/* Plain-words explanation of an error, never NULL. */
const char *reloc_error_str(enum reloc_error err);

/* A parsed table. Offsets are from the TBF start. */
struct reloc_table {
	const uint8_t *entries;         /* the encoded entries, in the TBF header */
	uint32_t entries_len, count;
	uint32_t flash_base, ram_base;  /* where the binary and the RAM were linked */
	uint32_t image_start, image_end;/* the image: [protected size, + image_size) */
	uint32_t ram_size;              /* RAM pointers may target [RAM, RAM + ram_size] */
	uint8_t flash_align, ram_align; /* log2: a placement's deltas are multiples of these */
};

/* Where an image is: the address of its binary's first byte and of its RAM. */
struct reloc_place {
	uint32_t flash, ram;
};

/* Position in a table's entries: zero it to start from the first entry. After an error,
 * index is the failing entry's number and offset its offset (or the previous one's when the
 * failing entry could not be decoded). */
struct reloc_cursor {
	uint32_t pos, index, offset;
};

/* One decoded entry. */
struct reloc_entry {
	uint32_t offset;
	uint8_t type;                   /* field | kind << 2 (below RELOC_TYPES) */
	uint16_t low;                   /* HI20: the low 12 bits of the value as linked */
	uint32_t next;                  /* position of the entry after it */
};

/*
 * Finds and checks the relocation TLV of the TBF at tbf, parsed by tbf_parse into *h (TBF_OK,
 * not padding). Returns RELOC_NONE when there is none, else checks the header against the TBF
 * (the image lies inside the binary, ram_size <= minimum_ram_size) and decodes every entry:
 * known types, offsets ascending at least 4 apart, each entry's 4 bytes inside the image.
 * Reads nothing of the image itself (reloc_apply checks what it patches). On RELOC_OK *t is
 * filled; on an entry error *fault says which (when fault is not NULL).
 */
enum reloc_error reloc_parse(const uint8_t *tbf, const struct tbf_header *h, struct reloc_table *t,
			     struct reloc_cursor *fault);

/* Decodes the entry at *c (one reloc_parse accepted) and advances *c. */
enum reloc_error reloc_next(const struct reloc_table *t, struct reloc_cursor *c,
			    struct reloc_entry *e);

/* Where the app was linked. */
struct reloc_place reloc_nominal(const struct reloc_table *t);

/* RELOC_OK when an image of t may be placed at *p (its deltas keep the alignment its code and
 * data were linked with), else RELOC_MISALIGNED. */
enum reloc_error reloc_check_place(const struct reloc_table *t, const struct reloc_place *p);

/*
 * Moves part of an image from placement *from to placement *to: buf[0..len) holds the image's
 * bytes [off, off + len) (TBF offsets) as placed at *from. Each entry whose 4 bytes lie inside
 * is checked, on the bytes as they are at *from (the instruction matches the field; a word's or
 * HI20's target lies in the app's image [from->flash, + image size] or RAM [from->ram, +
 * ram_size], except for RELOC_ABS_PCREL, whose target is outside by design), then patched
 * for *to. Writes only entries' bytes, and only inside buf.
 * Streaming: *c carries the position between calls; chunks in ascending order cost one pass
 * over the table in all, a chunk that starts before the previous one restarts it. Returns the
 * number of leading bytes of buf that are final: len, or less when an entry straddles the end
 * of the chunk (the next call must then start at off + the result, with at least 4 bytes);
 * or -error (RELOC_SPLIT: an entry straddles the start; *c then names the entry at fault).
 * t must come from reloc_parse; the placements from reloc_check_place.
 */
int32_t reloc_apply(const struct reloc_table *t, struct reloc_cursor *c,
		    const struct reloc_place *from, const struct reloc_place *to, uint32_t off,
		    uint8_t *buf, uint32_t len);

/*
 * SHA-256 of tbf[0..end) as it was before relocation: the image at tbf was relocated from
 * where it was linked to *placed, and is un-relocated on the fly while it is hashed, so that
 * the digest can be compared with credentials made over the canonical image. Un-relocating is
 * a bijection on each entry's bytes, so the digest matches only the image reloc_apply makes
 * from the canonical one. RELOC_OK, or an entry error (*fault says which when not NULL).
 */
enum reloc_error reloc_sha256(const uint8_t *tbf, uint32_t end, const struct reloc_table *t,
			      const struct reloc_place *placed, uint8_t digest[SHA256_DIGEST_SIZE],
			      struct reloc_cursor *fault);

#endif
