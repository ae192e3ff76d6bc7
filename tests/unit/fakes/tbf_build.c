/* TBF object builder for host tests: base header, TLVs, binary, optional SHA-256 and ECDSA footers. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <tick/sha256.h>
#include <tick/tbf.h>
#include "fakes/tbf_build.h"

static uint32_t pad4(uint32_t n)
{
	return (n + 3u) & ~3u;
}

uint32_t tbf_build_header_size(const struct tbf_opts *o)
{
	uint32_t n = TBF_BASE_HEADER_SIZE + 4 + (o->program ? TBF_PROGRAM_LEN : TBF_MAIN_LEN);
	if (o->name)
		n += 4 + pad4((uint32_t)strlen(o->name));
	if (!o->no_kernel_version)
		n += 4 + TBF_KERNEL_VERSION_LEN;
	if (o->fixed)
		n += 4 + TBF_FIXED_ADDRESSES_LEN;
	if (o->short_id)
		n += 4 + TBF_SHORT_ID_LEN;
	if (o->wfr_count)
		n += 4 + 8 * o->wfr_count;
	if (o->perm_count)
		n += 4 + pad4(2 + 16 * o->perm_count);
	if (o->extra_type)
		n += (o->extra_count ? o->extra_count : 1) * (4 + pad4(o->extra_len));
	if (o->ipc_services)
		n += 4 + pad4(o->ipc_services_len);
	if (o->ipc_clients)
		n += 4 + pad4(o->ipc_clients_len);
	return n;
}

static uint8_t *tlv(uint8_t *p, uint16_t type, uint16_t len)
{
	tbf_wr16(p, type);
	tbf_wr16(p + 2, len);
	return p + 4;
}

uint32_t tbf_build(uint8_t *buf, size_t cap, const struct tbf_opts *o)
{
	uint32_t hs = tbf_build_header_size(o);
	uint32_t bin = o->binary_size ? o->binary_size : 256;
	unsigned sha_n = o->sha256_count ? o->sha256_count : 1;
	uint32_t sha_footer = o->program && (o->sha256 || o->bad_sha256) ? sha_n * (4 + 4 + 32) : 0;
	unsigned ecdsa_n = o->program && o->ecdsa_sign ? (o->ecdsa_count ? o->ecdsa_count : 1) : 0;
	uint32_t footer = sha_footer + ecdsa_n * (4 + 4 + 64);
	uint32_t total = o->total_size ? o->total_size : hs + bin + footer;
	if (total > cap || hs + bin + footer > cap) {
		fprintf(stderr, "tbf_build: %u bytes do not fit in %zu\n", total, cap);
		abort();
	}
	memset(buf, 0, total);
	if (o->binary)
		memcpy(buf + hs, o->binary, bin);
	else
		memset(buf + hs, 0x13, bin);
	tbf_wr16(buf, 2);
	tbf_wr16(buf + 2, (uint16_t)hs);
	tbf_wr32(buf + 4, total);
	tbf_wr32(buf + 8, o->disabled ? 0 : TBF_FLAG_ENABLED);
	uint8_t *p = buf + TBF_BASE_HEADER_SIZE;
	uint32_t ram = o->min_ram ? o->min_ram : 4096;
	if (o->program) {
		p = tlv(p, TBF_TLV_PROGRAM, TBF_PROGRAM_LEN);
		tbf_wr32(p, o->init_offset);
		tbf_wr32(p + 4, o->trailer);
		tbf_wr32(p + 8, ram);
		tbf_wr32(p + 12, hs + bin);
		tbf_wr32(p + 16, 1);
		p += TBF_PROGRAM_LEN;
	} else {
		p = tlv(p, TBF_TLV_MAIN, TBF_MAIN_LEN);
		tbf_wr32(p, o->init_offset);
		tbf_wr32(p + 4, o->trailer);
		tbf_wr32(p + 8, ram);
		p += TBF_MAIN_LEN;
	}
	if (o->name) {
		uint16_t n = (uint16_t)strlen(o->name);
		p = tlv(p, TBF_TLV_PACKAGE_NAME, n);
		memcpy(p, o->name, n);
		p += pad4(n);
	}
	if (!o->no_kernel_version) {
		p = tlv(p, TBF_TLV_KERNEL_VERSION, TBF_KERNEL_VERSION_LEN);
		tbf_wr16(p, o->kmajor || o->kminor ? o->kmajor : 2);
		tbf_wr16(p + 2, o->kmajor || o->kminor ? o->kminor : 3);
		p += TBF_KERNEL_VERSION_LEN;
	}
	if (o->fixed) {
		p = tlv(p, TBF_TLV_FIXED_ADDRESSES, TBF_FIXED_ADDRESSES_LEN);
		tbf_wr32(p, o->fixed_ram);
		tbf_wr32(p + 4, o->fixed_flash);
		p += TBF_FIXED_ADDRESSES_LEN;
	}
	if (o->short_id) {
		p = tlv(p, TBF_TLV_SHORT_ID, TBF_SHORT_ID_LEN);
		tbf_wr32(p, o->short_id_value);
		p += TBF_SHORT_ID_LEN;
	}
	if (o->wfr_count) {
		p = tlv(p, TBF_TLV_WRITEABLE_FLASH_REGIONS, (uint16_t)(8 * o->wfr_count));
		for (uint32_t i = 0; i < 2 * o->wfr_count; i++, p += 4)
			tbf_wr32(p, o->wfr[i]);
	}
	if (o->perm_count) {
		p = tlv(p, TBF_TLV_PERMISSIONS, (uint16_t)(2 + 16 * o->perm_count));
		tbf_wr16(p, (uint16_t)o->perm_count);
		for (uint32_t i = 0; i < o->perm_count; i++) {
			uint8_t *e = p + 2 + 16 * i;
			tbf_wr32(e, o->perms[3 * i]);
			tbf_wr32(e + 4, o->perms[3 * i + 1]);
			tbf_wr32(e + 8, o->perms[3 * i + 2]);
		}
		p += pad4(2 + 16 * o->perm_count);
	}
	for (unsigned i = 0; o->extra_type && i < (o->extra_count ? o->extra_count : 1); i++) {
		p = tlv(p, o->extra_type, o->extra_len);
		memcpy(p, o->extra, o->extra_len);
		p += pad4(o->extra_len);
	}
	if (o->ipc_services) {
		p = tlv(p, TBF_TLV_TICK_IPC_SERVICES, (uint16_t)o->ipc_services_len);
		memcpy(p, o->ipc_services, o->ipc_services_len);
		p += pad4(o->ipc_services_len);
	}
	if (o->ipc_clients) {
		p = tlv(p, TBF_TLV_TICK_IPC_CLIENTS, (uint16_t)o->ipc_clients_len);
		memcpy(p, o->ipc_clients, o->ipc_clients_len);
		p += pad4(o->ipc_clients_len);
	}
	tbf_wr32(buf + 12, tbf_header_checksum(buf, hs) ^ (o->bad_checksum ? 1u : 0u));
	if (sha_footer) {
		uint8_t *f = buf + hs + bin;
		tbf_wr16(f, TBF_TLV_CREDENTIALS);
		tbf_wr16(f + 2, 4 + 32);
		tbf_wr32(f + 4, TBF_CRED_SHA256);
		sha256(buf, hs + bin, f + 8);
		if (o->bad_sha256)
			f[8] ^= 0xff;
		for (unsigned i = 1; i < sha_n; i++)
			memcpy(f + i * (4 + 4 + 32), f, 4 + 4 + 32);
	}
	for (unsigned i = 0; i < ecdsa_n; i++) {
		uint8_t *f = buf + hs + bin + sha_footer + i * (4 + 4 + 64);
		tbf_wr16(f, TBF_TLV_CREDENTIALS);
		tbf_wr16(f + 2, 4 + 64);
		tbf_wr32(f + 4, TBF_CRED_ECDSA_P256);
		o->ecdsa_sign(buf, hs + bin, i, f + 8);
	}
	return total;
}
