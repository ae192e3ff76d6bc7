/* tick-inspect text output: every base-header field, TLV and footer of one object, then verdicts. */
#include <stdio.h>
#include <string.h>

#include "../lib/names.h"
#include "../lib/util.h"
#include "report.h"

static void print_name(const uint8_t *p, uint32_t n)
{
	putchar('"');
	for (uint32_t i = 0; i < n; i++)
		putchar(p[i] >= 0x20 && p[i] != 0x7f && p[i] != '"' && p[i] != '\\' ? p[i] : '?');
	putchar('"');
}

/* Tick's relocation table: its header, its entries by type and, with --relocs, each entry. */
static void print_relocs(const struct obj_report *r, const uint8_t *v, uint32_t len)
{
	if (len < RELOC_HEADER_SIZE)
		return;
	printf("      version                 %u, arch %u%s\n", v[0], v[1], v[1] == RELOC_ARCH_RV32 ? " (rv32)" : "");
	printf("      linked at               flash 0x%08x, RAM 0x%08x\n", rd32(v + 4), rd32(v + 8));
	printf("      alignment               flash %u, RAM %u\n", 1u << (v[2] & 31), 1u << (v[3] & 31));
	printf("      image                   %u bytes, RAM targets %u bytes\n", rd32(v + 12), rd32(v + 16));
	uint32_t n = rd32(v + 20);
	printf("      relocations             %u in %u bytes (%.2f bytes each, header included)\n", n,
	       len, n ? (double)len / n : 0.0);
	if (r->reloc_err != RELOC_OK && r->reloc_err < RELOC_BAD_ENCODING)
		return;
	printf("      by type                ");
	for (unsigned k = 0; k < RELOC_TYPES; k++)
		if (r->reloc_by_type[k])
			printf(" %s %u", reloc_type_name(k), r->reloc_by_type[k]);
	putchar('\n');
	if (!r->opts_relocs)
		return;
	struct reloc_cursor c = { 0, 0, 0 };
	struct reloc_entry e;
	for (uint32_t i = 0; i < r->reloc.count && reloc_next(&r->reloc, &c, &e) == RELOC_OK; i++) {
		printf("      entry %-5u offset 0x%-6x %-17s", i, e.offset, reloc_type_name(e.type));
		if ((e.type & 3) == RELOC_HI20)
			printf(" low 0x%03x", e.low);
		putchar('\n');
	}
}

static void print_tlv(const struct obj_report *r, const struct tlv_info *t)
{
	const uint8_t *v = r->tbf + t->offset + 4;

	if (t->type & 0x8000)   /* out-of-tree types read better in hex */
		printf("  TLV %-22s type 0x%04x length %-4u at 0x%x\n", tlv_type_name(t->type), t->type,
		       t->len, t->offset);
	else
		printf("  TLV %-22s type %-3u length %-4u at 0x%x\n", tlv_type_name(t->type), t->type,
		       t->len, t->offset);
	if (!t->complete) {
		printf("      (value runs past the header)\n");
		return;
	}
	switch (t->type) {
	case TBF_TLV_MAIN:
	case TBF_TLV_PROGRAM:
		if (t->len != (t->type == TBF_TLV_MAIN ? TBF_MAIN_LEN : TBF_PROGRAM_LEN))
			break;
		printf("      init_fn_offset          %u (entry at object offset 0x%x)\n", rd32(v),
		       r->h.header_size + rd32(v));
		printf("      protected_trailer_size  %u\n", rd32(v + 4));
		printf("      minimum_ram_size        %u\n", rd32(v + 8));
		if (t->type == TBF_TLV_PROGRAM) {
			printf("      binary_end_offset       %u\n", rd32(v + 12));
			printf("      app_version             %u\n", rd32(v + 16));
		}
		break;
	case TBF_TLV_PACKAGE_NAME:
		printf("      name                    ");
		print_name(v, t->len);
		putchar('\n');
		break;
	case TBF_TLV_WRITEABLE_FLASH_REGIONS:
		for (uint32_t i = 0; i + 8 <= t->len; i += 8)
			printf("      region                  offset 0x%x size %u\n", rd32(v + i),
			       rd32(v + i + 4));
		break;
	case TBF_TLV_FIXED_ADDRESSES:
		if (t->len != 8)
			break;
		printf("      start_process_ram       0x%08x%s\n", rd32(v),
		       rd32(v) == TBF_NOT_FIXED ? " (not fixed)" : "");
		printf("      start_process_flash     0x%08x%s\n", rd32(v + 4),
		       rd32(v + 4) == TBF_NOT_FIXED ? " (not fixed)" : "");
		break;
	case TBF_TLV_PERMISSIONS: {
		if (t->len < 2)
			break;
		uint32_t n = rd16(v);
		printf("      entries                 %u\n", n);
		for (uint32_t i = 0; i < n && 2 + 16 * (i + 1) <= t->len; i++) {
			const uint8_t *e = v + 2 + 16 * i;
			uint32_t base = rd32(e + 4) * 64;
			uint64_t mask = rd64(e + 8);
			printf("      driver 0x%x commands", rd32(e));
			for (int b = 0; b < 64; b++) {
				if (mask >> b & 1)
					printf(" %u", base + (uint32_t)b);
			}
			printf(" (offset %u, mask 0x%016llx)\n", rd32(e + 4), (unsigned long long)mask);
		}
		break;
	}
	case TBF_TLV_STORAGE_PERMISSIONS:
		if (r->err != TBF_OK || !r->h.has_storage)
			break;
		printf("      write_id                %u\n", r->h.storage_write_id);
		printf("      read_ids               ");
		for (uint32_t i = 0; i < r->h.storage_read_count; i++)
			printf(" %u", r->h.storage_read_ids[i]);
		printf("\n      modify_ids             ");
		for (uint32_t i = 0; i < r->h.storage_modify_count; i++)
			printf(" %u", r->h.storage_modify_ids[i]);
		putchar('\n');
		break;
	case TBF_TLV_KERNEL_VERSION:
		if (t->len == 4)
			printf("      requires kernel         ^%u.%u\n", rd16(v), rd16(v + 2));
		break;
	case TBF_TLV_SHORT_ID:
		if (t->len == 4)
			printf("      short_id                0x%08x\n", rd32(v));
		break;
	case RELOC_TLV_TYPE:
		print_relocs(r, v, t->len);
		break;
	case TBF_TLV_TICK_IPC_SERVICES:
	case TBF_TLV_TICK_IPC_CLIENTS:
		for (uint32_t at = 0; at < t->len && v[at] <= t->len - at - 1u; at += 1u + v[at]) {
			printf(t->type == TBF_TLV_TICK_IPC_SERVICES ? "      ipc service             "
								      : "      ipc client              ");
			print_name(v + at + 1, v[at]);
			putchar('\n');
		}
		break;
	default:
		break;
	}
}

void print_text_object(const struct obj_report *r)
{
	const struct tbf_header *h = &r->h;

	if (r->entry)
		printf("%s: ", r->entry);
	printf("object at file offset 0x%llx", (unsigned long long)r->offset);
	if (r->has_address)
		printf(" (address 0x%08x)", r->address);
	putchar('\n');
	if (h->version != 2) {
		printf("  not a TBF object (first half-word %u, expected version 2)\n",
		       r->avail >= 2 ? rd16(r->tbf) : 0);
	} else {
		printf("  version                     %u\n", h->version);
		printf("  header_size                 %u\n", h->header_size);
		printf("  total_size                  %u (0x%x)\n", h->total_size, h->total_size);
		printf("  flags                       0x%08x (%s%s)\n", h->flags,
		       h->flags & TBF_FLAG_ENABLED ? "enabled" : "disabled",
		       h->flags & TBF_FLAG_STICKY ? ", sticky" : "");
		printf("  checksum                    0x%08x (%s)\n", h->checksum,
		       h->checksum == r->computed_checksum ? "ok" : "MISMATCH");
		if (r->err == TBF_OK && h->is_padding)
			printf("  padding object (no TLVs): fills %u bytes between apps\n", h->total_size);
	}
	for (uint32_t i = 0; i < r->ntlvs; i++)
		print_tlv(r, &r->tlvs[i]);
	if (r->err == TBF_OK && !h->is_padding) {
		uint32_t prot = tbf_protected_size(h);
		printf("  layout                      header 0x0-0x%x, trailer 0x%x-0x%x, binary 0x%x-0x%x, "
		       "footers 0x%x-0x%x\n",
		       h->header_size, h->header_size, prot, prot, h->binary_end_offset,
		       h->binary_end_offset, h->total_size);
		if (r->has_address)
			printf("  binary at                   0x%08x, entry 0x%08x\n", r->address + prot,
			       r->address + h->header_size + h->init_fn_offset);
	}
	for (uint32_t i = 0; i < r->nfooters; i++) {
		const struct footer_info *f = &r->footers[i];
		static const char *const v[] = {"", ", verified", ", MISMATCH", ", not verified"};
		printf("  footer %-19s format %-3u data %-5u at 0x%x%s\n", tbf_credential_name(f->format),
		       f->format, f->len, f->offset, v[f->verdict]);
	}
	for (uint32_t i = 0; i < r->nnotes; i++)
		printf("  note: %s\n", r->notes[i]);
	for (uint32_t i = 0; i < r->nproblems; i++)
		printf("  PROBLEM: %s\n", r->problems[i]);
}
