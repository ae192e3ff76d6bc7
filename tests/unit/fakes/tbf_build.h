/* Builds TBF objects for loader and process tests (valid by default; options break them on purpose). */
#ifndef FAKES_TBF_BUILD_H
#define FAKES_TBF_BUILD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct tbf_opts {
	const char *name;           /* PackageName TLV; NULL: none */
	uint32_t binary_size;       /* bytes after the header (0: 256) */
	uint32_t total_size;        /* 0: header + binary (+ footer) */
	uint32_t init_offset;       /* entry = header_size + init_offset */
	uint32_t trailer;           /* protected trailer size */
	uint32_t min_ram;           /* minimum_ram_size (0: 4096) */
	bool disabled;              /* clear the enabled flag */
	bool program;               /* Program TLV instead of Main (binary_end = header + binary) */
	bool sha256;                /* with Program: add a SHA-256 credentials footer */
	bool bad_sha256;            /* ... whose digest is wrong */
	unsigned sha256_count;      /* ... this many identical ones (0: one) */
	bool no_kernel_version;
	uint16_t kmajor, kminor;    /* 0.0: 2.3 */
	bool fixed;                 /* FixedAddresses TLV */
	uint32_t fixed_ram, fixed_flash;
	bool short_id;
	uint32_t short_id_value;
	const uint32_t *wfr;        /* wfr_count pairs {offset from TBF start, size} */
	uint32_t wfr_count;
	const uint32_t *perms;      /* perm_count triples {driver, offset, allowed bits 0-31} */
	uint32_t perm_count;
	const char *ipc_services;   /* Tick IPC services TLV: raw value ({u8 n; n bytes}...); NULL: none */
	uint32_t ipc_services_len;
	const char *ipc_clients;    /* Tick IPC clients TLV: raw value; NULL: none */
	uint32_t ipc_clients_len;
	bool bad_checksum;
	const uint8_t *binary;      /* binary_size bytes to copy after the header (NULL: nops) */
	uint16_t extra_type;        /* one more TLV, extra_count times (0: none) */
	const uint8_t *extra;
	uint16_t extra_len;
	unsigned extra_count;       /* 0: once */
	/* With program: ecdsa_count EcdsaNistP256 footers (after the SHA-256 one), each signed by
	 * ecdsa_sign(integrity region, index) (ecdsa_count 0: one when ecdsa_sign is set). */
	void (*ecdsa_sign)(const uint8_t *msg, size_t len, unsigned index, uint8_t sig[64]);
	unsigned ecdsa_count;
};

/* Writes the object to buf (cap bytes; aborts if it does not fit) and returns its total size.
 * The binary is filled with 0x13 (rv32 nop) bytes. */
uint32_t tbf_build(uint8_t *buf, size_t cap, const struct tbf_opts *o);
/* Header size the same options give (the app binary starts there when trailer is 0). */
uint32_t tbf_build_header_size(const struct tbf_opts *o);

#endif
