/* Tick's relocation table: parse it, check every entry and patch an app image from one placement to another (freestanding; kernel and host tools). */
#include <tick/reloc.h>

static const char *const reloc_text[RELOC_ERROR_COUNT] = {
	[RELOC_OK] = "ok",
	[RELOC_NONE] = "no relocation table",
	[RELOC_DUPLICATE] = "two relocation tables",
	[RELOC_BAD_HEADER] = "bad relocation table header",
	[RELOC_BAD_VERSION] = "unknown relocation table version",
	[RELOC_BAD_ARCH] = "relocation table for another arch",
	[RELOC_BAD_ENCODING] = "relocation entries malformed",
	[RELOC_BAD_TYPE] = "unknown relocation type",
	[RELOC_OVERLAP] = "relocations overlap or out of order",
	[RELOC_IN_HEADER] = "relocation in the TBF header",
	[RELOC_OUTSIDE] = "relocation outside the app image",
	[RELOC_BAD_INSTRUCTION] = "relocation on a wrong instruction",
	[RELOC_BAD_TARGET] = "relocation points outside the app",
	[RELOC_MISALIGNED] = "placement breaks app alignment",
	[RELOC_SPLIT] = "relocation split by chunk start",
};

const char *reloc_error_str(enum reloc_error err)
{
	if ((unsigned)err >= RELOC_ERROR_COUNT)
		return "unknown relocation error";
	return reloc_text[err];
}

/* ACSL (docs/verification.md): a table as reloc_parse leaves it, as far as reading its entries
 * and bounding its image go. */
/*@ predicate reloc_table_ok(struct reloc_table *t) =
      \valid_read(t) && \valid_read(t->entries + (0 .. t->entries_len - 1)) &&
      t->image_start + 4 <= t->image_end; */

/* Decodes the entry at *c into *e (e->next: the position after it) without moving *c. On an
 * error e->offset is the entry's offset when it is known, else the previous entry's. */
/*@ requires reloc_table_ok(t) && \valid_read(c) && \valid(e);
    requires \separated(e, t, c, t->entries + (0 .. t->entries_len - 1));
    assigns *e;
    ensures RELOC_OK <= \result < RELOC_ERROR_COUNT;
    ensures \result == RELOC_OK ==> e->type < RELOC_TYPES && e->next <= t->entries_len &&
      \old(c->offset) <= e->offset && t->image_start <= e->offset && e->offset + 4 <= t->image_end; */
static enum reloc_error decode(const struct reloc_table *t, const struct reloc_cursor *c,
			       struct reloc_entry *e)
{
	uint32_t v = 0, pos = c->pos;
	uint8_t b;
	e->offset = c->offset;
	/*@ loop invariant shift % 7 == 0 && shift <= 35;
	    loop invariant shift == 0 || pos <= t->entries_len;
	    loop assigns shift, pos, b, v;
	    loop variant 35 - shift; */
	for (unsigned shift = 0;; shift += 7) {
		/* Five bytes at most, and the fifth holds only the top 4 bits of 32. */
		if (pos >= t->entries_len || shift > 28)
			return RELOC_BAD_ENCODING;
		b = t->entries[pos++];
		if (shift == 28 && b > 0x0f)
			return RELOC_BAD_ENCODING;
		v |= (uint32_t)(b & 0x7f) << shift;
		if (!(b & 0x80))
			break;
	}
	uint32_t gap = (v >> 5) * 2;
	e->type = (uint8_t)(v & 31);
	e->low = 0;
	if (e->type >= RELOC_TYPES)
		return RELOC_BAD_TYPE;
	if ((e->type & 3) == RELOC_HI20) {
		if (t->entries_len - pos < 2)
			return RELOC_BAD_ENCODING;
		e->low = tbf_rd16(t->entries + pos);
		pos += 2;
		if (e->low > 0xfff)
			return RELOC_BAD_ENCODING;
	}
	if (gap > UINT32_MAX - c->offset)
		return RELOC_OUTSIDE;
	e->offset += gap;
	e->next = pos;
	if (c->index && gap < 4)
		return RELOC_OVERLAP;
	if (e->offset < t->image_start)
		return RELOC_IN_HEADER;
	if (e->offset > t->image_end - 4)   /* image_end >= image_start + 4 (reloc_parse) */
		return RELOC_OUTSIDE;
	return RELOC_OK;
}

/* Moves *c past the entry e (decoded at *c), or after an error onto it. */
/*@ requires \valid(c) && \valid_read(e) && \separated(c, e);
    assigns *c;
    ensures c->offset == e->offset; */
static void take(struct reloc_cursor *c, const struct reloc_entry *e, enum reloc_error err)
{
	c->offset = e->offset;
	if (err == RELOC_OK) {
		c->pos = e->next;
		c->index++;
	}
}

enum reloc_error reloc_next(const struct reloc_table *t, struct reloc_cursor *c,
			    struct reloc_entry *e)
{
	enum reloc_error err = decode(t, c, e);
	take(c, e, err);
	return err;
}

/* The value of the relocation TLV in tbf's header (framing checked by tbf_parse: tbf_parsed). */
/*@ requires tbf_parsed(tbf, h) && \valid(value) && \valid(len);
    requires \separated(value, len, h, tbf + (0 .. h->total_size - 1));
    assigns *value, *len;
    ensures \result == RELOC_OK || \result == RELOC_NONE || \result == RELOC_DUPLICATE;
    ensures \result == RELOC_OK ==> \exists integer p; *value == tbf + p &&
      TBF_BASE_HEADER_SIZE + 4 <= p && p + *len <= h->header_size; */
static enum reloc_error find_tlv(const uint8_t *tbf, const struct tbf_header *h,
				 const uint8_t **value, uint32_t *len)
{
	*value = NULL;
	//@ ghost uint32_t k = 0;
	/*@ loop invariant count: k <= h->tlv_count;
	    loop invariant walk: pos == tbf_tlv_at(tbf, k);
	    loop invariant TBF_BASE_HEADER_SIZE <= pos <= h->header_size;
	    loop invariant *value == \null || \exists integer p; *value == tbf + p &&
	      TBF_BASE_HEADER_SIZE + 4 <= p && p + *len <= h->header_size;
	    loop assigns pos, k, *value, *len;
	    loop variant h->header_size - pos; */
	for (uint32_t pos = TBF_BASE_HEADER_SIZE; pos + 4 <= h->header_size;) {
		uint32_t n = tbf_rd16(tbf + pos + 2);
		//@ assert k < h->tlv_count;
		//@ assert at_a: tbf_tlv_at(tbf, k + 1) == tbf_tlv_next(tbf, pos);
		//@ assert at_b: tbf_tlv_at(tbf, k + 1) <= h->header_size;
		if (tbf_rd16(tbf + pos) == RELOC_TLV_TYPE) {
			if (*value)
				return RELOC_DUPLICATE;
			*value = tbf + pos + 4;
			*len = n;
		}
		pos += 4 + (n + 3) / 4 * 4;   /* & ~3u: the same code, simpler to prove */
		//@ ghost k++;
	}
	return *value ? RELOC_OK : RELOC_NONE;
}

/* Proven (tests/verify/parsers.c): no runtime error for any header bytes tbf_parse accepted, and
 * on RELOC_OK the table is one reloc_apply may be given (reloc_table_ok), its entries lie in
 * the TBF header and its image between the protected part and the footers. */
/*@ requires parsed: tbf_parsed(tbf, h);
    requires \valid(t) && \separated(t, h, tbf + (0 .. h->total_size - 1));
    requires fault == \null || (\valid(fault) && \separated(fault, t, h, tbf + (0 .. h->total_size - 1)));
    assigns *t, *fault;
    ensures RELOC_OK <= \result < RELOC_ERROR_COUNT;
    ensures table: \result == RELOC_OK ==> reloc_table_ok(t);
    ensures image: \result == RELOC_OK ==> t->image_start == h->header_size + h->protected_trailer_size &&
      t->image_end <= h->binary_end_offset;
    ensures entries: \result == RELOC_OK ==> \exists integer p; t->entries == tbf + p &&
      TBF_BASE_HEADER_SIZE <= p && p + t->entries_len <= h->header_size; */
enum reloc_error reloc_parse(const uint8_t *tbf, const struct tbf_header *h, struct reloc_table *t,
			     struct reloc_cursor *fault)
{
	const uint8_t *v;
	uint32_t len;
	struct reloc_cursor c = { 0, 0, 0 };
	enum reloc_error e = find_tlv(tbf, h, &v, &len);
	if (e != RELOC_OK)
		return e;
	if (len < RELOC_HEADER_SIZE)
		return RELOC_BAD_HEADER;
	if (v[0] != RELOC_VERSION)
		return RELOC_BAD_VERSION;
	if (v[1] != RELOC_ARCH_RV32)
		return RELOC_BAD_ARCH;
	t->flash_align = v[2];
	t->ram_align = v[3];
	t->flash_base = tbf_rd32(v + 4);
	t->ram_base = tbf_rd32(v + 8);
	uint32_t image_size = tbf_rd32(v + 12);
	t->ram_size = tbf_rd32(v + 16);
	t->count = tbf_rd32(v + 20);
	t->entries = v + RELOC_HEADER_SIZE;
	t->entries_len = len - RELOC_HEADER_SIZE;
	t->image_start = tbf_protected_size(h);
	t->image_end = t->image_start + image_size;
	/* The image lies in the binary (before any footer), and is at least one word long so that
	 * image_end - 4 cannot wrap. */
	if (t->flash_align > RELOC_MAX_ALIGN_LOG2 || t->ram_align > RELOC_MAX_ALIGN_LOG2 ||
	    image_size < 4 || image_size > h->binary_end_offset - t->image_start ||
	    t->ram_size > h->minimum_ram_size)
		return RELOC_BAD_HEADER;
	/* Every entry takes at least one byte: this bounds the walk by the TLV's length. */
	if (t->count > t->entries_len)
		return RELOC_BAD_ENCODING;
	struct reloc_entry en;
	/*@ loop invariant 0 <= i <= t->count;
	    loop assigns i, e, c, en;
	    loop variant t->count - i; */
	for (uint32_t i = 0; i < t->count; i++) {
		e = decode(t, &c, &en);
		take(&c, &en, e);
		if (e != RELOC_OK)
			goto fail;
	}
	if (c.pos == t->entries_len)
		return RELOC_OK;
	e = RELOC_BAD_ENCODING;
fail:
	if (fault)
		*fault = c;
	return e;
}

/*@ requires \valid_read(t);
    assigns \nothing; */
struct reloc_place reloc_nominal(const struct reloc_table *t)
{
	struct reloc_place p = { t->flash_base, t->ram_base };
	return p;
}

enum reloc_error reloc_check_place(const struct reloc_table *t, const struct reloc_place *p)
{
	uint32_t df = p->flash - t->flash_base, dr = p->ram - t->ram_base;
	if ((df & ((1u << t->flash_align) - 1)) || (dr & ((1u << t->ram_align) - 1)))
		return RELOC_MISALIGNED;
	return RELOC_OK;
}

/* The deltas of a move, per kind: where the image is (from, relative to its link) and by how
 * much each kind of value changes (by); computed once per reloc_apply call. */
struct move {
	uint32_t from[4], by[4];
};

/*@ requires \valid_read(t) && \valid_read(p) && \valid(d + (0 .. 3));
    requires \separated(d + (0 .. 3), t, p);
    assigns d[0 .. 3]; */
static void deltas(const struct reloc_table *t, const struct reloc_place *p, uint32_t d[4])
{
	uint32_t df = p->flash - t->flash_base, dr = p->ram - t->ram_base;
	d[RELOC_FLASH] = df;
	d[RELOC_RAM] = dr;
	d[RELOC_RAM_PCREL] = dr - df;
	d[RELOC_ABS_PCREL] = -df;
}

/* Sign-extends a 12-bit value. */
/*@ assigns \nothing; */
static uint32_t sext12(uint32_t x)
{
	return (x ^ 0x800u) - 0x800u;
}

/* Checks the entry e (its 4 bytes at p, as placed at *from) and patches it for the move m. */
/*@ requires \valid_read(t) && \valid_read(e) && \valid_read(from) && \valid_read(m);
    requires e->type < RELOC_TYPES && \valid(p + (0 .. 3));
    requires \separated(p + (0 .. 3), t, e, from, m);
    assigns p[0 .. 3];
    ensures RELOC_OK <= \result < RELOC_ERROR_COUNT; */
static enum reloc_error patch(const struct reloc_table *t, const struct reloc_entry *e,
			      const struct reloc_place *from, const struct move *m, uint8_t *p)
{
	unsigned field = e->type % 4u, kind = e->type / 4u;   /* & 3, >> 2: the same code, simpler to prove */
	uint32_t d = m->by[kind];
	uint32_t w = tbf_rd32(p), op = w & 0x7fu, x = w;
	switch (field) {
	case RELOC_HI20:
		/* auipc for pc-relative values, lui for absolute ones. */
		if (op != (kind >= RELOC_RAM_PCREL ? 0x17u : 0x37u))
			return RELOC_BAD_INSTRUCTION;
		/* The low 12 bits as placed at *from, then the value the instruction pair holds. */
		x = (w & 0xfffff000u) + sext12((e->low + m->from[kind]) & 0xfffu);
		break;
	case RELOC_LO12_I:
		if (op != 0x03u && op != 0x13u && op != 0x67u)   /* load, op-imm, jalr */
			return RELOC_BAD_INSTRUCTION;
		break;
	default:   /* RELOC_LO12_S */
		if (field == RELOC_LO12_S && op != 0x23u)        /* store */
			return RELOC_BAD_INSTRUCTION;
		break;
	}
	if (field <= RELOC_HI20 && kind != RELOC_ABS_PCREL) {
		/* A full value is known: its target must be inside the app (image end and RAM end
		 * included, for one-past-the-end pointers). */
		uint32_t target = x;
		if (kind == RELOC_RAM_PCREL)
			target += from->flash + (e->offset - t->image_start);
		bool ok = kind == RELOC_FLASH
				  ? target - from->flash <= t->image_end - t->image_start
				  : target - from->ram <= t->ram_size;
		if (!ok)
			return RELOC_BAD_TARGET;
	}
	switch (field) {
	case RELOC_WORD:
		w += d;
		break;
	case RELOC_HI20:
		/* Rounded so that the paired low 12 bits, sign-extended, complete it. */
		w = (w & 0xfffu) | ((x + d + 0x800u) & 0xfffff000u);
		break;
	case RELOC_LO12_I:
		w += d << 20;   /* the immediate is bits 20-31: adds modulo 4096 */
		break;
	default: {
		uint32_t imm = (((w >> 25) << 5) | ((w >> 7) & 0x1fu)) + d;
		w = (w & 0x01fff07fu) | ((imm & 0xfe0u) << 20) | ((imm & 0x1fu) << 7);
		break;
	}
	}
	tbf_wr32(p, w);
	return RELOC_OK;
}

/* Proven (tests/verify/parsers.c): no runtime error for any table entries, cursor, placements
 * and image bytes, and no write outside buf[0..len), nor to a byte of it outside the image. */
/*@ requires reloc_table_ok(t) && \valid(c) && \valid_read(from) && \valid_read(to);
    requires \valid(buf + (0 .. len - 1));
    requires \separated(buf + (0 .. len - 1), t, c, from, to, t->entries + (0 .. t->entries_len - 1));
    requires \separated(c, t, from, to, t->entries + (0 .. t->entries_len - 1));
    assigns *c, buf[0 .. len - 1];
    ensures done: \result <= len && (len <= 0x7FFFFFFF ==> -0x7FFFFFFF <= \result);
    ensures in_image: \forall integer k; 0 <= k < len && !(t->image_start <= off + k < t->image_end) ==>
      buf[k] == \old(buf[k]); */
int32_t reloc_apply(const struct reloc_table *t, struct reloc_cursor *c,
		    const struct reloc_place *from, const struct reloc_place *to, uint32_t off,
		    uint8_t *buf, uint32_t len)
{
	struct reloc_entry e;
	struct move m;
	deltas(t, from, m.from);
	deltas(t, to, m.by);
	/*@ loop invariant 0 <= k <= 4;
	    loop assigns k, m.by[0 .. 3];
	    loop variant 4 - k; */
	for (unsigned k = 0; k < 4; k++)
		m.by[k] -= m.from[k];
	/* The cursor is past an entry at or after this chunk's start: begin again. */
	if (c->index && c->offset >= off)
		c->pos = c->index = c->offset = 0;
	/*@ loop invariant \forall integer k; 0 <= k < len && !(t->image_start <= off + k < t->image_end) ==>
	      buf[k] == \at(buf[k], Pre);
	    loop assigns *c, e, buf[0 .. len - 1]; */
	while (c->index < t->count) {
		enum reloc_error err = decode(t, c, &e);
		uint32_t rel = e.offset - off;
		if (err != RELOC_OK) {
			/* Nothing to do. */
		} else if (e.offset < off) {
			/* Before the chunk: done by an earlier call, unless it reaches into this one. */
			if (off - e.offset < 4)
				err = RELOC_SPLIT;
		} else if (rel >= len || len - rel < 4) {
			/* At or past the chunk's end: the bytes before it are final. */
			return (int32_t)(rel < len ? rel : len);
		} else {
			err = patch(t, &e, from, &m, buf + rel);
		}
		take(c, &e, err);
		if (err != RELOC_OK)
			return -(int32_t)err;
	}
	return (int32_t)len;
}

/* Proven (tests/verify/sha.c): no runtime error for any table reloc_parse accepted and any
 * object bytes. */
/*@ requires reloc_table_ok(t) && \valid_read(placed) && \valid_read(tbf + (0 .. end - 1));
    requires \valid(digest + (0 .. SHA256_DIGEST_SIZE - 1));
    requires fault == \null || \valid(fault);
    requires \separated(digest + (0 .. SHA256_DIGEST_SIZE - 1), fault, t, placed, t->entries + (0 .. t->entries_len - 1));
    requires fault == \null || \separated(fault, t, placed, t->entries + (0 .. t->entries_len - 1));
    assigns digest[0 .. SHA256_DIGEST_SIZE - 1], *fault; */
enum reloc_error reloc_sha256(const uint8_t *tbf, uint32_t end, const struct reloc_table *t,
			      const struct reloc_place *placed, uint8_t digest[SHA256_DIGEST_SIZE],
			      struct reloc_cursor *fault)
{
	struct sha256_ctx ctx;
	struct reloc_cursor c = { 0, 0, 0 };
	struct reloc_place nominal = reloc_nominal(t);
	uint8_t buf[SHA256_BLOCK_SIZE];
	sha256_init(&ctx);
	/*@ loop invariant off <= end && ctx.block_len < SHA256_BLOCK_SIZE;
	    loop assigns off, c, buf[0 .. SHA256_BLOCK_SIZE - 1], ctx;
	    loop variant end - off; */
	for (uint32_t off = 0; off < end;) {
		uint32_t n = end - off < sizeof buf ? end - off : (uint32_t)sizeof buf;
		/*@ loop invariant 0 <= i <= n;
		    loop assigns i, buf[0 .. SHA256_BLOCK_SIZE - 1];
		    loop variant n - i; */
		for (uint32_t i = 0; i < n; i++)
			buf[i] = tbf[off + i];
		int32_t done = reloc_apply(t, &c, placed, &nominal, off, buf, n);
		/* done == 0 only for a chunk shorter than an entry, i.e. an entry past end. */
		if (done <= 0) {
			if (fault)
				*fault = c;
			return done < 0 ? (enum reloc_error)-done : RELOC_OUTSIDE;
		}
		sha256_update(&ctx, buf, (size_t)done);
		off += (uint32_t)done;
	}
	sha256_final(&ctx, digest);
	return RELOC_OK;
}
