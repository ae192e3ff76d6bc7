/* What tick-inspect learned about one TBF object: parse result, raw TLVs, footers, problems. */
#ifndef INSPECT_REPORT_H
#define INSPECT_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <tick/reloc.h>
#include <tick/tbf.h>

struct tlv_info {
	uint16_t type, len;
	uint32_t offset;     /* of the T/L word from the object start */
	bool complete;       /* value lies inside the header and the data */
};

enum verdict { VERDICT_NONE, VERDICT_OK, VERDICT_BAD, VERDICT_UNCHECKED };

struct footer_info {
	uint32_t offset, format, len;
	enum verdict verdict;
};

struct obj_report {
	const char *entry;            /* TAB entry name, or NULL */
	uint64_t offset;              /* object start within the file */
	bool has_address;             /* address known (image or --address) */
	uint32_t address;             /* address of the object when has_address */
	const uint8_t *tbf;           /* object bytes */
	size_t avail;                 /* bytes readable from tbf */
	enum tbf_error err;
	struct tbf_header h;
	uint32_t computed_checksum;
	struct tlv_info tlvs[64];
	uint32_t ntlvs;
	bool tlvs_truncated;
	struct footer_info footers[32];
	uint32_t nfooters;
	enum tbf_error footer_err;    /* TBF_OK or TBF_BAD_FOOTER */
	enum reloc_error reloc_err;   /* RELOC_NONE: no Tick relocation table */
	struct reloc_table reloc;     /* when reloc_err is RELOC_OK (or an entry error) */
	struct reloc_cursor reloc_fault; /* the entry at fault */
	uint32_t reloc_by_type[RELOC_TYPES];
	bool opts_relocs;             /* print every relocation entry */
	char *problems[16];
	uint32_t nproblems;
	char *notes[16];
	uint32_t nnotes;
};

struct inspect_opts {
	const char *key;              /* ECDSA public key for signature checks, or NULL */
	bool has_address;
	uint32_t address;             /* address of the file's first byte */
	bool relocs;                  /* list every relocation entry */
};

/* Analyses the object at tbf (avail bytes readable). Never fails: problems are recorded. */
void inspect_object(struct obj_report *r, const uint8_t *tbf, size_t avail,
		    const struct inspect_opts *o);

/* Adds a problem / note line (printf-style). */
void report_problem(struct obj_report *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void report_note(struct obj_report *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

void report_free(struct obj_report *r);

/* "word/flash", "hi20/ram-pcrel", ...: the name of a relocation entry type. */
const char *reloc_type_name(unsigned type);

/* Printers. */
void print_text_object(const struct obj_report *r);
void print_json_object(const struct obj_report *r, bool first);
void json_string(const char *s, size_t n);

#endif
