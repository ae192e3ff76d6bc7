/* Builds TBF headers (base + TLVs, elf2tab's TLV order) and footers on the host. */
#ifndef TOOLS_TBFWRITE_H
#define TOOLS_TBFWRITE_H

#include <stdbool.h>
#include <stdint.h>

#include "util.h"

#define TBFW_MAX_WFR 16
#define TBFW_MAX_PERMS 64
#define TBFW_MAX_STORAGE_IDS 64 /* the writer allows more than the kernel takes; the parser checks */
#define TBFW_MAX_IPC_SERVICES 8

struct tbfw_perm {
	uint32_t driver, offset;
	uint64_t allowed;
};

/* Everything that goes into a header. Zero-initialise, then fill what is wanted. */
struct tbf_spec {
	const char *package_name;       /* NULL or "" = no PackageName TLV */
	uint32_t flags;
	uint32_t init_fn_offset, protected_trailer_size, minimum_ram_size;
	uint32_t binary_end_offset, app_version;
	uint32_t wfr_count;
	uint32_t wfr[TBFW_MAX_WFR][2];  /* {offset from TBF start, size} */
	bool fixed;                     /* emit FixedAddresses */
	uint32_t fixed_ram, fixed_flash;/* 0xFFFFFFFF = not fixed */
	uint32_t perm_count;
	struct tbfw_perm perms[TBFW_MAX_PERMS];
	bool storage;
	uint32_t write_id, read_count, modify_count;
	uint32_t read_ids[TBFW_MAX_STORAGE_IDS], modify_ids[TBFW_MAX_STORAGE_IDS];
	bool kernel_version;
	uint16_t kernel_major, kernel_minor;
	bool short_id;
	uint32_t short_id_value;
	/* One more TLV after the others (Tick's relocation table): type 0 = none. */
	uint16_t extra_type;
	const uint8_t *extra;
	uint32_t extra_len;
	uint32_t ipc_service_count;     /* Tick IPC services TLV: names of 1..255 bytes */
	const char *ipc_services[TBFW_MAX_IPC_SERVICES];
	uint32_t ipc_client_count;      /* Tick IPC clients TLV: package names its services accept */
	const char *ipc_clients[TBFW_MAX_IPC_SERVICES];
};

/* Adds "command `command` of `driver` allowed", merging into an entry with the same
 * driver and 64-command window. Dies when the table is full. */
void tbf_spec_allow(struct tbf_spec *s, uint32_t driver, uint32_t command);

/* Length in bytes of the header tbf_spec_emit will write (multiple of 4). */
uint32_t tbf_spec_header_len(const struct tbf_spec *s);

/* Appends the header (Base, Main, Program, PackageName, WFR..., FixedAddresses, Permissions,
 * StoragePermissions, KernelVersion, ShortId, Tick IPC services, Tick IPC clients, then the
 * extra TLV) with total_size and a valid checksum. */
void tbf_spec_emit(const struct tbf_spec *s, uint32_t total_size, struct buf *out);

/* Appends one credentials footer {type 128, len 4+n, format, data}. */
void tbf_footer_emit(struct buf *out, uint32_t format, const uint8_t *data, uint32_t n);

/* Appends Reserved credentials footers that fill exactly `space` bytes (space >= 8, multiple
 * of 4 not required for the last). Long spans are split into several TLVs because a TLV
 * length is only 16 bits. */
void tbf_footer_reserved(struct buf *out, uint32_t space);

/* Recomputes and stores the checksum of the header at tbf (header_size from the header). */
void tbf_fix_checksum(uint8_t *tbf);

#endif
