/* TBF v2 header, TLV and footer parsing (freestanding; shared by the kernel and host tools). */
#include <tick/sha256.h>
#include <tick/tbf.h>

static const char *const error_text[TBF_ERROR_COUNT] = {
	[TBF_OK] = "ok",
	[TBF_END] = "no TBF object here (version is not 2, erased or zeroed memory, or total size "
		    "below 16): end of the app list",
	[TBF_TOO_SHORT] = "the data ends before the object does (total size or header size is larger "
			  "than the bytes available)",
	[TBF_BAD_HEADER_SIZE] = "header size is smaller than the 16-byte base header or larger "
				"than the total size",
	[TBF_BAD_TOTAL_SIZE] = "total size is smaller than the header plus its protected trailer",
	[TBF_BAD_CHECKSUM] = "header checksum does not match the XOR of the header words",
	[TBF_BAD_TLV] = "a header TLV runs past the end of the header",
	[TBF_BAD_MAIN] = "Main TLV is not 12 bytes long, or its entry point lies outside the "
			 "binary",
	[TBF_BAD_PROGRAM] = "Program TLV is not 20 bytes long, or its entry point or binary end "
			    "offset lies outside the object",
	[TBF_BAD_FIXED_ADDRESSES] = "FixedAddresses TLV is not 8 bytes long, or the binary is not "
				    "at the fixed flash address",
	[TBF_BAD_PERMISSIONS] = "Permissions TLV is shorter than its entry count says",
	[TBF_BAD_STORAGE] = "storage permissions TLV is malformed or lists more than 8 read or "
			    "modify ids",
	[TBF_BAD_KERNEL_VERSION] = "KernelVersion TLV is missing, not 4 bytes long, or asks for a "
				   "kernel version this kernel is not compatible with",
	[TBF_BAD_FOOTER] = "a footer is not a well-formed credentials TLV (type 128) inside the "
			   "object",
	[TBF_BAD_PACKAGE_NAME] = "package name is not valid UTF-8",
	[TBF_BAD_WFR] = "writeable flash regions TLV length is not a multiple of 8, or a region "
			"lies outside the binary",
	[TBF_BAD_SHORT_ID] = "ShortId TLV is not 4 bytes long",
};

const char *tbf_error_str(enum tbf_error err)
{
	if ((unsigned)err >= TBF_ERROR_COUNT || error_text[err] == NULL)
		return "unknown TBF error";
	return error_text[err];
}

bool tbf_error_ends_list(enum tbf_error err)
{
	return err == TBF_END || err == TBF_TOO_SHORT;
}

/* ACSL (docs/verification.md, proven in tests/verify/parsers.c): every pointer a parsed header
 * holds can be read for the length it comes with; the counts are bounded by a TLV's 16-bit
 * length. A zero count makes its range empty, so a cleared header satisfies it. */
/*@ predicate tbf_ptrs_ok(struct tbf_header *h) =
      h->wfr_count <= 0xFFFF / 8 && \valid_read(h->wfr + (0 .. 8 * h->wfr_count - 1)) &&
      h->permission_count <= 0xFFFF / TBF_PERMISSION_ENTRY_SIZE &&
      \valid_read(h->permissions + (0 .. TBF_PERMISSION_ENTRY_SIZE * h->permission_count - 1)) &&
      \valid_read(h->package_name + (0 .. h->package_name_len - 1)) &&
      \valid_read(h->ipc_services + (0 .. h->ipc_services_len - 1)) &&
      \valid_read(h->ipc_clients + (0 .. h->ipc_clients_len - 1)); */

/* header_size: at most 16 bits' worth (every caller passes a header_size field); far larger
 * values would let off + 4 wrap. */
/*@ requires header_size <= 0xFFFF && \valid_read(hdr + (0 .. header_size - 1));
    assigns \nothing; */
uint32_t tbf_header_checksum(const uint8_t *hdr, uint32_t header_size)
{
	uint32_t sum = 0;

	/*@ loop invariant off <= header_size && off % 4 == 0;
	    loop assigns off, sum;
	    loop variant header_size - off; */
	for (uint32_t off = 0; off + 4 <= header_size; off += 4) {
		if (off != 12)
			sum ^= tbf_rd32(hdr + off);
	}
	return sum;
}

/* Well-formed UTF-8 (Unicode table 3-7): no overlongs, surrogates or values past U+10FFFF. */
/*@ requires \valid_read(s + (0 .. len - 1));
    assigns \nothing; */
static bool utf8_valid(const uint8_t *s, uint32_t len)
{
	uint32_t i = 0;

	/*@ loop invariant i <= len;
	    loop assigns i;
	    loop variant len - i; */
	while (i < len) {
		uint8_t c = s[i];
		uint32_t extra;
		uint8_t lo = 0x80, hi = 0xBF; /* allowed range of the first continuation byte */

		if (c < 0x80) {
			i++;
			continue;
		} else if (c >= 0xC2 && c <= 0xDF) {
			extra = 1;
		} else if (c >= 0xE0 && c <= 0xEF) {
			extra = 2;
			if (c == 0xE0)
				lo = 0xA0;
			if (c == 0xED)
				hi = 0x9F;
		} else if (c >= 0xF0 && c <= 0xF4) {
			extra = 3;
			if (c == 0xF0)
				lo = 0x90;
			if (c == 0xF4)
				hi = 0x8F;
		} else {
			return false;
		}
		if (len - i <= extra)
			return false;
		if (s[i + 1] < lo || s[i + 1] > hi)
			return false;
		/*@ loop invariant 2 <= k <= extra + 1;
		    loop assigns k;
		    loop variant extra + 1 - k; */
		for (uint32_t k = 2; k <= extra; k++) {
			if (s[i + k] < 0x80 || s[i + k] > 0xBF)
				return false;
		}
		i += extra + 1;
	}
	return true;
}

/* Proven (tests/verify/parsers.c): one struct assignment, which WP's typed memory model follows
 * field by field (the byte-wise loop it replaces went through a uint8_t * cast it cannot).
 * GCC emits it as a memset and two stores, as small as the loop was. */
/*@ requires \valid(h);
    assigns *h;
    ensures h->wfr_count == 0 && h->permission_count == 0 && h->package_name_len == 0;
    ensures h->ipc_services_len == 0 && h->ipc_clients_len == 0;
    ensures h->has_main == 0 && h->has_program == 0 && h->tlv_count == 0;
    ensures h->protected_trailer_size == 0; */
static void clear_header(struct tbf_header *h)
{
	*h = (struct tbf_header){ 0 };
	h->fixed_ram = TBF_NOT_FIXED;
	h->fixed_flash = TBF_NOT_FIXED;
	/* Already zero: GCC drops these stores after the memset; they state the contract's fields
	 * for the provers, which do not see through the copy of a 38-field struct in time. */
	h->wfr_count = h->permission_count = h->package_name_len = 0;
	h->ipc_services_len = h->ipc_clients_len = h->tlv_count = h->protected_trailer_size = 0;
	h->has_main = h->has_program = false;
}

/* Storage permissions value: u32 write_id, u16 nread, nread x u32, u16 nmodify, nmodify x u32.
 * The whole value must be consumed exactly (trailing bytes mean the counts are wrong). */
/*@ requires \valid(h) && \valid_read(v + (0 .. len - 1)) && \separated(h, v + (0 .. len - 1));
    assigns h->storage_write_id, h->storage_read_ids[0 .. TBF_MAX_STORAGE_IDS - 1],
            h->storage_read_count, h->storage_modify_ids[0 .. TBF_MAX_STORAGE_IDS - 1],
            h->storage_modify_count, h->has_storage; */
static enum tbf_error parse_storage(const uint8_t *v, uint32_t len, struct tbf_header *h)
{
	uint32_t pos = 0, n;

	if (len < 6)
		return TBF_BAD_STORAGE;
	h->storage_write_id = tbf_rd32(v);
	n = tbf_rd16(v + 4);
	pos = 6;
	if (n > TBF_MAX_STORAGE_IDS || (uint64_t)pos + 4u * n + 2u > len)
		return TBF_BAD_STORAGE;
	/*@ loop invariant 0 <= i <= n;
	    loop assigns i, h->storage_read_ids[0 .. TBF_MAX_STORAGE_IDS - 1];
	    loop variant n - i; */
	for (uint32_t i = 0; i < n; i++)
		h->storage_read_ids[i] = tbf_rd32(v + pos + 4 * i);
	h->storage_read_count = n;
	pos += 4 * n;
	n = tbf_rd16(v + pos);
	pos += 2;
	if (n > TBF_MAX_STORAGE_IDS || (uint64_t)pos + 4u * n != len)
		return TBF_BAD_STORAGE;
	/*@ loop invariant 0 <= i <= n;
	    loop assigns i, h->storage_modify_ids[0 .. TBF_MAX_STORAGE_IDS - 1];
	    loop variant n - i; */
	for (uint32_t i = 0; i < n; i++)
		h->storage_modify_ids[i] = tbf_rd32(v + pos + 4 * i);
	h->storage_modify_count = n;
	h->has_storage = true;
	return TBF_OK;
}

/* Handles one header TLV; v points at its value of len bytes (already bounds-checked). */
/*@ requires valid: \valid(h) && \valid(main_v) && len <= 0xFFFF && \valid_read(v + (0 .. len - 1));
    requires sep: \separated(h, main_v, v + (0 .. len - 1));
    requires ptrs: tbf_ptrs_ok(h) && (*main_v == \null || \valid_read(*main_v + (0 .. TBF_MAIN_LEN - 1)));
    requires flags: (*main_v == \null || h->has_main) && (h->protected_trailer_size == 0 || h->has_main || h->has_program);
    assigns *main_v, h->has_main, h->has_program, h->init_fn_offset, h->protected_trailer_size,
            h->minimum_ram_size, h->binary_end_offset, h->app_version, h->wfr, h->wfr_count,
            h->package_name, h->package_name_len, h->has_fixed_addresses, h->fixed_ram,
            h->fixed_flash, h->permissions, h->permission_count, h->storage_write_id,
            h->storage_read_ids[0 .. TBF_MAX_STORAGE_IDS - 1], h->storage_read_count,
            h->storage_modify_ids[0 .. TBF_MAX_STORAGE_IDS - 1], h->storage_modify_count,
            h->has_storage, h->has_kernel_version, h->kernel_major, h->kernel_minor,
            h->has_short_id, h->short_id, h->ipc_services, h->ipc_services_len,
            h->ipc_clients, h->ipc_clients_len;
    ensures tbf_ptrs_ok(h) && (*main_v == \null || \valid_read(*main_v + (0 .. TBF_MAIN_LEN - 1)));
    ensures flags: (*main_v == \null || h->has_main) && (h->protected_trailer_size == 0 || h->has_main || h->has_program); */
static enum tbf_error parse_tlv(uint16_t type, const uint8_t *v, uint32_t len, struct tbf_header *h,
				const uint8_t **main_v)
{
	switch (type) {
	case TBF_TLV_MAIN:
		/* First Main wins; a later one is ignored even when malformed, as in Tock. */
		if (*main_v == NULL) {
			if (len != TBF_MAIN_LEN)
				return TBF_BAD_MAIN;
			*main_v = v;
			h->has_main = true;
		}
		break;
	case TBF_TLV_PROGRAM:
		if (!h->has_program) {
			if (len != TBF_PROGRAM_LEN)
				return TBF_BAD_PROGRAM;
			h->has_program = true;
			h->init_fn_offset = tbf_rd32(v);
			h->protected_trailer_size = tbf_rd32(v + 4);
			h->minimum_ram_size = tbf_rd32(v + 8);
			h->binary_end_offset = tbf_rd32(v + 12);
			h->app_version = tbf_rd32(v + 16);
		}
		break;
	case TBF_TLV_WRITEABLE_FLASH_REGIONS:
		/* Only the last WFR TLV counts, as in the Tock kernel. */
		if (len % 8 != 0)
			return TBF_BAD_WFR;
		h->wfr = v;
		h->wfr_count = len / 8;
		break;
	case TBF_TLV_PACKAGE_NAME:
		if (!utf8_valid(v, len))
			return TBF_BAD_PACKAGE_NAME;
		h->package_name = v;
		h->package_name_len = len;
		break;
	case TBF_TLV_FIXED_ADDRESSES:
		if (len != TBF_FIXED_ADDRESSES_LEN)
			return TBF_BAD_FIXED_ADDRESSES;
		h->has_fixed_addresses = true;
		h->fixed_ram = tbf_rd32(v);
		h->fixed_flash = tbf_rd32(v + 4);
		break;
	case TBF_TLV_PERMISSIONS: {
		if (len < 2)
			return TBF_BAD_PERMISSIONS;
		uint32_t count = tbf_rd16(v);
		if (2u + (uint64_t)count * TBF_PERMISSION_ENTRY_SIZE > len)
			return TBF_BAD_PERMISSIONS;
		h->permissions = v + 2;
		h->permission_count = count;
		break;
	}
	case TBF_TLV_STORAGE_PERMISSIONS:
		h->storage_read_count = 0;
		h->storage_modify_count = 0;
		return parse_storage(v, len, h);
	case TBF_TLV_KERNEL_VERSION:
		if (len != TBF_KERNEL_VERSION_LEN)
			return TBF_BAD_KERNEL_VERSION;
		h->has_kernel_version = true;
		h->kernel_major = tbf_rd16(v);
		h->kernel_minor = tbf_rd16(v + 2);
		break;
	case TBF_TLV_SHORT_ID:
		if (len != TBF_SHORT_ID_LEN)
			return TBF_BAD_SHORT_ID;
		h->has_short_id = true;
		h->short_id = tbf_rd32(v);
		break;
	default:
		/* Tick's IPC TLVs, here so that the switch over Tock's types stays one table:
		 * {u8 n; n name bytes}..., exactly filling the value. */
		if ((uint16_t)(type - TBF_TLV_TICK_IPC_SERVICES) < 2u) {
			/*@ loop invariant at <= len;
			    loop assigns at;
			    loop variant len - at; */
			for (uint32_t at = 0; at < len; at += 1u + v[at])
				if (v[at] == 0 || v[at] > len - at - 1u)
					return TBF_BAD_TLV;
			if (type == TBF_TLV_TICK_IPC_SERVICES) {
				h->ipc_services = v;
				h->ipc_services_len = len;
			} else {
				h->ipc_clients = v;
				h->ipc_clients_len = len;
			}
		}
		/* Unknown and obsolete types (PIC option 1, other out-of-tree bit-15 types) are
		 * skipped. */
		break;
	}
	return TBF_OK;
}

/* Fills the Main/Program derived fields and checks they stay inside the object. */
/*@ requires \valid(h) && (main_v == \null || \valid_read(main_v + (0 .. TBF_MAIN_LEN - 1)));
    requires main_v == \null || h->has_main;
    assigns h->binary_end_offset, h->app_version, h->init_fn_offset, h->protected_trailer_size,
            h->minimum_ram_size;
    ensures image: \result == TBF_OK ==>
      h->header_size + h->protected_trailer_size <= h->binary_end_offset <= h->total_size ||
      (!h->has_main && !h->has_program && h->binary_end_offset == h->total_size &&
       h->protected_trailer_size == \old(h->protected_trailer_size)); */
static enum tbf_error settle_program(struct tbf_header *h, const uint8_t *main_v)
{
	enum tbf_error bad = h->has_program ? TBF_BAD_PROGRAM : TBF_BAD_MAIN;

	if (!h->has_program) {
		h->binary_end_offset = h->total_size;
		h->app_version = 0;
		if (main_v != NULL) {
			h->init_fn_offset = tbf_rd32(main_v);
			h->protected_trailer_size = tbf_rd32(main_v + 4);
			h->minimum_ram_size = tbf_rd32(main_v + 8);
		}
	}
	if (!h->has_program && !h->has_main)
		return TBF_OK; /* not runnable, but not malformed either: no entry to check */

	uint64_t protected_end = (uint64_t)h->header_size + h->protected_trailer_size;
	uint64_t entry = (uint64_t)h->header_size + h->init_fn_offset;
	if (protected_end > h->total_size)
		return TBF_BAD_TOTAL_SIZE;
	if (h->binary_end_offset < protected_end || h->binary_end_offset > h->total_size)
		return TBF_BAD_PROGRAM; /* only Program carries binary_end_offset */
	if (entry < protected_end || entry >= h->binary_end_offset)
		return bad;
	return TBF_OK;
}

/* Proven (tests/verify/parsers.c): no runtime error for any avail bytes at buf, and on TBF_OK
 * every pointer in *out is readable for its length. */
/*@ requires \valid(out) && (buf == \null || \valid_read(buf + (0 .. avail - 1)));
    requires buf != \null ==> \separated(out, buf + (0 .. avail - 1));
    assigns *out;
    ensures sizes: \result == TBF_OK ==> TBF_BASE_HEADER_SIZE <= out->header_size <= out->total_size <= avail;
    ensures readable: \result == TBF_OK ==> \valid_read(buf + (0 .. out->total_size - 1));
    ensures ptrs: \result == TBF_OK ==> tbf_ptrs_ok(out);
    ensures image: \result == TBF_OK ==>
      out->header_size + out->protected_trailer_size <= out->binary_end_offset <= out->total_size;
    ensures walk: \result == TBF_OK ==> tbf_tlv_at(buf, out->tlv_count) == out->header_size;
    ensures framed: \result == TBF_OK ==> tbf_tlvs_fit(buf, out->tlv_count, out->header_size); */
enum tbf_error tbf_parse(const uint8_t *buf, size_t avail, struct tbf_header *out)
{
	const uint8_t *main_v = NULL;
	enum tbf_error err;

	clear_header(out);
	if (buf == NULL || avail < 8)
		return TBF_END;
	out->version = tbf_rd16(buf);
	if (out->version != 2)
		return TBF_END;
	out->header_size = tbf_rd16(buf + 2);
	out->total_size = tbf_rd32(buf + 4);
	/* A total size below one base header would never advance a scan: treat as the end. */
	if (out->total_size < TBF_BASE_HEADER_SIZE)
		return TBF_END;
	if (out->header_size < TBF_BASE_HEADER_SIZE || out->header_size > out->total_size)
		return TBF_BAD_HEADER_SIZE;
	if (out->total_size > avail)
		return TBF_TOO_SHORT;

	out->flags = tbf_rd32(buf + 8);
	out->checksum = tbf_rd32(buf + 12);
	if (tbf_header_checksum(buf, out->header_size) != out->checksum)
		return TBF_BAD_CHECKSUM;

	if (out->header_size == TBF_BASE_HEADER_SIZE) {
		out->is_padding = true;
		out->binary_end_offset = out->total_size;
		//@ assert tbf_ptrs_ok(out);
		//@ assert tbf_tlv_at(buf, out->tlv_count) == out->header_size;
		//@ assert tbf_tlvs_fit(buf, out->tlv_count, out->header_size);
		return TBF_OK;
	}

	uint32_t pos = TBF_BASE_HEADER_SIZE;
	/*@ loop invariant TBF_BASE_HEADER_SIZE <= pos <= out->header_size <= out->total_size <= avail;
	    loop invariant tbf_ptrs_ok(out) && (main_v == \null || \valid_read(main_v + (0 .. TBF_MAIN_LEN - 1)));
	    loop invariant walk: out->tlv_count <= pos && pos == tbf_tlv_at(buf, out->tlv_count);
	    loop invariant framed: tbf_tlvs_fit(buf, out->tlv_count, out->header_size);
	    loop invariant flags: (main_v == \null || out->has_main) &&
	      (out->protected_trailer_size == 0 || out->has_main || out->has_program);
	    loop assigns pos, err, main_v, *out; */
	while (pos < out->header_size) {
		if (out->header_size - pos < 4)
			return TBF_BAD_TLV;
		uint16_t type = tbf_rd16(buf + pos);
		uint32_t len = tbf_rd16(buf + pos + 2);
		uint32_t padded = (len + 3u) / 4u * 4u;   /* & ~3: the same code, simpler to prove */
		//@ assert len: len == tbf_le16(buf + pos + 2);
		//@ assert padded: padded == (len + 3) / 4 * 4;
		//@ assert next1: tbf_tlv_at(buf, out->tlv_count + 1) == tbf_tlv_next(buf, pos);
		//@ assert next: tbf_tlv_at(buf, out->tlv_count + 1) == pos + 4 + padded;
		pos += 4;
		/* The value and its alignment padding must both fit inside the header. */
		if (padded > (uint32_t)out->header_size - pos)
			return TBF_BAD_TLV;
		//@ assert fits: tbf_tlv_at(buf, out->tlv_count + 1) <= out->header_size;
		err = parse_tlv(type, buf + pos, len, out, &main_v);
		if (err != TBF_OK)
			return err;
		out->tlv_count++;
		pos += padded;
		//@ assert step: pos == \at(pos, LoopCurrent) + 4 + padded && out->tlv_count == \at(out->tlv_count, LoopCurrent) + 1;
		//@ assert walked: pos == tbf_tlv_at(buf, out->tlv_count);
		//@ assert fit: tbf_tlvs_fit(buf, out->tlv_count, out->header_size);
	}

	err = settle_program(out, main_v);
	if (err != TBF_OK)
		return err;
	//@ assert tbf_ptrs_ok(out);
	//@ assert image: out->header_size + out->protected_trailer_size <= out->binary_end_offset <= out->total_size;

	/*@ loop invariant 0 <= i <= out->wfr_count;
	    loop assigns i;
	    loop variant out->wfr_count - i; */
	for (uint32_t i = 0; i < out->wfr_count; i++) {
		uint32_t off = tbf_rd32(out->wfr + 8 * i), size = tbf_rd32(out->wfr + 8 * i + 4);
		if ((uint64_t)off + size > out->binary_end_offset)
			return TBF_BAD_WFR;
	}
	//@ assert walked: tbf_tlv_at(buf, out->tlv_count) == out->header_size;
	//@ assert fit: tbf_tlvs_fit(buf, out->tlv_count, out->header_size);
	//@ assert image: out->header_size + out->protected_trailer_size <= out->binary_end_offset <= out->total_size;
	return TBF_OK;
}

/*@ requires \valid_read(h);
    assigns \nothing;
    ensures h->header_size + h->protected_trailer_size <= 0xFFFFFFFF ==>
      \result == h->header_size + h->protected_trailer_size; */
uint32_t tbf_protected_size(const struct tbf_header *h)
{
	return (uint32_t)h->header_size + h->protected_trailer_size;
}

enum tbf_error tbf_check_fixed_flash(const struct tbf_header *h, uint32_t tbf_addr)
{
	if (!h->has_fixed_addresses || h->fixed_flash == TBF_NOT_FIXED)
		return TBF_OK;
	if ((uint64_t)tbf_addr + tbf_protected_size(h) != h->fixed_flash)
		return TBF_BAD_FIXED_ADDRESSES;
	return TBF_OK;
}

enum tbf_error tbf_check_kernel_version(const struct tbf_header *h, uint16_t kmajor,
					uint16_t kminor)
{
	if (!h->has_kernel_version || h->kernel_major != kmajor || kminor < h->kernel_minor)
		return TBF_BAD_KERNEL_VERSION;
	return TBF_OK;
}

/*@ requires \valid_read(h) && tbf_ptrs_ok(h) && \valid(offset) && \valid(size);
    requires \separated(offset, size, h);
    assigns *offset, *size; */
bool tbf_wfr(const struct tbf_header *h, uint32_t i, uint32_t *offset, uint32_t *size)
{
	if (h->wfr == NULL || i >= h->wfr_count)
		return false;
	*offset = tbf_rd32(h->wfr + 8 * i);
	*size = tbf_rd32(h->wfr + 8 * i + 4);
	return true;
}

/*@ requires \valid_read(h) && tbf_ptrs_ok(h) && \valid(driver) && \valid(offset) && \valid(allowed);
    requires \separated(driver, offset, allowed, h);
    assigns *driver, *offset, *allowed; */
bool tbf_permission(const struct tbf_header *h, uint32_t i, uint32_t *driver, uint32_t *offset,
		    uint64_t *allowed)
{
	if (h->permissions == NULL || i >= h->permission_count)
		return false;
	const uint8_t *e = h->permissions + TBF_PERMISSION_ENTRY_SIZE * i;
	*driver = tbf_rd32(e);
	*offset = tbf_rd32(e + 4);
	*allowed = (uint64_t)tbf_rd32(e + 8) | (uint64_t)tbf_rd32(e + 12) << 32;
	return true;
}

/* Proven (tests/verify/parsers.c): for a header tbf_parse accepted, the Permissions TLV's answer. */
/*@ requires \valid_read(h) && tbf_ptrs_ok(h);
    assigns \nothing;
    ensures \result != 0 <==> h->permissions == \null ||
      tbf_allows(h->permissions, h->permission_count, driver, command); */
bool tbf_permits_command(const struct tbf_header *h, uint32_t driver, uint32_t command)
{
	return tbf_permits(h->permissions, h->permission_count, driver, true, command);
}

/*@ requires \valid_read(h) && tbf_ptrs_ok(h);
    assigns \nothing;
    ensures \result != 0 <==> h->permissions == \null ||
      tbf_lists(h->permissions, h->permission_count, driver); */
bool tbf_lists_driver(const struct tbf_header *h, uint32_t driver)
{
	return tbf_permits(h->permissions, h->permission_count, driver, false, 0);
}

/*@ assigns \nothing; */
uint32_t tbf_credential_size(uint32_t format)
{
	switch (format) {
	case TBF_CRED_RSA3072: return 768;
	case TBF_CRED_RSA4096: return 1024;
	case TBF_CRED_SHA256: return 32;
	case TBF_CRED_SHA384: return 48;
	case TBF_CRED_SHA512: return 64;
	case TBF_CRED_ECDSA_P256: return 64;
	case TBF_CRED_HMAC_SHA256: return 32;
	case TBF_CRED_RSA2048: return 256;
	case TBF_CRED_CLEARTEXT_ID: return 8;
	default: return 0;
	}
}

const char *tbf_credential_name(uint32_t format)
{
	switch (format) {
	case TBF_CRED_RESERVED: return "Reserved";
	case TBF_CRED_RSA3072: return "Rsa3072Key";
	case TBF_CRED_RSA4096: return "Rsa4096Key";
	case TBF_CRED_SHA256: return "SHA256";
	case TBF_CRED_SHA384: return "SHA384";
	case TBF_CRED_SHA512: return "SHA512";
	case TBF_CRED_ECDSA_P256: return "EcdsaNistP256";
	case TBF_CRED_HMAC_SHA256: return "HmacSha256";
	case TBF_CRED_RSA2048: return "Rsa2048";
	case TBF_CRED_CLEARTEXT_ID: return "CleartextId";
	default: return "unknown";
	}
}

/* Proven (tests/verify/parsers.c): no runtime error for any bytes of the object and any cursor. */
/*@ requires \valid_read(h) && \valid_read(tbf + (0 .. h->total_size - 1));
    requires \valid(cursor) && \valid(out) && \separated(cursor, out, h);
    assigns *cursor, *out; */
enum tbf_error tbf_next_footer(const uint8_t *tbf, const struct tbf_header *h, uint32_t *cursor,
			       struct tbf_footer *out)
{
	/* Without a Program header the binary runs to total_size: there is no footer space. */
	if (!h->has_program || h->is_padding)
		return TBF_END;
	uint32_t cur = *cursor == 0 ? h->binary_end_offset : *cursor;
	if (cur < h->binary_end_offset || cur >= h->total_size)
		return TBF_END;
	/* Fewer bytes than a credential's T/L plus format word: trailing raw padding. */
	if (h->total_size - cur < 8)
		return TBF_END;

	uint16_t type = tbf_rd16(tbf + cur);
	uint32_t len = tbf_rd16(tbf + cur + 2);
	if (type != TBF_TLV_CREDENTIALS || len < 4 || len > h->total_size - cur - 4)
		return TBF_BAD_FOOTER;
	out->offset = cur;
	out->format = tbf_rd32(tbf + cur + 4);
	out->data = tbf + cur + 8;
	out->len = len - 4;
	if (out->len < tbf_credential_size(out->format))
		return TBF_BAD_FOOTER;
	*cursor = cur + 4 + len;
	return TBF_OK;
}

/* Proven (tests/verify/sha.c): no runtime error for any object bytes and footer. */
/*@ requires \valid_read(h) && \valid_read(f) && \valid_read(tbf + (0 .. h->total_size - 1));
    requires \valid_read(f->data + (0 .. f->len - 1));
    assigns \nothing; */
bool tbf_sha256_matches(const uint8_t *tbf, const struct tbf_header *h,
			const struct tbf_footer *f)
{
	uint8_t digest[SHA256_DIGEST_SIZE];
	uint8_t diff = 0;

	if (f->format != TBF_CRED_SHA256 || f->len < SHA256_DIGEST_SIZE ||
	    h->binary_end_offset > h->total_size)
		return false;
	sha256(tbf, h->binary_end_offset, digest);
	/*@ loop invariant 0 <= i <= SHA256_DIGEST_SIZE;
	    loop assigns i, diff;
	    loop variant SHA256_DIGEST_SIZE - i; */
	for (unsigned i = 0; i < SHA256_DIGEST_SIZE; i++)
		diff |= (uint8_t)(digest[i] ^ f->data[i]);
	return diff == 0;
}

void tbf_make_padding(uint8_t out[TBF_BASE_HEADER_SIZE], uint32_t size)
{
	tbf_wr16(out, 2);
	tbf_wr16(out + 2, TBF_BASE_HEADER_SIZE);
	tbf_wr32(out + 4, size);
	tbf_wr32(out + 8, 0);
	tbf_wr32(out + 12, 0);
	tbf_wr32(out + 12, tbf_header_checksum(out, TBF_BASE_HEADER_SIZE));
}
