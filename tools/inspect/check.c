/* tick-inspect analysis: parses one TBF object with the kernel's parser and verifies credentials. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <tick/p256.h>
#include <tick/sha256.h>

#include "../lib/crypto.h"
#include "../lib/util.h"
#include "report.h"

static void add(char **list, uint32_t *n, const char *fmt, va_list ap)
{
	if (*n >= 16)
		return;
	char s[1024];
	vsnprintf(s, sizeof s, fmt, ap);
	list[(*n)++] = xstrdup(s);
}

void report_problem(struct obj_report *r, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	add(r->problems, &r->nproblems, fmt, ap);
	va_end(ap);
}

void report_note(struct obj_report *r, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	add(r->notes, &r->nnotes, fmt, ap);
	va_end(ap);
}

void report_free(struct obj_report *r)
{
	for (uint32_t i = 0; i < r->nproblems; i++)
		free(r->problems[i]);
	for (uint32_t i = 0; i < r->nnotes; i++)
		free(r->notes[i]);
}

/* Lists TLVs tolerantly, even when the parser refused the header, so they can be shown. */
static void walk_tlvs(struct obj_report *r)
{
	uint32_t hsize = r->h.header_size;
	uint32_t end = hsize < r->avail ? hsize : (uint32_t)r->avail;
	uint32_t pos = TBF_BASE_HEADER_SIZE;

	while (pos + 4 <= end) {
		if (r->ntlvs == sizeof r->tlvs / sizeof r->tlvs[0]) {
			r->tlvs_truncated = true;
			return;
		}
		struct tlv_info *t = &r->tlvs[r->ntlvs++];
		t->type = rd16(r->tbf + pos);
		t->len = rd16(r->tbf + pos + 2);
		t->offset = pos;
		t->complete = (uint64_t)pos + 4 + t->len <= end;
		pos += 4 + (uint32_t)align_up(t->len, 4);
	}
}

static void check_footers(struct obj_report *r, const struct inspect_opts *o)
{
	uint32_t cursor = 0;
	struct tbf_footer f;
	enum tbf_error e;

	while ((e = tbf_next_footer(r->tbf, &r->h, &cursor, &f)) == TBF_OK) {
		if (r->nfooters == sizeof r->footers / sizeof r->footers[0])
			break;
		struct footer_info *fi = &r->footers[r->nfooters++];
		fi->offset = f.offset;
		fi->format = f.format;
		fi->len = f.len;
		fi->verdict = VERDICT_NONE;
		if (f.format == TBF_CRED_SHA256) {
			fi->verdict = tbf_sha256_matches(r->tbf, &r->h, &f) ? VERDICT_OK : VERDICT_BAD;
		} else if (f.format == TBF_CRED_SHA384 || f.format == TBF_CRED_SHA512) {
			uint8_t d[64];
			uint32_t n = f.format == TBF_CRED_SHA384 ? 48 : 64;
			if (n == 48)
				crypto_sha384(r->tbf, r->h.binary_end_offset, d);
			else
				crypto_sha512(r->tbf, r->h.binary_end_offset, d);
			fi->verdict = memcmp(d, f.data, n) == 0 ? VERDICT_OK : VERDICT_BAD;
		} else if (f.format == TBF_CRED_ECDSA_P256) {
			if (!o->key) {
				fi->verdict = VERDICT_UNCHECKED;
			} else {
				char err[256];
				enum crypto_verdict v = crypto_ecdsa_p256_verify(
					o->key, r->tbf, r->h.binary_end_offset, f.data, err, sizeof err);
				if (v == CRYPTO_KEY_ERROR)
					die("%s", err);
				fi->verdict = v == CRYPTO_VALID ? VERDICT_OK : VERDICT_BAD;
				/* Differential check: the kernel's own verifier must agree with mbedtls. */
				uint8_t raw[64];
				if (crypto_p256_public_raw(o->key, raw, err, sizeof err) &&
				    tbf_ecdsa_p256_matches(r->tbf, &r->h, &f, raw) != (v == CRYPTO_VALID))
					report_problem(r, "the kernel's P-256 verifier (kernel/lib/p256.c) disagrees "
							  "with mbedtls about the signature at offset %u: a Tick bug",
						       f.offset);
			}
		} else if (f.format != TBF_CRED_RESERVED) {
			fi->verdict = VERDICT_UNCHECKED;
		}
		if (fi->verdict == VERDICT_BAD)
			report_problem(r, "%s credential at offset %u does not match the integrity region "
					  "[0, %u): the app was changed after it was signed/hashed, or the "
					  "credential is corrupt%s",
				       tbf_credential_name(f.format), f.offset, r->h.binary_end_offset,
				       f.format == TBF_CRED_ECDSA_P256 ? " (or it was signed with another key)" : "");
		if (f.format > TBF_CRED_ECDSA_P256)
			report_note(r, "credential format %u (%s) at offset %u is unknown to the Tock kernel",
				    f.format, tbf_credential_name(f.format), f.offset);
	}
	r->footer_err = e == TBF_END ? TBF_OK : e;
	if (e == TBF_BAD_FOOTER)
		report_problem(r, "footer at offset %u: %s", cursor ? cursor : r->h.binary_end_offset,
			       tbf_error_str(e));
}

const char *reloc_type_name(unsigned type)
{
	static const char *const names[RELOC_TYPES] = {
		"word/flash", "hi20/flash", "lo12-i/flash", "lo12-s/flash",
		"word/ram", "hi20/ram", "lo12-i/ram", "lo12-s/ram",
		"word/ram-pcrel", "hi20/ram-pcrel", "lo12-i/ram-pcrel", "lo12-s/ram-pcrel",
		"word/abs-pcrel", "hi20/abs-pcrel", "lo12-i/abs-pcrel", "lo12-s/abs-pcrel",
	};
	return type < RELOC_TYPES ? names[type] : "unknown";
}

/* Tick's relocation table: the kernel's own parser, then every entry checked on the image as
 * linked (with the kernel's applier, moving nothing). */
static void check_relocs(struct obj_report *r)
{
	struct reloc_cursor c = { 0, 0, 0 };
	struct reloc_entry e;
	r->reloc_err = reloc_parse(r->tbf, &r->h, &r->reloc, &c);
	r->reloc_fault = c;
	if (r->reloc_err == RELOC_NONE)
		return;
	if (r->reloc_err >= RELOC_BAD_ENCODING) {
		report_problem(r, "relocation table entry %u (offset 0x%x): %s", c.index, c.offset,
			       reloc_error_str(r->reloc_err));
		return;
	}
	if (r->reloc_err != RELOC_OK) {
		report_problem(r, "relocation table: %s", reloc_error_str(r->reloc_err));
		return;
	}
	const struct reloc_table *t = &r->reloc;
	for (uint32_t i = 0; i < t->count && reloc_next(t, &c, &e) == RELOC_OK; i++)
		r->reloc_by_type[e.type]++;
	uint8_t *copy = xmalloc(t->image_end);
	memcpy(copy, r->tbf, t->image_end);
	struct reloc_place home = reloc_nominal(t);
	c = (struct reloc_cursor){ 0, 0, 0 };
	int32_t done = reloc_apply(t, &c, &home, &home, 0, copy, t->image_end);
	free(copy);
	if (done < 0) {
		r->reloc_err = (enum reloc_error)-done;
		r->reloc_fault = c;
		report_problem(r, "relocation table entry %u (offset 0x%x): %s", c.index, c.offset,
			       reloc_error_str(r->reloc_err));
		return;
	}
	if (!r->h.has_fixed_addresses || r->h.fixed_flash == TBF_NOT_FIXED)
		report_note(r, "relocatable without FixedAddresses: a kernel that does not know Tick's "
			       "relocation table would run it unrelocated");
	else if (r->h.fixed_flash != t->flash_base || r->h.fixed_ram != t->ram_base)
		report_problem(r, "FixedAddresses (flash 0x%08x, RAM 0x%08x) differ from where the "
				  "relocation table says it was linked (flash 0x%08x, RAM 0x%08x)",
			       r->h.fixed_flash, r->h.fixed_ram, t->flash_base, t->ram_base);
	if (r->has_address) {
		struct reloc_place at = { r->address + tbf_protected_size(&r->h), t->ram_base };
		if (reloc_check_place(t, &at) != RELOC_OK)
			report_problem(r, "relocatable, but at 0x%08x its binary (0x%08x) is not a multiple "
					  "of %u bytes away from where it was linked (0x%08x)",
				       r->address, at.flash, 1u << t->flash_align, t->flash_base);
	}
}

void inspect_object(struct obj_report *r, const uint8_t *tbf, size_t avail,
		    const struct inspect_opts *o)
{
	r->tbf = tbf;
	r->avail = avail;
	r->reloc_err = RELOC_NONE;
	r->opts_relocs = o->relocs;
	r->err = tbf_parse(tbf, avail, &r->h);
	if (r->h.version == 2 && avail >= 16) {
		uint32_t hs = r->h.header_size <= avail ? r->h.header_size : (uint32_t)(avail & ~(size_t)3);
		r->computed_checksum = tbf_header_checksum(tbf, hs);
		r->h.flags = rd32(tbf + 8);
		r->h.checksum = rd32(tbf + 12);
		walk_tlvs(r);
	}
	switch (r->err) {
	case TBF_OK:
		break;
	case TBF_BAD_CHECKSUM:
		report_problem(r, "%s (stored 0x%08x, computed 0x%08x)", tbf_error_str(r->err),
			       r->h.checksum, r->computed_checksum);
		return;
	case TBF_BAD_HEADER_SIZE:
		report_problem(r, "%s (header_size %u, total_size %u)", tbf_error_str(r->err),
			       r->h.header_size, r->h.total_size);
		return;
	case TBF_TOO_SHORT:
		report_problem(r, "%s (total_size %u, header_size %u, but only %zu bytes are left)",
			       tbf_error_str(r->err), r->h.total_size, r->h.header_size, avail);
		return;
	default:
		report_problem(r, "%s", tbf_error_str(r->err));
		return;
	}
	if (r->h.is_padding)
		return;
	if (r->tlvs_truncated)
		report_note(r, "more than %zu TLVs; only the first ones are listed",
			    sizeof r->tlvs / sizeof r->tlvs[0]);
	if (!r->h.has_main && !r->h.has_program)
		report_problem(r, "the header has neither a Main nor a Program TLV: there is no entry "
				  "point, so this is not a runnable app");
	if (!r->h.has_kernel_version)
		report_note(r, "no KernelVersion TLV: the Tock kernel refuses such apps");
	if (!(r->h.flags & TBF_FLAG_ENABLED))
		report_note(r, "the app is disabled (flag bit 0 clear): the kernel will not start it");
	if (r->h.flags & ~(TBF_FLAG_ENABLED | TBF_FLAG_STICKY))
		report_problem(r, "reserved flag bits are set (flags 0x%08x)", r->h.flags);
	check_relocs(r);
	if (r->has_address && r->h.has_fixed_addresses && r->h.fixed_flash != TBF_NOT_FIXED &&
	    r->reloc_err != RELOC_OK && tbf_check_fixed_flash(&r->h, r->address) != TBF_OK)
		report_problem(r, "the binary must run at 0x%08x but this object sits at 0x%08x, which "
				  "puts its binary at 0x%08x",
			       r->h.fixed_flash, r->address, r->address + tbf_protected_size(&r->h));
	check_footers(r, o);
}
