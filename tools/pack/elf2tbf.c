/* Converts one ELF app into a TBF object, following elf2tab's layout rules. */
#include "elf2tbf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <tick/tbf.h>

#include "credentials.h"
#include "reloc_build.h"

#include <tick/reloc.h>

#define FAIL(...)                                   \
	do {                                        \
		snprintf(err, errlen, __VA_ARGS__); \
		goto fail;                          \
	} while (0)

static bool loadable(const struct elf_segment *g)
{
	return g->type == PT_LOAD && g->filesz > 0;
}

static bool segment_has_section(const struct elf_file *elf, const struct elf_segment *g)
{
	for (uint32_t i = 0; i < elf->nsecs; i++) {
		if (elf->secs[i].size > 0 && elf_section_in_segment(&elf->secs[i], g))
			return true;
	}
	return false;
}

/* RAM the app needs: RAM-resident writable segments plus stack and heaps. */
static uint32_t ram_needed(const struct elf_file *elf, const struct pack_opts *o)
{
	uint64_t ram = 0;
	uint32_t stack = 2048;
	const struct elf_section *st = elf_section_by_name(elf, ".stack");

	if (o->has_min_ram)
		return o->min_ram;
	for (uint32_t i = 0; i < elf->nsegs; i++) {
		const struct elf_segment *g = &elf->segs[i];
		if (g->type == PT_LOAD && g->vaddr != g->paddr && g->memsz > 0 && (g->flags & PF_W))
			ram += g->memsz;
	}
	if (o->has_stack)
		stack = o->stack;
	else if (st)
		stack = st->size;
	ram += align_up(stack, 8) + align_up(o->app_heap, 4) + align_up(o->kernel_heap, 4);
	return ram > 0xFFFFFFFFu ? 0xFFFFFFFFu : (uint32_t)ram;
}

/* Fixed flash address from _flash_origin or the lowest executable segment; PIC when the
 * app was linked at the 0x80000000 sentinel. Returns TBF_NOT_FIXED for PIC. */
static uint32_t find_fixed_flash(const struct elf_file *elf)
{
	uint32_t origin, lowest = TBF_NOT_FIXED;

	if (elf_symbol(elf, "_flash_origin", &origin))
		return origin == PIC_FLASH_ORIGIN ? TBF_NOT_FIXED : origin;
	for (uint32_t i = 0; i < elf->nsegs; i++) {
		const struct elf_segment *g = &elf->segs[i];
		/* Unlike elf2tab, any loaded segment at the sentinel means PIC: linkers such as
		 * lld put a read-only crt0 header in its own non-executable segment there. */
		if (loadable(g) && g->vaddr == PIC_FLASH_ORIGIN)
			return TBF_NOT_FIXED;
	}
	for (uint32_t i = 0; i < elf->nsegs; i++) {
		const struct elf_segment *g = &elf->segs[i];
		if (!loadable(g) || !(g->flags & PF_X) || !segment_has_section(elf, g))
			continue;
		if (g->paddr < lowest)
			lowest = g->paddr;
	}
	return lowest;
}

static uint32_t trailing_pad(uint16_t machine, uint64_t len)
{
	switch (machine) {
	case EM_ARM: {
		/* Whole TBF a power of two (>= 512) so one MPU region covers it. */
		if ((len & (len - 1)) == 0)
			return 0;
		uint64_t p = 512;
		while (p < len)
			p <<= 1;
		return (uint32_t)(p - len);
	}
	case EM_RISCV:
		return (uint32_t)(align_up(len, 4) - len);
	case EM_386:
		return (uint32_t)(align_up(len, 4096) - len);
	default:
		return 0;
	}
}

bool elf_to_tbf(const struct elf_file *elf, const struct pack_opts *o, struct buf *out,
		struct pack_result *res, char *err, size_t errlen)
{
	struct tbf_spec spec = o->perms_storage;
	struct buf bin = {0}, rel = {0}, table = {0};
	struct reloc_list rlist = {0};
	struct bin_segment *bsegs = NULL;
	uint32_t origin;

	memset(res, 0, sizeof *res);
	spec.package_name = o->name;
	spec.flags = o->disabled ? 0 : TBF_FLAG_ENABLED;
	spec.minimum_ram_size = ram_needed(elf, o);
	spec.app_version = o->app_version;
	spec.kernel_version = o->kernel_version;
	spec.kernel_major = o->kernel_major;
	spec.kernel_minor = o->kernel_minor;
	spec.short_id = o->short_id;
	spec.short_id_value = o->short_id_value;

	uint32_t flash = find_fixed_flash(elf);
	uint32_t ram = TBF_NOT_FIXED;
	if (elf_symbol(elf, "_sram_origin", &origin) && origin != 0)
		ram = origin;
	spec.fixed = flash != TBF_NOT_FIXED || ram != TBF_NOT_FIXED;
	spec.fixed_flash = flash;
	spec.fixed_ram = ram;

	/* Count writeable flash regions first: their TLVs are part of the header length. */
	for (uint32_t i = 0; i < elf->nsegs; i++) {
		if (!loadable(&elf->segs[i]))
			continue;
		for (uint32_t k = 0; k < elf->nsecs; k++) {
			const struct elf_section *s = &elf->secs[k];
			if (s->size && strstr(s->name, ".wfr") && elf_section_in_segment(s, &elf->segs[i])) {
				if (spec.wfr_count == TBFW_MAX_WFR)
					FAIL("more than %d writeable flash regions", TBFW_MAX_WFR);
				spec.wfr_count++;
			}
		}
	}
	uint32_t hlen = tbf_spec_header_len(&spec);

	/* Binary: PT_LOAD segments with file bytes, in file order, trimmed to start at the
	 * fixed flash address, with zero gaps where load addresses jump forward. Offsets are
	 * from the binary's start until the protected region is known. */
	bool have_entry = false, have_last = false;
	uint64_t last_end = 0;
	uint32_t wfr_i = 0, entry_rel = 0;
	bsegs = xcalloc(elf->nsegs + 1, sizeof *bsegs);
	uint32_t nbsegs = 0;
	for (uint32_t i = 0; i < elf->nsegs; i++) {
		struct elf_segment g = elf->segs[i];
		if (!loadable(&g))
			continue;
		if (flash != TBF_NOT_FIXED) {
			if ((uint64_t)g.paddr + g.filesz < flash)
				continue;
			if (g.paddr < flash) {
				uint32_t cut = flash - g.paddr;
				g.offset += cut;
				g.paddr += cut;
				g.vaddr += cut;
				g.filesz -= cut;
				g.memsz = g.memsz > cut ? g.memsz - cut : 0;
				if (g.filesz == 0)
					continue;
			}
		}
		if (have_last) {
			if (g.paddr >= last_end) {
				uint64_t gap = g.paddr - last_end;
				if (gap >= 4096)
					warn("inserting %llu bytes of padding between segments; is every "
					     "loaded section really meant for flash?",
					     (unsigned long long)gap);
				if (gap > 0x1000000)
					FAIL("segments are %llu bytes apart in flash",
					     (unsigned long long)gap);
				buf_zeros(&bin, gap);
			} else {
				warn("segment %u is not in load-address order; no padding inserted, the "
				     "TBF may be broken", i);
			}
		}
		uint32_t pos = (uint32_t)bin.len; /* offset of this segment in the binary */
		bsegs[nbsegs++] = (struct bin_segment){ g.paddr, g.filesz, pos };
		if (elf->entry >= g.paddr && (uint64_t)elf->entry < (uint64_t)g.paddr + g.filesz) {
			if (have_entry && !o->disabled)
				FAIL("the entry point 0x%08x appears in two loaded segments", elf->entry);
			if (!have_entry)
				entry_rel = pos + (elf->entry - g.paddr);
			have_entry = true;
		}
		for (uint32_t k = 0; k < elf->nsecs; k++) {
			const struct elf_section *s = &elf->secs[k];
			if (s->size == 0 || !elf_section_in_segment(s, &g))
				continue;
			if (s->flags & SHF_WRITE) {
				char relname[300];
				snprintf(relname, sizeof relname, ".rel%s", s->name);
				const struct elf_section *r = elf_section_by_name(elf, relname);
				const uint8_t *rd = r ? elf_section_data(elf, r) : NULL;
				if (rd)
					buf_append(&rel, rd, r->size);
			}
			if (strstr(s->name, ".wfr") && wfr_i < spec.wfr_count) {
				spec.wfr[wfr_i][0] = pos + (s->addr - g.vaddr);
				spec.wfr[wfr_i][1] = s->size;
				wfr_i++;
			}
		}
		buf_append(&bin, elf->data + g.offset, g.filesz);
		last_end = (uint64_t)g.paddr + g.filesz;
		have_last = true;
	}
	if (!have_last)
		FAIL("no loadable segment with file contents (is this an app ELF?)");
	if (!have_entry)
		FAIL("the entry point 0x%08x is not inside any loaded segment", elf->entry);

	/* Relocatable: the table of what depends on the flash and RAM addresses, in the header. */
	if (o->relocatable) {
		if (elf->machine != EM_RISCV)
			FAIL("relocatable TBFs are made from rv32 ELFs (this one is machine %u)",
			     elf->machine);
		if (flash == TBF_NOT_FIXED || ram == TBF_NOT_FIXED)
			FAIL("--relocatable needs an app linked at a flash and a RAM address (its "
			     "_sram_origin symbol names the RAM); this one is %s",
			     flash == TBF_NOT_FIXED ? "linked position-independent" : "without RAM origin");
		if (bin.len >= 0x10000000u)
			FAIL("the binary is too large for a relocation table (256 MiB at most)");
		if (!reloc_collect(elf, bsegs, nbsegs, (uint32_t)bin.len, flash, ram, &rlist, err, errlen))
			goto fail;
		spec.extra_type = RELOC_TLV_TYPE;
	}

	/* Protected region: ELF symbol, then command line, then (fixed apps) whatever puts the
	 * TBF start on a 256-byte boundary below the linked flash address. A relocatable app has
	 * just its header (it runs wherever it is put); its table's offsets count from the TBF
	 * start, so its size and the header's are settled together. */
	uint32_t prot;
	bool prot_given = true;
	if (elf_symbol(elf, "tbf_protected_region_size", &origin)) {
		if (o->has_protected)
			warn("the ELF's tbf_protected_region_size symbol (%u) overrides "
			     "--protected-region-size", origin);
		prot = origin;
	} else if (o->has_protected) {
		prot = o->protected_size;
	} else if (flash != TBF_NOT_FIXED && !o->relocatable) {
		prot = flash - (flash & ~0xFFu);
	} else {
		prot = hlen;
		prot_given = false;
	}
	if (o->relocatable) {
		/* Each round only grows prot (by the bytes a longer first gap takes): it ends. */
		for (uint32_t need = prot;;) {
			table.len = 0;
			reloc_encode(&rlist, need, &table);
			spec.extra = table.data;
			spec.extra_len = (uint32_t)table.len;
			if (table.len > 0xFFFF)
				FAIL("the relocation table (%zu bytes for %u relocations) exceeds the "
				     "65,535 bytes a TLV holds", table.len, rlist.n);
			hlen = tbf_spec_header_len(&spec);
			if (hlen <= need) {
				if (!prot_given)
					prot = need;
				break;
			}
			need = hlen;
		}
	}
	if (prot < hlen) {
		if (flash != TBF_NOT_FIXED && prot == flash - (flash & ~0xFFu) && !o->relocatable)
			FAIL("the %u-byte TBF header does not fit in the %u bytes between the 256-byte "
			     "boundary 0x%08x and the app's flash address 0x%08x; pass "
			     "--protected-region-size %u (or more) to start the TBF lower",
			     hlen, prot, flash & ~0xFFu, flash, (uint32_t)align_up(hlen, 4));
		FAIL("protected region of %u bytes is too small for the %u-byte TBF header", prot,
		     hlen);
	}
	spec.protected_trailer_size = prot - hlen;
	spec.init_fn_offset = prot + entry_rel - hlen;
	for (uint32_t i = 0; i < wfr_i; i++)
		spec.wfr[i][0] += prot;

	/* Relocation blob: u32 length then the bytes; the integrity region ends after it. */
	uint64_t binary_end = (uint64_t)prot + bin.len + 4 + rel.len;
	if (rel.len && ((uint64_t)prot + bin.len) % 4)
		warn("relocation data starts at offset 0x%llx, which is not 4-byte aligned",
		     (unsigned long long)(prot + bin.len));

	uint32_t cred = credentials_size(o);
	uint32_t footer = cred;
	bool reserved = false;
	if (o->min_footer > cred) {
		uint32_t extra = o->min_footer - cred;
		extra = extra < 8 ? 8 : extra;
		footer += (uint32_t)align_up(extra, 4);
		reserved = true;
	}
	uint64_t total = binary_end + footer;
	uint32_t pad = trailing_pad(elf->machine, total);
	total += pad;
	/* Pad bytes are folded into a Reserved footer when one exists or they can hold one. */
	uint32_t raw_pad = (reserved || pad >= 8) ? 0 : pad;
	if (total > 0xFFFFFFFFu)
		FAIL("the TBF would be larger than 4 GiB");
	spec.binary_end_offset = (uint32_t)binary_end;

	/* Credentials hash out->data from its start: the TBF must be the whole buffer. */
	if (out->len != 0)
		FAIL("internal error: the output buffer is not empty");
	tbf_spec_emit(&spec, (uint32_t)total, out);
	buf_zeros(out, spec.protected_trailer_size);
	buf_append(out, bin.data, bin.len);
	buf_u32(out, (uint32_t)rel.len);
	buf_append(out, rel.data, rel.len);
	if (!credentials_emit(out, out->data, (uint32_t)binary_end, o, err, errlen))
		goto fail;
	/* Whatever footer space is left becomes Reserved credentials (zeros if under 8 bytes). */
	tbf_footer_reserved(out, (uint32_t)(total - raw_pad - out->len));
	buf_zeros(out, raw_pad);
	if (out->len != total)
		FAIL("internal error: built %zu bytes, expected %llu", out->len,
		     (unsigned long long)total);

	/* What the kernel will check, checked with the kernel's own code: the table parses and
	 * every entry's instruction and target are right where the app was linked. */
	if (o->relocatable) {
		struct tbf_header th;
		struct reloc_table rt;
		struct reloc_cursor rc = {0, 0, 0};
		enum reloc_error re = tbf_parse(out->data, out->len, &th) == TBF_OK
					      ? reloc_parse(out->data, &th, &rt, &rc) : RELOC_BAD_HEADER;
		if (re == RELOC_OK) {
			struct reloc_place home = reloc_nominal(&rt);
			int32_t r = reloc_apply(&rt, &rc, &home, &home, 0, out->data, rt.image_end);
			re = r < 0 ? (enum reloc_error)-r : RELOC_OK;
		}
		if (re != RELOC_OK)
			FAIL("internal error: the relocation table fails the kernel's check at entry %u "
			     "(TBF offset 0x%x, link address 0x%08x): %s", rc.index, rc.offset,
			     flash + rc.offset - prot, reloc_error_str(re));
	}

	res->fixed_flash = flash;
	res->fixed_ram = ram;
	res->header_size = hlen;
	res->protected_size = prot;
	res->binary_end = (uint32_t)binary_end;
	res->total_size = (uint32_t)total;
	res->minimum_ram = spec.minimum_ram_size;
	res->relocatable = o->relocatable;
	if (o->relocatable) {
		res->reloc_count = rlist.n;
		res->reloc_bytes = (uint32_t)table.len;
		res->elf_relocs = rlist.elf_relocs;
		res->elf_bytes = rlist.elf_bytes;
		memcpy(res->reloc_by_type, rlist.by_type, sizeof res->reloc_by_type);
	}
	free(bsegs);
	buf_free(&bin);
	buf_free(&rel);
	buf_free(&table);
	reloc_list_free(&rlist);
	return true;
fail:
	free(bsegs);
	buf_free(&bin);
	buf_free(&rel);
	buf_free(&table);
	reloc_list_free(&rlist);
	return false;
}
