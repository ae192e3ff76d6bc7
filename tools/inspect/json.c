/* tick-inspect JSON output: the same facts as the text output, for scripts. */
#include <stdio.h>
#include <string.h>

#include "../lib/names.h"
#include "../lib/util.h"
#include "report.h"

void json_string(const char *s, size_t n)
{
	putchar('"');
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c < 0x20 || c == 0x7f)
			printf("\\u%04x", c);
		else
			putchar(c);
	}
	putchar('"');
}

static void key_str(const char *k, const char *v)
{
	printf("\"%s\": ", k);
	json_string(v, strlen(v));
}

static void tlv_fields(const struct obj_report *r, const struct tlv_info *t)
{
	const uint8_t *v = r->tbf + t->offset + 4;

	if (!t->complete)
		return;
	switch (t->type) {
	case TBF_TLV_MAIN:
	case TBF_TLV_PROGRAM:
		if (t->len != (t->type == TBF_TLV_MAIN ? TBF_MAIN_LEN : TBF_PROGRAM_LEN))
			return;
		printf(", \"init_fn_offset\": %u, \"protected_trailer_size\": %u, \"minimum_ram_size\": %u",
		       rd32(v), rd32(v + 4), rd32(v + 8));
		if (t->type == TBF_TLV_PROGRAM)
			printf(", \"binary_end_offset\": %u, \"app_version\": %u", rd32(v + 12), rd32(v + 16));
		break;
	case TBF_TLV_PACKAGE_NAME:
		printf(", \"package_name\": ");
		json_string((const char *)v, t->len);
		break;
	case TBF_TLV_WRITEABLE_FLASH_REGIONS:
		printf(", \"regions\": [");
		for (uint32_t i = 0; i + 8 <= t->len; i += 8)
			printf("%s{\"offset\": %u, \"size\": %u}", i ? ", " : "", rd32(v + i), rd32(v + i + 4));
		printf("]");
		break;
	case TBF_TLV_FIXED_ADDRESSES:
		if (t->len == 8)
			printf(", \"start_process_ram\": %u, \"start_process_flash\": %u", rd32(v), rd32(v + 4));
		break;
	case TBF_TLV_PERMISSIONS:
		if (t->len < 2)
			return;
		printf(", \"entries\": [");
		for (uint32_t i = 0; i < rd16(v) && 2 + 16 * (i + 1) <= t->len; i++) {
			const uint8_t *e = v + 2 + 16 * i;
			printf("%s{\"driver\": %u, \"offset\": %u, \"allowed_commands\": %llu}", i ? ", " : "",
			       rd32(e), rd32(e + 4), (unsigned long long)rd64(e + 8));
		}
		printf("]");
		break;
	case TBF_TLV_STORAGE_PERMISSIONS:
		if (r->err != TBF_OK || !r->h.has_storage)
			return;
		printf(", \"write_id\": %u, \"read_ids\": [", r->h.storage_write_id);
		for (uint32_t i = 0; i < r->h.storage_read_count; i++)
			printf("%s%u", i ? ", " : "", r->h.storage_read_ids[i]);
		printf("], \"modify_ids\": [");
		for (uint32_t i = 0; i < r->h.storage_modify_count; i++)
			printf("%s%u", i ? ", " : "", r->h.storage_modify_ids[i]);
		printf("]");
		break;
	case TBF_TLV_KERNEL_VERSION:
		if (t->len == 4)
			printf(", \"major\": %u, \"minor\": %u", rd16(v), rd16(v + 2));
		break;
	case TBF_TLV_SHORT_ID:
		if (t->len == 4)
			printf(", \"short_id\": %u", rd32(v));
		break;
	case RELOC_TLV_TYPE:
		if (t->len < RELOC_HEADER_SIZE)
			return;
		printf(", \"version\": %u, \"arch\": %u, \"flash_align\": %u, \"ram_align\": %u, "
		       "\"flash_base\": %u, \"ram_base\": %u, \"image_size\": %u, \"ram_size\": %u, "
		       "\"count\": %u, \"valid\": %s", v[0], v[1], 1u << (v[2] & 31), 1u << (v[3] & 31),
		       rd32(v + 4), rd32(v + 8), rd32(v + 12), rd32(v + 16), rd32(v + 20),
		       r->reloc_err == RELOC_OK ? "true" : "false");
		if (r->reloc_err != RELOC_OK) {
			printf(", \"error\": ");
			json_string(reloc_error_str(r->reloc_err), strlen(reloc_error_str(r->reloc_err)));
			printf(", \"entry\": %u, \"entry_offset\": %u", r->reloc_fault.index,
			       r->reloc_fault.offset);
			return;
		}
		printf(", \"by_type\": {");
		for (unsigned k = 0, first = 1; k < RELOC_TYPES; k++)
			if (r->reloc_by_type[k]) {
				printf("%s\"%s\": %u", first ? "" : ", ", reloc_type_name(k), r->reloc_by_type[k]);
				first = 0;
			}
		printf("}");
		break;
	default:
		break;
	}
}

void print_json_object(const struct obj_report *r, bool first)
{
	const struct tbf_header *h = &r->h;
	static const char *const verdicts[] = {"none", "verified", "mismatch", "not-verified"};

	printf("%s\n    {", first ? "" : ",");
	if (r->entry) {
		key_str("entry", r->entry);
		printf(", ");
	}
	printf("\"offset\": %llu", (unsigned long long)r->offset);
	if (r->has_address)
		printf(", \"address\": %u", r->address);
	printf(", \"valid\": %s, \"error\": ", r->nproblems == 0 ? "true" : "false");
	json_string(tbf_error_str(r->err), strlen(tbf_error_str(r->err)));
	printf(", \"version\": %u", h->version);
	if (h->version == 2) {
		printf(", \"header_size\": %u, \"total_size\": %u, \"flags\": %u, \"enabled\": %s, "
		       "\"sticky\": %s, \"checksum\": %u, \"checksum_ok\": %s, \"padding\": %s",
		       h->header_size, h->total_size, h->flags,
		       h->flags & TBF_FLAG_ENABLED ? "true" : "false",
		       h->flags & TBF_FLAG_STICKY ? "true" : "false", h->checksum,
		       h->checksum == r->computed_checksum ? "true" : "false",
		       r->err == TBF_OK && h->is_padding ? "true" : "false");
	}
	if (r->err == TBF_OK && !h->is_padding) {
		printf(", \"protected_size\": %u, \"binary_end_offset\": %u, \"init_fn_offset\": %u, "
		       "\"minimum_ram_size\": %u, \"app_version\": %u",
		       tbf_protected_size(h), h->binary_end_offset, h->init_fn_offset,
		       h->minimum_ram_size, h->app_version);
	}
	printf(",\n     \"tlvs\": [");
	for (uint32_t i = 0; i < r->ntlvs; i++) {
		const struct tlv_info *t = &r->tlvs[i];
		printf("%s\n       {\"type\": %u, \"name\": \"%s\", \"length\": %u, \"offset\": %u",
		       i ? "," : "", t->type, tlv_type_name(t->type), t->len, t->offset);
		tlv_fields(r, t);
		printf("}");
	}
	printf("],\n     \"footers\": [");
	for (uint32_t i = 0; i < r->nfooters; i++) {
		const struct footer_info *f = &r->footers[i];
		printf("%s\n       {\"format\": %u, \"name\": \"%s\", \"length\": %u, \"offset\": %u, "
		       "\"verdict\": \"%s\"}",
		       i ? "," : "", f->format, tbf_credential_name(f->format), f->len, f->offset,
		       verdicts[f->verdict]);
	}
	printf("],\n     \"notes\": [");
	for (uint32_t i = 0; i < r->nnotes; i++) {
		printf("%s", i ? ", " : "");
		json_string(r->notes[i], strlen(r->notes[i]));
	}
	printf("],\n     \"problems\": [");
	for (uint32_t i = 0; i < r->nproblems; i++) {
		printf("%s", i ? ", " : "");
		json_string(r->problems[i], strlen(r->problems[i]));
	}
	printf("]}");
}
