/* Tock Binary Format (TBF) v2 parser shared by the kernel loader and the host tools. */
#ifndef TICK_TBF_H
#define TICK_TBF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Every function here treats its input as untrusted: all lengths and offsets are checked
 * against the caller's buffer, multi-byte values are read byte by byte (little-endian), and
 * nothing is asserted. Pointers stored in the results point into the caller's buffer.
 */

#define TBF_BASE_HEADER_SIZE 16u
#define TBF_NOT_FIXED 0xFFFFFFFFu      /* FixedAddresses value meaning "anywhere" */
#define TBF_MAX_STORAGE_IDS 8u         /* read and modify id lists the kernel accepts */
#define TBF_PERMISSION_ENTRY_SIZE 16u  /* {u32 driver, u32 offset, u64 allowed_commands} */

/* Base header flags. */
#define TBF_FLAG_ENABLED 0x1u
#define TBF_FLAG_STICKY 0x2u

/* TLV types (header section unless noted). */
enum tbf_tlv_type {
	TBF_TLV_MAIN = 1,
	TBF_TLV_WRITEABLE_FLASH_REGIONS = 2,
	TBF_TLV_PACKAGE_NAME = 3,
	TBF_TLV_PIC_OPTION_1 = 4,
	TBF_TLV_FIXED_ADDRESSES = 5,
	TBF_TLV_PERMISSIONS = 6,
	TBF_TLV_STORAGE_PERMISSIONS = 7,
	TBF_TLV_KERNEL_VERSION = 8,
	TBF_TLV_PROGRAM = 9,
	TBF_TLV_SHORT_ID = 10,
	TBF_TLV_CREDENTIALS = 128, /* footer only */
	/* Tick's own header TLVs: out-of-tree types (bit 15 set), which other kernels skip. */
	TBF_TLV_TICK_IPC_SERVICES = 0x8101, /* names the app may register as IPC services */
	TBF_TLV_TICK_IPC_CLIENTS = 0x8102,  /* the only apps (package names) its services accept */
};

/* Value lengths of the fixed-size TLVs. */
#define TBF_MAIN_LEN 12u
#define TBF_PROGRAM_LEN 20u
#define TBF_FIXED_ADDRESSES_LEN 8u
#define TBF_KERNEL_VERSION_LEN 4u
#define TBF_SHORT_ID_LEN 4u

/* Credential footer formats. 0-6 are the ones the Tock kernel knows; the rest are tool-only. */
enum tbf_credential_format {
	TBF_CRED_RESERVED = 0,
	TBF_CRED_RSA3072 = 1,
	TBF_CRED_RSA4096 = 2,
	TBF_CRED_SHA256 = 3,
	TBF_CRED_SHA384 = 4,
	TBF_CRED_SHA512 = 5,
	TBF_CRED_ECDSA_P256 = 6,
	TBF_CRED_HMAC_SHA256 = 7,
	TBF_CRED_RSA2048 = 0x0A,
	TBF_CRED_CLEARTEXT_ID = 0xF1,
};

enum tbf_error {
	TBF_OK = 0,
	TBF_END,                /* no TBF here (not version 2, erased, total_size < 16): end of app list */
	TBF_TOO_SHORT,          /* the buffer ends before the object or its header does */
	TBF_BAD_HEADER_SIZE,    /* header_size < 16 or > total_size */
	TBF_BAD_TOTAL_SIZE,     /* total_size smaller than header_size + protected trailer */
	TBF_BAD_CHECKSUM,       /* header checksum mismatch */
	TBF_BAD_TLV,            /* a TLV runs past header_size, or is malformed */
	TBF_BAD_MAIN,           /* Main TLV length != 12, or its entry point outside the binary */
	TBF_BAD_PROGRAM,        /* Program TLV length != 20, or entry / binary end outside the object */
	TBF_BAD_FIXED_ADDRESSES,/* FixedAddresses length != 8, or binary not at the fixed flash address */
	TBF_BAD_PERMISSIONS,    /* Permissions count does not fit its TLV */
	TBF_BAD_STORAGE,        /* Storage permissions malformed or more than 8 read/modify ids */
	TBF_BAD_KERNEL_VERSION, /* KernelVersion TLV missing, malformed, or incompatible */
	TBF_BAD_FOOTER,         /* a footer is not a well-formed credentials TLV */
	TBF_BAD_PACKAGE_NAME,   /* package name is not valid UTF-8 */
	TBF_BAD_WFR,            /* writeable flash regions length not a multiple of 8, or out of range */
	TBF_BAD_SHORT_ID,       /* ShortId TLV length != 4 */
	TBF_ERROR_COUNT
};

/* Plain-words explanation of an error, never NULL. */
const char *tbf_error_str(enum tbf_error err);

/* True when a loader scanning flash must stop at this error (TBF_END, TBF_TOO_SHORT): the
 * object's total_size cannot be trusted to reach a next object. For any other error the
 * loader skips header->total_size bytes and continues. */
bool tbf_error_ends_list(enum tbf_error err);

struct tbf_header {
	/* Base header. */
	uint16_t version;
	uint16_t header_size;
	uint32_t total_size;
	uint32_t flags;
	uint32_t checksum;
	bool is_padding;               /* bare 16-byte header: filler between apps */

	/* Main / Program (Program wins when both are present). */
	bool has_main, has_program;
	uint32_t init_fn_offset;       /* entry = TBF start + header_size + init_fn_offset */
	uint32_t protected_trailer_size;
	uint32_t minimum_ram_size;
	uint32_t binary_end_offset;    /* end of the integrity region; total_size without Program */
	uint32_t app_version;          /* 0 without Program */

	const uint8_t *package_name;   /* not NUL-terminated; NULL when absent */
	uint32_t package_name_len;

	const uint8_t *wfr;            /* last WFR TLV's value: wfr_count x {u32 offset, u32 size} */
	uint32_t wfr_count;

	bool has_fixed_addresses;
	uint32_t fixed_ram, fixed_flash; /* TBF_NOT_FIXED when not fixed (or no TLV) */

	const uint8_t *permissions;    /* raw 16-byte entries (value offset 2, unaligned); NULL = no TLV */
	uint32_t permission_count;

	bool has_storage;
	uint32_t storage_write_id;
	uint32_t storage_read_count, storage_modify_count;
	uint32_t storage_read_ids[TBF_MAX_STORAGE_IDS];
	uint32_t storage_modify_ids[TBF_MAX_STORAGE_IDS];

	bool has_kernel_version;
	uint16_t kernel_major, kernel_minor;

	bool has_short_id;
	uint32_t short_id;

	/* Tick IPC services TLV: ipc_services_len bytes of {u8 n; n bytes of name}..., every n
	 * >= 1 (checked); NULL when absent. */
	const uint8_t *ipc_services;
	uint32_t ipc_services_len;
	/* Tick IPC clients TLV, the same encoding: the package names of the only apps its
	 * services accept; NULL when absent (every app). */
	const uint8_t *ipc_clients;
	uint32_t ipc_clients_len;

	uint32_t tlv_count;            /* TLVs walked, including unknown ones */
};

/*
 * Parses the base header and all header TLVs of the TBF object at buf.
 * avail: bytes readable from buf (the rest of the flash region or file).
 * Returns TBF_OK and fills *out, or an error. Whenever the first 8 bytes carry version 2,
 * out->version, header_size and total_size are filled even on error, so a loader can skip
 * total_size bytes (see tbf_error_ends_list). Order of checks:
 *   avail < 8 or version != 2 or total_size < 16 -> TBF_END;
 *   header_size < 16 or > total_size -> TBF_BAD_HEADER_SIZE;
 *   total_size > avail -> TBF_TOO_SHORT;
 *   checksum -> TBF_BAD_CHECKSUM; then padding (header_size 16) -> TBF_OK, is_padding;
 *   then each TLV and the cross-field checks.
 */
enum tbf_error tbf_parse(const uint8_t *buf, size_t avail, struct tbf_header *out);

/* XOR of the little-endian words of hdr[0..header_size) except the word at offset 12.
 * A trailing partial word (header_size not a multiple of 4) is ignored, as in Tock. */
uint32_t tbf_header_checksum(const uint8_t *hdr, uint32_t header_size);

/* Bytes the process cannot write at the start of the object: header_size + trailer. The
 * app binary starts there. Only meaningful after tbf_parse returned TBF_OK. */
uint32_t tbf_protected_size(const struct tbf_header *h);

/* TBF_OK when the object, placed at tbf_addr, has its binary at the fixed flash address
 * (or has none); TBF_BAD_FIXED_ADDRESSES otherwise. */
enum tbf_error tbf_check_fixed_flash(const struct tbf_header *h, uint32_t tbf_addr);

/* Kernel compatibility: the TLV must exist, app major == kmajor and kminor >= app minor
 * (^major.minor). Returns TBF_OK or TBF_BAD_KERNEL_VERSION. */
enum tbf_error tbf_check_kernel_version(const struct tbf_header *h, uint16_t kmajor,
					uint16_t kminor);

/* i-th writeable flash region (offset from TBF start, size). False when i >= wfr_count. */
bool tbf_wfr(const struct tbf_header *h, uint32_t i, uint32_t *offset, uint32_t *size);

/* i-th raw permission entry. False when i >= permission_count. */
bool tbf_permission(const struct tbf_header *h, uint32_t i, uint32_t *driver, uint32_t *offset,
		    uint64_t *allowed);

/* Syscall filter: true when command `command` on `driver` is allowed. No Permissions TLV
 * allows everything; a driver not listed allows nothing; entries with offset o cover
 * commands 64*o .. 64*o+63 and entries for the same driver are OR-ed (see tbf_permits). */
bool tbf_permits_command(const struct tbf_header *h, uint32_t driver, uint32_t command);

/* Subscribe/allow filter: true when there is no Permissions TLV or the driver is listed. */
bool tbf_lists_driver(const struct tbf_header *h, uint32_t driver);

/* One credentials footer. data/len exclude the 4-byte format word. */
struct tbf_footer {
	uint32_t format;
	const uint8_t *data;
	uint32_t len;
	uint32_t offset;     /* of the footer's T/L word, from the TBF start */
};

/* Data bytes a credential format requires, 0 for Reserved/unknown (variable). */
uint32_t tbf_credential_size(uint32_t format);

/* Short name of a credential format ("SHA256", "EcdsaNistP256", ...), "unknown" otherwise. */
const char *tbf_credential_name(uint32_t format);

/*
 * Walks the footers in [binary_end_offset, total_size) of a parsed object.
 * tbf: the object's first byte (the same buffer tbf_parse accepted; total_size bytes readable).
 * *cursor: set it to 0 before the first call; it is advanced past each footer
 * (next = current + 4 + length, no rounding, as the Tock kernel does).
 * Returns TBF_OK with *out filled, TBF_END when no footer remains (also for objects without
 * a Program header, and for fewer than 8 trailing bytes, which is raw padding), or
 * TBF_BAD_FOOTER for a footer that is not type 128, is shorter than its format needs, or
 * runs past total_size. After TBF_BAD_FOOTER the walk cannot continue.
 */
enum tbf_error tbf_next_footer(const uint8_t *tbf, const struct tbf_header *h, uint32_t *cursor,
			       struct tbf_footer *out);

/* True when f is a SHA256 credential whose hash equals SHA-256 of tbf[0..binary_end_offset). */
bool tbf_sha256_matches(const uint8_t *tbf, const struct tbf_header *h,
			const struct tbf_footer *f);

/* Writes a padding object header (version 2, header_size 16, flags 0, valid checksum,
 * total_size = size) to out[0..16). size must be >= 16 for a valid padding object. */
void tbf_make_padding(uint8_t out[TBF_BASE_HEADER_SIZE], uint32_t size);

/* ACSL (docs/verification.md): tbf_le16 is the value tbf_rd16 reads. It is defined by an axiom
 * in a block of its own, over tbf_bits16 (the code's own expression), so that only tbf_rd16's
 * proof sees the bit operations (with them in the context Z3 gives up on every goal).
 * tbf_tlv_at(b, k) is where the k-th TLV of the header at b starts (the first at 16), each TLV
 * taking 4 bytes plus its length rounded up to a word; tbf_tlvs_fit(b, n, end): the first n
 * TLVs end at or before end. tbf_parsed is what tbf_parse establishes on TBF_OK and what the
 * relocation table parser relies on: the object is readable, the image lies between the
 * protected part and total_size, and the walk of tlv_count TLVs ends exactly at header_size
 * with every TLV inside it. */
/*@ axiomatic tbf_le16 {
      logic integer tbf_le16{L}(uint8_t *p) reads p[0 .. 1];
    }
    axiomatic tbf_le16_bits {
      logic integer tbf_bits16{L}(uint8_t *p) = (uint16_t)(p[0] | (uint32_t)p[1] << 8);
      axiom tbf_le16_def{L}: \forall uint8_t *p; tbf_le16(p) == tbf_bits16(p);
    }
    axiomatic tbf_le32 {
      logic integer tbf_le32{L}(uint8_t *p) reads p[0 .. 3];
    }
    axiomatic tbf_le32_bits {
      logic integer tbf_bits32{L}(uint8_t *p) = (uint32_t)p[0] | (uint32_t)((uint32_t)p[1] << 8) |
        (uint32_t)((uint32_t)p[2] << 16) | (uint32_t)((uint32_t)p[3] << 24);
      axiom tbf_le32_def{L}: \forall uint8_t *p; tbf_le32(p) == tbf_bits32(p);
    }
    logic integer tbf_tlv_next{L}(uint8_t *b, integer pos) =
      pos + 4 + (tbf_le16(b + pos + 2) + 3) / 4 * 4;
    logic integer tbf_tlv_at{L}(uint8_t *b, integer k) =
      k <= 0 ? TBF_BASE_HEADER_SIZE : tbf_tlv_next(b, tbf_tlv_at(b, k - 1));
    predicate tbf_tlvs_fit{L}(uint8_t *b, integer n, integer end) =
      \forall integer k; 0 <= k < n ==> tbf_tlv_at(b, k + 1) <= end;
    lemma tbf_tlvs_fit_next{L}: \forall uint8_t *b, integer n, end;
      0 <= n && tbf_tlvs_fit(b, n, end) && tbf_tlv_at(b, n + 1) <= end ==> tbf_tlvs_fit(b, n + 1, end);
    predicate tbf_parsed{L}(uint8_t *b, struct tbf_header *h) =
      \valid_read(h) && \valid_read(b + (0 .. h->total_size - 1)) &&
      TBF_BASE_HEADER_SIZE <= h->header_size &&
      h->header_size + h->protected_trailer_size <= h->binary_end_offset <= h->total_size &&
      tbf_tlv_at(b, h->tlv_count) == h->header_size && tbf_tlvs_fit(b, h->tlv_count, h->header_size); */

/* Little-endian byte readers (no alignment needed). always_inline: GCC's inliner counts the byte
 * loads, shifts and ors and leaves a call at dozens of sites, each longer than the code. */
/*@ requires \valid_read(p + (0 .. 1));
    assigns \nothing;
    ensures \result == tbf_le16(p); */
static inline __attribute__((always_inline)) uint16_t tbf_rd16(const uint8_t *p)
{
	//@ assert tbf_le16(p) == tbf_bits16(p);
	return (uint16_t)(p[0] | (uint32_t)p[1] << 8);   /* unsigned shift: no overflow to prove */
}

/*@ requires \valid_read(p + (0 .. 3));
    assigns \nothing;
    ensures \result == tbf_le32(p); */
static inline __attribute__((always_inline)) uint32_t tbf_rd32(const uint8_t *p)
{
	//@ assert tbf_le32(p) == tbf_bits32(p);
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* ACSL (docs/verification.md, proven in tests/verify/parsers.c): the Permissions TLV's value is
 * a u16 count and then count entries of 16 bytes, {u32 driver, u32 offset, u64 allowed}, all
 * little-endian (tbf_le32); bit k of allowed permits command 64 * offset + k of driver, and bit
 * k of a little-endian u64 is bit k % 32 of its 32-bit word k / 32 (tbf_perm_bit).
 * tbf_bit32(w, k) is bit k of w, defined as tbf_le16 is (an axiom in a block of its own, so that
 * only tbf_bit's proof sees the bit operations).
 * tbf_lists: some entry names the driver; tbf_allows: some entry of the driver permits cmd. */
/*@ axiomatic tbf_bit32 {
      predicate tbf_bit32(integer w, integer k);
    }
    axiomatic tbf_bit32_bits {
      predicate tbf_bits_test(integer w, integer k) = (w & (uint32_t)(1 << k)) != 0;
      axiom tbf_bit32_def: \forall integer w, k; tbf_bit32(w, k) <==> tbf_bits_test(w, k);
    }
    logic integer tbf_perm_driver{L}(uint8_t *e, integer i) = tbf_le32(e + 16 * i);
    logic integer tbf_perm_offset{L}(uint8_t *e, integer i) = tbf_le32(e + 16 * i + 4);
    predicate tbf_perm_bit{L}(uint8_t *e, integer i, integer k) =
      tbf_bit32(tbf_le32(e + 16 * i + 8 + k / 32 * 4), k % 32);
    predicate tbf_lists{L}(uint8_t *e, integer n, integer d) =
      \exists integer i; 0 <= i < n && tbf_perm_driver(e, i) == d;
    predicate tbf_allows{L}(uint8_t *e, integer n, integer d, integer c) =
      \exists integer i; 0 <= i < n && tbf_perm_driver(e, i) == d &&
        tbf_perm_offset(e, i) == c / 64 && tbf_perm_bit(e, i, c % 64); */

/* Bit k of w (k < 32), apart so that only its proof sees the bit operations. */
/*@ requires k < 32;
    assigns \nothing;
    ensures \result != 0 <==> tbf_bit32(w, k); */
static inline bool tbf_bit(uint32_t w, unsigned k)
{
	//@ assert tbf_bit32(w, k) <==> tbf_bits_test(w, k);
	return (w & (1u << k)) != 0;
}

/*
 * The TBF Permissions check, the one the kernel's system call filter and the tools share.
 * entries: count raw Permissions entries (TBF_PERMISSION_ENTRY_SIZE bytes each, unaligned), or
 * NULL when the app has no Permissions TLV: then everything is allowed. Otherwise subscribe and
 * allow (is_command false) need an entry for driver, and command cmd needs bit cmd % 64 set in
 * an entry for driver with offset cmd / 64 (entries of one driver are OR-ed).
 * Inline so that the kernel's filter costs no extra call on the command path.
 */
/*@ requires count <= 0xFFFF / TBF_PERMISSION_ENTRY_SIZE;
    requires entries == \null ||
      \valid_read(entries + (0 .. TBF_PERMISSION_ENTRY_SIZE * count - 1));
    assigns \nothing;
    behavior no_tlv:
      assumes entries == \null;
      ensures \result == 1;
    behavior subscribe_allow:
      assumes entries != \null && !is_command;
      ensures \result != 0 <==> tbf_lists(entries, count, driver);
    behavior command:
      assumes entries != \null && is_command;
      ensures \result != 0 <==> tbf_allows(entries, count, driver, cmd);
    complete behaviors;
    disjoint behaviors; */
static inline bool tbf_permits(const uint8_t *entries, uint32_t count, uint32_t driver,
			       bool is_command, uint32_t cmd)
{
	if (!entries)
		return true;
	bool listed = false;
	/*@ loop invariant 0 <= i <= count;
	    loop invariant !is_command ==> listed == 0 && !tbf_lists(entries, i, driver);
	    loop invariant is_command ==> !tbf_allows(entries, i, driver, cmd);
	    loop assigns i, listed;
	    loop variant count - i; */
	for (uint32_t i = 0; i < count; i++) {
		const uint8_t *e = entries + TBF_PERMISSION_ENTRY_SIZE * i;
		if (tbf_rd32(e) != driver)
			continue;
		listed = true;
		if (!is_command)
			return true;
		if (tbf_rd32(e + 4) == cmd / 64) {
			unsigned bit = cmd % 64;
			uint32_t word = tbf_rd32(e + 8 + (bit / 32) * 4);
			if (tbf_bit(word, bit % 32))
				return true;
		}
	}
	return listed && !is_command;
}

/*@ requires \valid(p + (0 .. 1));
    assigns p[0 .. 1]; */
static inline void tbf_wr16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

/*@ requires \valid(p + (0 .. 3));
    assigns p[0 .. 3]; */
static inline void tbf_wr32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

#endif
