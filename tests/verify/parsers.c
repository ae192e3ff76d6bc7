/* Proof harness (Frama-C/WP): the TBF parser and the relocation table parser and applier, which read untrusted flash bytes, have no runtime error for any input, and the applier writes only inside the image. */
/* Compiled only by Frama-C (tests/verify/verify.mk): the sources under proof are included whole. */
#include "../../kernel/tbf.c"
#include "../../kernel/reloc.c"

/* The parsers chained as the loader chains them: what tbf_parse establishes is what reloc_parse
 * needs (tbf_parsed), so the relocation TLV's framing is proven, not assumed. */
/*@ requires \valid(h) && \valid(t) && \valid_read(buf + (0 .. avail - 1));
    requires \separated(h, t, buf + (0 .. avail - 1));
    assigns *h, *t; */
enum reloc_error parse_table(const uint8_t *buf, size_t avail, struct tbf_header *h,
			     struct reloc_table *t)
{
	if (tbf_parse(buf, avail, h) != TBF_OK)
		return RELOC_NONE;
	//@ assert \valid_read(buf + (0 .. h->total_size - 1)) && TBF_BASE_HEADER_SIZE <= h->header_size;
	//@ assert tbf_parsed(buf, h);
	return reloc_parse(buf, h, t, NULL);
}

/* And what reloc_parse establishes is what reloc_apply needs (reloc_table_ok): its precondition
 * is discharged, not assumed. The applier then leaves every byte of buf outside the app's
 * binary (the TBF header, the protected trailer, the footers: TBF offsets outside
 * [header_size + protected_trailer_size, binary_end_offset)) unchanged. */
/*@ requires tbf_parsed(tbf, h);
    requires \valid(t) && \valid(c) && \valid_read(from) && \valid_read(to);
    requires \valid(buf + (0 .. len - 1));
    requires \separated(t, c, from, to, h, tbf + (0 .. h->total_size - 1), buf + (0 .. len - 1));
    assigns *t, *c, buf[0 .. len - 1];
    ensures in_binary: \forall integer k; 0 <= k < len &&
      !(h->header_size + h->protected_trailer_size <= off + k < h->binary_end_offset) ==>
      buf[k] == \old(buf[k]); */
int32_t parse_then_apply(const uint8_t *tbf, const struct tbf_header *h, struct reloc_table *t,
			 struct reloc_cursor *c, const struct reloc_place *from,
			 const struct reloc_place *to, uint32_t off, uint8_t *buf, uint32_t len)
{
	if (reloc_parse(tbf, h, t, NULL) != RELOC_OK)
		return -1;
	return reloc_apply(t, c, from, to, off, buf, len);
}
