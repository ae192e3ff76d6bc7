/* Builds TBF headers (base + TLVs, elf2tab's TLV order) and footers on the host. */
#include "tbfwrite.h"

#include <string.h>

#include <tick/tbf.h>

void tbf_spec_allow(struct tbf_spec *s, uint32_t driver, uint32_t command)
{
	uint32_t offset = command / 64;
	uint64_t bit = (uint64_t)1 << (command % 64);

	for (uint32_t i = 0; i < s->perm_count; i++) {
		if (s->perms[i].driver == driver && s->perms[i].offset == offset) {
			s->perms[i].allowed |= bit;
			return;
		}
	}
	if (s->perm_count == TBFW_MAX_PERMS)
		die("too many permission entries (at most %d driver/window pairs)", TBFW_MAX_PERMS);
	s->perms[s->perm_count++] = (struct tbfw_perm){driver, offset, bit};
}

static uint32_t name_len(const struct tbf_spec *s)
{
	return s->package_name ? (uint32_t)strlen(s->package_name) : 0;
}

static void tlv(struct buf *b, uint16_t type, uint32_t len)
{
	if (len > 0xFFFF)
		die("TLV type %u is too long (%u bytes; the limit is 65535)", type, len);
	buf_u16(b, type);
	buf_u16(b, (uint16_t)len);
}

/* Value bytes of a Tick names TLV (IPC services, IPC clients): {u8 n; n bytes}... */
static uint32_t names_len(const char *const *names, uint32_t count)
{
	uint32_t n = 0;
	for (uint32_t i = 0; i < count; i++)
		n += 1 + (uint32_t)strlen(names[i]);
	return n;
}

/* Appends a names TLV, padded to 4 bytes. */
static void names_emit(struct buf *out, uint16_t type, const char *const *names, uint32_t count)
{
	size_t at = out->len;
	tlv(out, type, names_len(names, count));
	for (uint32_t i = 0; i < count; i++) {
		size_t n = strlen(names[i]);
		buf_u8(out, (uint8_t)n);
		buf_append(out, (const uint8_t *)names[i], n);
	}
	buf_zeros(out, align_up(out->len - at, 4) - (out->len - at));
}

uint32_t tbf_spec_header_len(const struct tbf_spec *s)
{
	uint32_t n = 16 + (4 + TBF_MAIN_LEN) + (4 + TBF_PROGRAM_LEN);

	if (name_len(s))
		n += (uint32_t)align_up(4 + name_len(s), 4);
	n += s->wfr_count * 12;
	if (s->fixed)
		n += 12;
	if (s->perm_count)
		n += 4 + 2 + 16 * s->perm_count + 2; /* 2 bytes of padding restore alignment */
	if (s->storage)
		n += 4 + 4 + 2 + 4 * s->read_count + 2 + 4 * s->modify_count;
	if (s->kernel_version)
		n += 8;
	if (s->short_id)
		n += 8;
	if (s->extra_type)
		n += 4 + (uint32_t)align_up(s->extra_len, 4);
	if (s->ipc_service_count)
		n += (uint32_t)align_up(4 + names_len(s->ipc_services, s->ipc_service_count), 4);
	if (s->ipc_client_count)
		n += (uint32_t)align_up(4 + names_len(s->ipc_clients, s->ipc_client_count), 4);
	return (uint32_t)align_up(n, 4);
}


void tbf_spec_emit(const struct tbf_spec *s, uint32_t total_size, struct buf *out)
{
	uint32_t hlen = tbf_spec_header_len(s);
	size_t start = out->len;

	if (hlen > 0xFFFF)
		die("TBF header would be %u bytes; the limit is 65535", hlen);
	buf_u16(out, 2);
	buf_u16(out, (uint16_t)hlen);
	buf_u32(out, total_size);
	buf_u32(out, s->flags);
	buf_u32(out, 0); /* checksum, filled below */

	tlv(out, TBF_TLV_MAIN, TBF_MAIN_LEN);
	buf_u32(out, s->init_fn_offset);
	buf_u32(out, s->protected_trailer_size);
	buf_u32(out, s->minimum_ram_size);

	tlv(out, TBF_TLV_PROGRAM, TBF_PROGRAM_LEN);
	buf_u32(out, s->init_fn_offset);
	buf_u32(out, s->protected_trailer_size);
	buf_u32(out, s->minimum_ram_size);
	buf_u32(out, s->binary_end_offset);
	buf_u32(out, s->app_version);

	if (name_len(s)) {
		tlv(out, TBF_TLV_PACKAGE_NAME, name_len(s));
		buf_append(out, s->package_name, name_len(s));
		buf_zeros(out, align_up(name_len(s), 4) - name_len(s));
	}
	for (uint32_t i = 0; i < s->wfr_count; i++) {
		tlv(out, TBF_TLV_WRITEABLE_FLASH_REGIONS, 8);
		buf_u32(out, s->wfr[i][0]);
		buf_u32(out, s->wfr[i][1]);
	}
	if (s->fixed) {
		tlv(out, TBF_TLV_FIXED_ADDRESSES, TBF_FIXED_ADDRESSES_LEN);
		buf_u32(out, s->fixed_ram);
		buf_u32(out, s->fixed_flash);
	}
	if (s->perm_count) {
		tlv(out, TBF_TLV_PERMISSIONS, 2 + 16 * s->perm_count);
		buf_u16(out, (uint16_t)s->perm_count);
		for (uint32_t i = 0; i < s->perm_count; i++) {
			buf_u32(out, s->perms[i].driver);
			buf_u32(out, s->perms[i].offset);
			buf_u64(out, s->perms[i].allowed);
		}
		buf_zeros(out, 2);
	}
	if (s->storage) {
		tlv(out, TBF_TLV_STORAGE_PERMISSIONS, 4 + 2 + 4 * s->read_count + 2 + 4 * s->modify_count);
		buf_u32(out, s->write_id);
		buf_u16(out, (uint16_t)s->read_count);
		for (uint32_t i = 0; i < s->read_count; i++)
			buf_u32(out, s->read_ids[i]);
		buf_u16(out, (uint16_t)s->modify_count);
		for (uint32_t i = 0; i < s->modify_count; i++)
			buf_u32(out, s->modify_ids[i]);
	}
	if (s->kernel_version) {
		tlv(out, TBF_TLV_KERNEL_VERSION, TBF_KERNEL_VERSION_LEN);
		buf_u16(out, s->kernel_major);
		buf_u16(out, s->kernel_minor);
	}
	if (s->short_id) {
		tlv(out, TBF_TLV_SHORT_ID, TBF_SHORT_ID_LEN);
		buf_u32(out, s->short_id_value);
	}
	if (s->ipc_service_count)
		names_emit(out, TBF_TLV_TICK_IPC_SERVICES, s->ipc_services, s->ipc_service_count);
	if (s->ipc_client_count)
		names_emit(out, TBF_TLV_TICK_IPC_CLIENTS, s->ipc_clients, s->ipc_client_count);
	if (s->extra_type) {
		tlv(out, s->extra_type, s->extra_len);
		buf_append(out, s->extra, s->extra_len);
		buf_zeros(out, align_up(s->extra_len, 4) - s->extra_len);
	}
	buf_zeros(out, start + hlen - out->len);
	tbf_fix_checksum(out->data + start);
}

void tbf_footer_emit(struct buf *out, uint32_t format, const uint8_t *data, uint32_t n)
{
	tlv(out, TBF_TLV_CREDENTIALS, 4 + n);
	buf_u32(out, format);
	buf_append(out, data, n);
}

void tbf_footer_reserved(struct buf *out, uint32_t space)
{
	/* Largest chunk whose TLV length (space - 4) fits in 16 bits and keeps 4-byte steps. */
	const uint32_t max_chunk = 0xFFFC;

	while (space >= 8) {
		uint32_t chunk = space;
		/* Leave at least 8 bytes for the next chunk, never a stub that cannot hold a TLV. */
		if (chunk - 4 > 0xFFFF)
			chunk = space - max_chunk < 8 ? max_chunk - 8 : max_chunk;
		tlv(out, TBF_TLV_CREDENTIALS, chunk - 4);
		buf_u32(out, TBF_CRED_RESERVED);
		buf_zeros(out, chunk - 8);
		space -= chunk;
	}
	buf_zeros(out, space);
}

void tbf_fix_checksum(uint8_t *tbf)
{
	uint16_t hlen = rd16(tbf + 2);
	wr32(tbf + 12, 0);
	wr32(tbf + 12, tbf_header_checksum(tbf, hlen));
}
