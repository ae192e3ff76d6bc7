/* Builds Tick's relocation table from an rv32 ELF linked with its relocations kept (--emit-relocs). */
#include "reloc_build.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <tick/reloc.h>

/* RISC-V relocation types (psABI). */
enum {
	R_NONE = 0, R_32 = 1, R_64 = 2, R_BRANCH = 16, R_JAL = 17, R_CALL = 18, R_CALL_PLT = 19,
	R_GOT_HI20 = 20, R_PCREL_HI20 = 23, R_PCREL_LO12_I = 24, R_PCREL_LO12_S = 25,
	R_HI20 = 26, R_LO12_I = 27, R_LO12_S = 28, R_TPREL_HI20 = 29, R_TPREL_LO12_I = 30,
	R_TPREL_LO12_S = 31, R_TPREL_ADD = 32, R_ADD8 = 33, R_ADD64 = 36, R_SUB8 = 37,
	R_SUB64 = 40, R_ALIGN = 43, R_RVC_BRANCH = 44, R_RVC_JUMP = 45, R_TPREL_I = 49,
	R_TPREL_S = 50, R_RELAX = 51, R_SUB6 = 52, R_SET6 = 53, R_SET32 = 56, R_32_PCREL = 57,
	R_SET_ULEB128 = 60, R_SUB_ULEB128 = 61,
};

static const char *type_name(uint32_t t)
{
	static const char *const names[] = {
		[0] = "NONE", [1] = "32", [2] = "64", [3] = "RELATIVE", [4] = "COPY",
		[5] = "JUMP_SLOT", [6] = "TLS_DTPMOD32", [8] = "TLS_DTPREL32", [10] = "TLS_TPREL32",
		[16] = "BRANCH", [17] = "JAL", [18] = "CALL", [19] = "CALL_PLT", [20] = "GOT_HI20",
		[21] = "TLS_GOT_HI20", [22] = "TLS_GD_HI20", [23] = "PCREL_HI20",
		[24] = "PCREL_LO12_I", [25] = "PCREL_LO12_S", [26] = "HI20", [27] = "LO12_I",
		[28] = "LO12_S", [29] = "TPREL_HI20", [30] = "TPREL_LO12_I", [31] = "TPREL_LO12_S",
		[32] = "TPREL_ADD", [33] = "ADD8", [34] = "ADD16", [35] = "ADD32", [36] = "ADD64",
		[37] = "SUB8", [38] = "SUB16", [39] = "SUB32", [40] = "SUB64", [43] = "ALIGN",
		[44] = "RVC_BRANCH", [45] = "RVC_JUMP", [46] = "RVC_LUI", [47] = "GPREL_I",
		[48] = "GPREL_S", [49] = "TPREL_I", [50] = "TPREL_S", [51] = "RELAX", [52] = "SUB6",
		[53] = "SET6", [54] = "SET8", [55] = "SET16", [56] = "SET32", [57] = "32_PCREL",
		[58] = "IRELATIVE", [59] = "PLT32", [60] = "SET_ULEB128", [61] = "SUB_ULEB128",
	};
	if (t < sizeof names / sizeof names[0] && names[t])
		return names[t];
	return "(unknown)";
}

/* Where an address belongs. */
enum region { REG_NONE = -1, REG_FLASH = RELOC_FLASH, REG_RAM = RELOC_RAM };

struct ctx {
	const struct elf_file *elf;
	const struct bin_segment *segs;
	uint32_t nsegs;
	struct reloc_list *l;
	char *err;
	size_t errlen;
};

/* One relocation record, read from the ELF. */
struct rec {
	const struct elf_section *sec;   /* the section it patches */
	uint32_t vaddr;                  /* r_offset: where it patches */
	uint32_t type, sym_index;
	int32_t addend;
	struct elf_symbol sym;
	enum region target;              /* region of the symbol */
	uint32_t value;                  /* S + A */
};

/* A PCREL_HI20 (auipc) as the PCREL_LO12 entries that name it need it. */
struct hi {
	uint32_t vaddr;
	enum region target;
	uint32_t pcrel;                  /* S + A - P */
};

/* ADD/SUB/SET records, balanced per place. */
struct diff {
	uint32_t vaddr;
	int sign;
	enum region target;
};

#define FAIL(...)                                       \
	do {                                            \
		snprintf(c->err, c->errlen, __VA_ARGS__); \
		return false;                           \
	} while (0)

static bool in_range(uint32_t a, uint32_t base, uint32_t size)
{
	return a - base <= size;
}

static enum region region_of(const struct reloc_list *l, uint32_t a)
{
	if (in_range(a, l->flash_base, l->image_size))
		return REG_FLASH;
	if (in_range(a, l->ram_base, l->ram_size))
		return REG_RAM;
	return REG_NONE;
}

/* Prefix naming a record in messages. */
static void where(char *s, size_t n, const struct rec *r)
{
	snprintf(s, n, "relocation R_RISCV_%s at 0x%08x in %s (symbol %s%s0x%x)", type_name(r->type),
		 r->vaddr, r->sec->name, r->sym.name[0] ? r->sym.name : "(none)",
		 r->addend < 0 ? " - " : " + ",
		 r->addend < 0 ? (uint32_t)-(int64_t)r->addend : (uint32_t)r->addend);
}

/* The region of a relocation's symbol: the region its value lies in, else its section's; for
 * absolute symbols the region of their value; REG_NONE for undefined (weak, value 0) and
 * absolute values outside the app. */
static bool symbol_region(struct ctx *c, struct rec *r)
{
	const struct reloc_list *l = c->l;
	r->value = r->sym.value + (uint32_t)r->addend;
	if (r->sym.shndx == SHN_UNDEF) {
		r->target = REG_NONE;
		return true;
	}
	if (r->sym.shndx == SHN_ABS || r->sym.shndx >= 0xff00) {
		r->target = region_of(l, r->sym.value);
		return true;
	}
	if (r->sym.shndx >= c->elf->nsecs) {
		char w[300];
		where(w, sizeof w, r);
		FAIL("%s: its symbol's section %u does not exist", w, r->sym.shndx);
	}
	const struct elf_section *s = &c->elf->secs[r->sym.shndx];
	if (!(s->flags & SHF_ALLOC)) {
		char w[300];
		where(w, sizeof w, r);
		FAIL("%s: its symbol lies in %s, which is not loaded", w, s->name);
	}
	/* The symbol's own value decides when it lies in the app (a linker-script symbol such as
	 * _endflash may name a section of the other region); else its section does (the
	 * addend may point past the section, as for &array[-1]). */
	r->target = region_of(l, r->sym.value);
	if (r->target == REG_NONE)
		r->target = region_of(l, s->addr);
	if (r->target == REG_NONE) {
		char w[300];
		where(w, sizeof w, r);
		FAIL("%s: its symbol's section %s (0x%08x) is neither in the app's flash image "
		     "0x%08x-0x%08x nor in its RAM 0x%08x-0x%08x", w, s->name, s->addr, l->flash_base,
		     l->flash_base + l->image_size, l->ram_base, l->ram_base + l->ram_size);
	}
	return true;
}

/* Offset in the binary of the place a record patches (4 bytes), or false. */
static bool site_offset(struct ctx *c, const struct rec *r, uint32_t *off)
{
	const struct elf_file *elf = c->elf;
	const struct elf_section *s = r->sec;
	for (uint32_t i = 0; i < elf->nsegs; i++) {
		const struct elf_segment *g = &elf->segs[i];
		if (g->type != PT_LOAD || !elf_section_in_segment(s, g))
			continue;
		uint32_t lma = g->paddr + (s->addr - g->vaddr) + (r->vaddr - s->addr);
		for (uint32_t k = 0; k < c->nsegs; k++) {
			const struct bin_segment *b = &c->segs[k];
			if (lma >= b->paddr && (uint64_t)lma + 4 <= (uint64_t)b->paddr + b->filesz) {
				*off = b->pos + (lma - b->paddr);
				return true;
			}
		}
	}
	return false;
}

/* The 4 bytes the record patches, as linked. */
static bool site_word(struct ctx *c, const struct rec *r, uint32_t *w)
{
	const uint8_t *d = elf_section_data(c->elf, r->sec);
	uint32_t rel = r->vaddr - r->sec->addr;
	if (!d || rel > r->sec->size || r->sec->size - rel < 4)
		return false;
	*w = rd32(d + rel);
	return true;
}

/* The 12-bit immediate of an I- or S-type instruction. */
static uint32_t imm12(uint32_t w, bool store)
{
	return store ? ((w >> 25) << 5) | ((w >> 7) & 0x1fu) : w >> 20;
}

static bool add_item(struct ctx *c, const struct rec *r, unsigned field, unsigned kind, uint32_t low)
{
	struct reloc_list *l = c->l;
	uint32_t off;
	char w[300];
	if (!site_offset(c, r, &off)) {
		where(w, sizeof w, r);
		FAIL("%s: the place it patches is not in the app's flash image", w);
	}
	if (off & 1) {
		where(w, sizeof w, r);
		FAIL("%s: the place it patches is at an odd address (a pointer in a packed "
		     "structure?); Tick relocates only 2-byte aligned places", w);
	}
	l->items = xrealloc(l->items, (l->n + 1) * sizeof *l->items);
	l->items[l->n++] = (struct reloc_item){ off, (uint8_t)(field | kind << 2), (uint16_t)low };
	l->by_type[field | kind << 2]++;
	return true;
}

/* Checks that the linked bytes hold the value the record describes; expect is compared under
 * mask. */
static bool check_linked(struct ctx *c, const struct rec *r, uint32_t got, uint32_t expect,
			 uint32_t mask)
{
	if (((got ^ expect) & mask) == 0)
		return true;
	char w[300];
	where(w, sizeof w, r);
	FAIL("%s: the linked code holds 0x%x there, the relocation says 0x%x; link with "
	     "-Wl,--emit-relocs and -Wl,--no-relax, without -fPIC", w, got & mask, expect & mask);
}

static int cmp_hi(const void *a, const void *b)
{
	uint32_t x = ((const struct hi *)a)->vaddr, y = ((const struct hi *)b)->vaddr;
	return x < y ? -1 : x > y;
}

static int cmp_diff(const void *a, const void *b)
{
	const struct diff *x = a, *y = b;
	if (x->vaddr != y->vaddr)
		return x->vaddr < y->vaddr ? -1 : 1;
	return x->sign - y->sign;
}

static int cmp_item(const void *a, const void *b)
{
	uint32_t x = ((const struct reloc_item *)a)->off, y = ((const struct reloc_item *)b)->off;
	return x < y ? -1 : x > y;
}

/* Calls fn for every relocation record that patches a loaded section. */
static bool each_rec(struct ctx *c, bool (*fn)(struct ctx *, struct rec *, void *), void *arg)
{
	const struct elf_file *elf = c->elf;
	for (uint32_t i = 0; i < elf->nsecs; i++) {
		const struct elf_section *rs = &elf->secs[i];
		if (rs->type != SHT_RELA && rs->type != SHT_REL)
			continue;
		if (rs->info >= elf->nsecs || rs->link >= elf->nsecs)
			FAIL("relocation section %s names a section that does not exist", rs->name);
		const struct elf_section *target = &elf->secs[rs->info];
		if (!(target->flags & SHF_ALLOC) || target->type == SHT_NOBITS)
			continue;   /* debug information and the like */
		if (rs->type == SHT_REL)
			FAIL("relocation section %s is REL; rv32 apps have RELA relocations", rs->name);
		const uint8_t *d = elf_section_data(elf, rs);
		if (!d)
			FAIL("relocation section %s lies outside the file", rs->name);
		for (uint32_t off = 0; off + 12 <= rs->size; off += 12) {
			struct rec r;
			memset(&r, 0, sizeof r);
			r.sec = target;
			r.vaddr = rd32(d + off);
			r.type = rd32(d + off + 4) & 0xff;
			r.sym_index = rd32(d + off + 4) >> 8;
			r.addend = (int32_t)rd32(d + off + 8);
			if (!elf_symbol_at(elf, &elf->secs[rs->link], r.sym_index, &r.sym))
				FAIL("relocation at 0x%08x in %s names symbol %u, which does not exist",
				     r.vaddr, target->name, r.sym_index);
			if (!fn(c, &r, arg))
				return false;
		}
	}
	return true;
}

struct pass {
	struct hi *his;
	uint32_t nhis;
	struct diff *diffs;
	uint32_t ndiffs;
};

/* First pass: the auipc instructions and the counts. */
static bool first_pass(struct ctx *c, struct rec *r, void *arg)
{
	struct pass *p = arg;
	c->l->elf_relocs++;
	if (r->type != R_PCREL_HI20)
		return true;
	if (!symbol_region(c, r))
		return false;
	p->his = xrealloc(p->his, (p->nhis + 1) * sizeof *p->his);
	p->his[p->nhis++] = (struct hi){ r->vaddr, r->target, r->value - r->vaddr };
	return true;
}

/* The region r's place lies in. */
static enum region site_region(struct ctx *c, const struct rec *r)
{
	return region_of(c->l, r->sec->addr);
}

static bool refuse(struct ctx *c, const struct rec *r, const char *why)
{
	char w[300];
	where(w, sizeof w, r);
	FAIL("%s cannot be relocated by Tick: %s", w, why);
}

/* Second pass: every record becomes an item, nothing, or an error. */
static bool second_pass(struct ctx *c, struct rec *r, void *arg)
{
	struct pass *p = arg;
	uint32_t w = 0;
	if (r->type == R_NONE || r->type == R_RELAX || r->type == R_ALIGN)
		return true;
	if ((r->type >= R_TPREL_HI20 && r->type <= R_TPREL_ADD) || r->type == R_TPREL_I ||
	    r->type == R_TPREL_S)
		return true;   /* offsets from the thread pointer: the same wherever the app is */
	if (!symbol_region(c, r))
		return false;
	if (r->type != R_SET_ULEB128 && r->type != R_SUB_ULEB128 && !(r->type >= R_ADD8 && r->type <= R_SUB64) &&
	    !(r->type >= R_SUB6 && r->type <= R_SET32) && !site_word(c, r, &w))
		return refuse(c, r, "its place is not inside its section");
	enum region site = site_region(c, r);
	switch (r->type) {
	case R_32:
		if (r->target == REG_NONE)
			return true;   /* an absolute value, or a weak symbol that stays 0 */
		if (!check_linked(c, r, w, r->value, 0xffffffffu))
			return false;
		return add_item(c, r, RELOC_WORD, (unsigned)r->target, 0);
	case R_32_PCREL:
		if (r->target == site)
			return true;
		if (site == REG_FLASH && r->target != REG_FLASH)
			return check_linked(c, r, w, r->value - r->vaddr, 0xffffffffu) &&
			       add_item(c, r, RELOC_WORD,
					r->target == REG_RAM ? RELOC_RAM_PCREL : RELOC_ABS_PCREL, 0);
		return refuse(c, r, "a pc-relative value in RAM");
	case R_HI20:
		if (r->target == REG_NONE)
			return true;
		if (!check_linked(c, r, w, r->value + 0x800u, 0xfffff000u))
			return false;
		return add_item(c, r, RELOC_HI20, (unsigned)r->target, r->value & 0xfffu);
	case R_LO12_I:
	case R_LO12_S:
		if (r->target == REG_NONE)
			return true;
		if (!check_linked(c, r, imm12(w, r->type == R_LO12_S), r->value, 0xfffu))
			return false;
		return add_item(c, r, r->type == R_LO12_I ? RELOC_LO12_I : RELOC_LO12_S,
				(unsigned)r->target, 0);
	case R_PCREL_HI20:
		if (site != REG_FLASH)
			return refuse(c, r, "pc-relative code outside flash");
		if (!check_linked(c, r, w, r->value - r->vaddr + 0x800u, 0xfffff000u))
			return false;
		if (r->target == REG_FLASH)
			return true;   /* code to code or read-only data: moves together */
		return add_item(c, r, RELOC_HI20,
				r->target == REG_RAM ? RELOC_RAM_PCREL : RELOC_ABS_PCREL,
				(r->value - r->vaddr) & 0xfffu);
	case R_PCREL_LO12_I:
	case R_PCREL_LO12_S: {
		/* The symbol is the auipc's label: its value is the pair's. */
		struct hi key = { r->sym.value + (uint32_t)r->addend, REG_NONE, 0 };
		const struct hi *h = p->nhis ? bsearch(&key, p->his, p->nhis, sizeof *p->his, cmp_hi) : NULL;
		if (!h)
			return refuse(c, r, "no R_RISCV_PCREL_HI20 at the address it names");
		if (!check_linked(c, r, imm12(w, r->type == R_PCREL_LO12_S), h->pcrel, 0xfffu))
			return false;
		if (h->target == REG_FLASH)
			return true;
		return add_item(c, r, r->type == R_PCREL_LO12_I ? RELOC_LO12_I : RELOC_LO12_S,
				h->target == REG_RAM ? RELOC_RAM_PCREL : RELOC_ABS_PCREL, 0);
	}
	case R_CALL:
	case R_CALL_PLT:
		if (site == REG_FLASH && r->target != REG_FLASH) {
			/* auipc + jalr to RAM (code copied there) or to a fixed address (a weak
			 * function that is absent: 0). */
			unsigned kind = r->target == REG_RAM ? RELOC_RAM_PCREL : RELOC_ABS_PCREL;
			uint32_t x = r->value - r->vaddr, w2;
			struct rec jalr = *r;
			jalr.vaddr += 4;
			if (!site_word(c, &jalr, &w2))
				return refuse(c, r, "its place is not inside its section");
			/* The linker calls an absent weak function as jalr 0(zero): no pc in it. */
			if (r->target == REG_NONE && (w2 & 0x000f807fu) == 0x67u)
				return true;
			return check_linked(c, r, w, x + 0x800u, 0xfffff000u) &&
			       check_linked(c, &jalr, imm12(w2, false), x, 0xfffu) &&
			       add_item(c, r, RELOC_HI20, kind, x & 0xfffu) &&
			       add_item(c, &jalr, RELOC_LO12_I, kind, 0);
		}
		/* fall through */
	case R_BRANCH:
	case R_JAL:
	case R_RVC_BRANCH:
	case R_RVC_JUMP:
		if (site == REG_FLASH && r->target == REG_FLASH)
			return true;
		return refuse(c, r, "a jump or call that does not stay in flash");
	default:
		break;
	}
	if ((r->type >= R_ADD8 && r->type <= R_SUB64) || (r->type >= R_SUB6 && r->type <= R_SET32) ||
	    r->type == R_SET_ULEB128 || r->type == R_SUB_ULEB128) {
		/* Differences: checked per place once all are known. */
		bool sub = (r->type >= R_SUB8 && r->type <= R_SUB64) || r->type == R_SUB6 ||
			   r->type == R_SUB_ULEB128;
		p->diffs = xrealloc(p->diffs, (p->ndiffs + 1) * sizeof *p->diffs);
		p->diffs[p->ndiffs++] = (struct diff){ r->vaddr, sub ? -1 : 1, r->target };
		return true;
	}
	if (r->type == R_GOT_HI20)
		return refuse(c, r, "GOT entries (code compiled with -fPIC or -fPIE; build apps "
				    "without it)");
	if (r->type == 46 || r->type == 47 || r->type == 48)
		return refuse(c, r, "linker relaxation or gp-relative access (link with --no-relax)");
	if (r->type == R_64)
		return refuse(c, r, "a 64-bit address in a 32-bit app");
	return refuse(c, r, "the type is not one the rv32 compiler emits for apps without PIC");
}

/* Each place's ADD/SET and SUB records must cancel per region: then their difference is the
 * same wherever the regions are. */
static bool check_diffs(struct ctx *c, struct pass *p)
{
	if (p->ndiffs)
		qsort(p->diffs, p->ndiffs, sizeof *p->diffs, cmp_diff);
	for (uint32_t i = 0; i < p->ndiffs;) {
		uint32_t j = i;
		int flash = 0, ram = 0;
		while (j < p->ndiffs && p->diffs[j].vaddr == p->diffs[i].vaddr) {
			if (p->diffs[j].target == REG_FLASH)
				flash += p->diffs[j].sign;
			else if (p->diffs[j].target == REG_RAM)
				ram += p->diffs[j].sign;
			j++;
		}
		if (flash || ram)
			FAIL("the value at 0x%08x is a difference between addresses in different regions "
			     "(flash %+d, RAM %+d), which changes when flash and RAM move independently",
			     p->diffs[i].vaddr, flash, ram);
		i = j;
	}
	return true;
}

/* Image and RAM extents and alignments from the sections. */
static bool layout(struct ctx *c)
{
	const struct elf_file *elf = c->elf;
	struct reloc_list *l = c->l;
	/* At least what tick_app.ld's ALIGN(4) in flash and ALIGN(8) in RAM need, which section
	 * headers do not show. */
	uint32_t ram_end = l->ram_base, falign = 4, ralign = 8;
	for (uint32_t i = 0; i < elf->nsecs; i++) {
		const struct elf_section *s = &elf->secs[i];
		if (!(s->flags & SHF_ALLOC))
			continue;
		uint32_t a = s->addralign ? s->addralign : 1;
		if (a & (a - 1))
			FAIL("section %s has an alignment (%u) that is not a power of two", s->name, a);
		if (in_range(s->addr, l->flash_base, l->image_size)) {
			if (s->size && a > falign)
				falign = a;
			continue;
		}
		if (s->addr < l->ram_base)
			FAIL("section %s at 0x%08x is neither in the app's flash image 0x%08x-0x%08x nor "
			     "above its RAM origin 0x%08x", s->name, s->addr, l->flash_base,
			     l->flash_base + l->image_size, l->ram_base);
		if ((uint64_t)s->addr + s->size > ram_end)
			ram_end = s->addr + s->size;
		if (s->size && a > ralign)
			ralign = a;
		if (!strcmp(s->name, ".got") && s->size)
			FAIL("the app has a GOT (%u bytes): code compiled with -fPIC or -fPIE; Tick's "
			     "relocatable apps are built without PIC", s->size);
	}
	l->ram_size = ram_end - l->ram_base;
	if (in_range(l->ram_base, l->flash_base, l->image_size) ||
	    in_range(l->flash_base, l->ram_base, l->ram_size))
		FAIL("the app's flash image 0x%08x-0x%08x and its RAM 0x%08x-0x%08x overlap",
		     l->flash_base, l->flash_base + l->image_size, l->ram_base, l->ram_base + l->ram_size);
	for (l->flash_align = 0; (1u << l->flash_align) < falign; l->flash_align++)
		;
	for (l->ram_align = 0; (1u << l->ram_align) < ralign; l->ram_align++)
		;
	if (l->flash_align > RELOC_MAX_ALIGN_LOG2 || l->ram_align > RELOC_MAX_ALIGN_LOG2)
		FAIL("a section asks for an alignment above 64 KiB");
	return true;
}

bool reloc_collect(const struct elf_file *elf, const struct bin_segment *segs, uint32_t nsegs,
		   uint32_t image_size, uint32_t flash_base, uint32_t ram_base,
		   struct reloc_list *out, char *err, size_t errlen)
{
	struct ctx cx = { elf, segs, nsegs, out, err, errlen }, *c = &cx;
	struct pass p = { 0 };
	bool ok = false;
	memset(out, 0, sizeof *out);
	out->flash_base = flash_base;
	out->ram_base = ram_base;
	out->image_size = image_size;
	if (elf->machine != EM_RISCV) {
		snprintf(err, errlen, "relocatable TBFs are made from rv32 ELFs (this one is machine %u)",
			 elf->machine);
		return false;
	}
	bool any = false;
	for (uint32_t i = 0; i < elf->nsecs; i++) {
		const struct elf_section *s = &elf->secs[i];
		if ((s->type == SHT_RELA || s->type == SHT_REL) && s->info < elf->nsecs &&
		    (elf->secs[s->info].flags & SHF_ALLOC)) {
			any = true;
			out->elf_bytes += s->size;
		}
	}
	if (!any) {
		snprintf(err, errlen, "the ELF has no relocations for its code and data: link it with "
				      "-Wl,--emit-relocs (or -Wl,-q) to make it relocatable");
		return false;
	}
	if (!layout(c) || !each_rec(c, first_pass, &p))
		goto done;
	if (p.nhis)
		qsort(p.his, p.nhis, sizeof *p.his, cmp_hi);
	if (!each_rec(c, second_pass, &p) || !check_diffs(c, &p))
		goto done;
	if (out->n)
		qsort(out->items, out->n, sizeof *out->items, cmp_item);
	for (uint32_t i = 1; i < out->n; i++) {
		if (out->items[i].off - out->items[i - 1].off < 4) {
			snprintf(err, errlen, "two relocations patch overlapping bytes at binary offsets "
					      "0x%x and 0x%x", out->items[i - 1].off, out->items[i].off);
			goto done;
		}
	}
	ok = true;
done:
	free(p.his);
	free(p.diffs);
	if (!ok)
		reloc_list_free(out);
	return ok;
}

static void uleb(struct buf *b, uint32_t v)
{
	do {
		uint8_t byte = v & 0x7f;
		v >>= 7;
		buf_u8(b, (uint8_t)(byte | (v ? 0x80 : 0)));
	} while (v);
}

void reloc_encode(const struct reloc_list *l, uint32_t prot, struct buf *out)
{
	buf_u8(out, RELOC_VERSION);
	buf_u8(out, RELOC_ARCH_RV32);
	buf_u8(out, l->flash_align);
	buf_u8(out, l->ram_align);
	buf_u32(out, l->flash_base);
	buf_u32(out, l->ram_base);
	buf_u32(out, l->image_size);
	buf_u32(out, l->ram_size);
	buf_u32(out, l->n);
	uint32_t prev = 0;
	for (uint32_t i = 0; i < l->n; i++) {
		const struct reloc_item *it = &l->items[i];
		uint32_t off = prot + it->off;
		uleb(out, (off - prev) / 2 << 5 | it->type);
		if ((it->type & 3) == RELOC_HI20)
			buf_u16(out, it->low);
		prev = off;
	}
}

void reloc_list_free(struct reloc_list *l)
{
	free(l->items);
	l->items = NULL;
	l->n = 0;
}
