/* RISC-V PMP region arithmetic (pure; compiled for the host too so it can be tested and proven). */
#include "include/arch/pmp.h"   /* by path: the host build (tests/unit/test_pmp.c) compiles this file too */

/* ACSL (docs/verification.md): the hardware model the contracts below are stated in, and what a
 * valid region list is. Word w is the 4-byte word at byte address 4*w (PMP granularity). */
/*@
  predicate pmp_tor(struct pmp_config *c, integer i) = (c->cfg[i] & PMP_A_MASK) == PMP_A_TOR;
  logic integer pmp_lo(struct pmp_config *c, integer i) = i == 0 ? 0 : c->addr[i - 1];

  // TOR entry i matches word w when addr[i-1] <= w < addr[i] (addr[-1] = 0); other modes match nothing.
  predicate pmp_matches(struct pmp_config *c, integer i, integer w) =
    pmp_tor(c, i) && pmp_lo(c, i) <= w < c->addr[i];

  predicate pmp_none_below(struct pmp_config *c, integer n, integer w) =
    \forall integer j; 0 <= j < n ==> !pmp_matches(c, j, w);

  // The hardware decision for one word: the lowest-numbered matching entry decides; no match denies.
  predicate pmp_word_allows(struct pmp_config *c, integer w, integer acc) =
    \exists integer i; 0 <= i < PMP_MAX_ENTRIES && pmp_matches(c, i, w) &&
      pmp_none_below(c, i, w) && (c->cfg[i] & acc) == acc;

  // Which entry decides a word is unique, so its bits alone say whether an access is allowed.
  lemma pmp_first_match_decides{L}: \forall struct pmp_config *c, integer i, w, acc;
    0 <= i < PMP_MAX_ENTRIES && pmp_matches(c, i, w) && pmp_none_below(c, i, w) ==>
      (pmp_word_allows(c, w, acc) <==> (c->cfg[i] & acc) == acc);
  lemma pmp_no_match_denies{L}: \forall struct pmp_config *c, integer w, acc;
    pmp_none_below(c, PMP_MAX_ENTRIES, w) ==> !pmp_word_allows(c, w, acc);

  // An access of size bytes at addr: it does not wrap and every word it touches is allowed.
  predicate pmp_range_allows(struct pmp_config *c, integer addr, integer size, integer acc) =
    size == 0 || (addr + (size - 1) <= UINT32_MAX &&
      \forall integer w; addr / 4 <= w <= (addr + (size - 1)) / 4 ==> pmp_word_allows(c, w, acc));

  predicate pmp_all_off(struct pmp_config *c) =
    c->entries == 0 && \forall integer j; 0 <= j < PMP_MAX_ENTRIES ==> c->addr[j] == 0 && c->cfg[j] == 0;

  predicate pmp_perms_ok(integer p) =
    (p & 0xF8) == 0 && !((p & PMP_W) != 0 && (p & PMP_R) == 0);

  predicate pmp_region_ok(struct mpu_region *r) =
    r->start % 4 == 0 && r->end % 4 == 0 && r->start <= r->end && pmp_perms_ok(r->perms);

  predicate pmp_overlap(struct mpu_region *a, struct mpu_region *b) =
    a->start != a->end && b->start != b->end && a->start < b->end && b->start < a->end;

  predicate pmp_regions_ok(struct mpu_region *r, integer n) =
    (\forall integer i; 0 <= i < n ==> pmp_region_ok(r + i)) &&
    (\forall integer i, j; 0 <= j < i < n ==> !pmp_overlap(r + i, r + j));

  // Validity depends only on the regions' fields (pmp_compute clears its output before checking).
  lemma pmp_regions_ok_frame{L1, L2}: \forall struct mpu_region *r, integer n;
    (\forall integer k; 0 <= k < n ==> \at(r[k].start, L1) == \at(r[k].start, L2) &&
       \at(r[k].end, L1) == \at(r[k].end, L2) && \at(r[k].perms, L1) == \at(r[k].perms, L2)) ==>
    (pmp_regions_ok{L1}(r, n) <==> pmp_regions_ok{L2}(r, n));

  // The image pmp_compute makes: region i is OFF entry 2i (start/4) then TOR entry 2i+1 (end/4).
  predicate pmp_image(struct pmp_config *c, struct mpu_region *r, integer n) =
    c->entries == 2 * n &&
    (\forall integer i; 0 <= i < n ==>
       c->addr[2 * i] == r[i].start / 4 && c->cfg[2 * i] == 0 &&
       c->addr[2 * i + 1] == r[i].end / 4 && c->cfg[2 * i + 1] == (uint8_t)(PMP_A_TOR | r[i].perms)) &&
    (\forall integer j; 2 * n <= j < PMP_MAX_ENTRIES ==> c->addr[j] == 0 && c->cfg[j] == 0);

*/

/*@ requires \valid(out);
    assigns *out;
    ensures pmp_all_off(out); */
static void clear(struct pmp_config *out)
{
	/*@ loop invariant 0 <= i <= PMP_MAX_ENTRIES;
	    loop invariant \forall integer j; 0 <= j < i ==> out->addr[j] == 0 && out->cfg[j] == 0;
	    loop assigns i, out->addr[0 .. PMP_MAX_ENTRIES - 1], out->cfg[0 .. PMP_MAX_ENTRIES - 1];
	    loop variant PMP_MAX_ENTRIES - i; */
	for (unsigned i = 0; i < PMP_MAX_ENTRIES; i++) {
		out->addr[i] = 0;
		out->cfg[i] = 0;
	}
	out->entries = 0;
}

/*@ requires \valid_read(r);
    assigns \nothing;
    ensures \result == PMP_OK <==> pmp_region_ok(r);
    ensures \result == PMP_OK || \result == PMP_EALIGN || \result == PMP_EORDER || \result == PMP_EPERM; */
static enum pmp_error check_region(const struct mpu_region *r)
{
	if (r->start % 4u != 0 || r->end % 4u != 0)
		return PMP_EALIGN;
	if (r->end < r->start)
		return PMP_EORDER;
	if ((r->perms & ~(PMP_R | PMP_W | PMP_X)) != 0)
		return PMP_EPERM;
	if ((r->perms & PMP_W) && !(r->perms & PMP_R))
		return PMP_EPERM;   /* R=0,W=1 is reserved by the privileged spec */
	return PMP_OK;
}

/*@ requires \valid_read(a) && \valid_read(b);
    assigns \nothing;
    ensures \result <==> pmp_overlap(a, b); */
static bool overlaps(const struct mpu_region *a, const struct mpu_region *b)
{
	if (a->start == a->end || b->start == b->end)
		return false;
	return a->start < b->end && b->start < a->end;
}

/* PMP_OK when regions[0..n) fit in max_entries (two entries each) and are valid and disjoint. */
/*@ requires max_entries <= PMP_MAX_ENTRIES && n <= max_entries / 2 ==> \valid_read(regions + (0 .. n - 1));
    assigns \nothing;
    ensures \result == PMP_OK <==>
      (max_entries <= PMP_MAX_ENTRIES && n <= max_entries / 2 && pmp_regions_ok(regions, n)); */
static enum pmp_error validate(const struct mpu_region *regions, unsigned n, unsigned max_entries)
{
	if (max_entries > PMP_MAX_ENTRIES || n > max_entries / 2)
		return PMP_ETOOMANY;
	/*@ loop invariant 0 <= i <= n;
	    loop invariant pmp_regions_ok(regions, i);
	    loop assigns i;
	    loop variant n - i; */
	for (unsigned i = 0; i < n; i++) {
		enum pmp_error e = check_region(&regions[i]);
		if (e != PMP_OK)
			return e;
		/*@ loop invariant 0 <= j <= i;
		    loop invariant \forall integer k; 0 <= k < j ==> !pmp_overlap(regions + i, regions + k);
		    loop assigns j;
		    loop variant i - j; */
		for (unsigned j = 0; j < i; j++)
			if (overlaps(&regions[i], &regions[j]))
				return PMP_EOVERLAP;
	}
	return PMP_OK;
}

/*@ requires \valid(out);
    requires max_entries <= PMP_MAX_ENTRIES && n <= max_entries / 2 ==>
             \valid_read(regions + (0 .. n - 1)) && \separated(out, regions + (0 .. n - 1));
    assigns *out;
    behavior ok:
      assumes max_entries <= PMP_MAX_ENTRIES && n <= max_entries / 2 && pmp_regions_ok(regions, n);
      ensures \result == PMP_OK && pmp_image(out, regions, n);
    behavior bad:
      assumes !(max_entries <= PMP_MAX_ENTRIES && n <= max_entries / 2 && pmp_regions_ok(regions, n));
      ensures \result != PMP_OK && pmp_all_off(out);
    complete behaviors;
    disjoint behaviors; */
enum pmp_error pmp_compute(const struct mpu_region *regions, unsigned n, unsigned max_entries,
			   struct pmp_config *out)
{
	clear(out);
	/*@ assert max_entries <= PMP_MAX_ENTRIES && n <= max_entries / 2 ==>
	      \forall integer k; 0 <= k < n ==> regions[k].start == \at(regions[k].start, Pre) &&
	        regions[k].end == \at(regions[k].end, Pre) && regions[k].perms == \at(regions[k].perms, Pre); */
	/*@ assert max_entries <= PMP_MAX_ENTRIES && n <= max_entries / 2 ==>
	      (pmp_regions_ok(regions, n) <==> \at(pmp_regions_ok(regions, n), Pre)); */
	enum pmp_error e = validate(regions, n, max_entries);
	if (e != PMP_OK)
		return e;
	/* The invariants name the regions as they were on entry (Pre), so that each one is about out
	 * alone; that the loop leaves the regions alone (out is separate) is asserted after it. */
	/*@ loop invariant 0 <= i <= n && n <= PMP_MAX_ENTRIES / 2;
	    loop invariant lo: \forall integer k; 0 <= k < i ==>
	      out->addr[2 * k] == \at(regions[k].start, Pre) / 4 && out->cfg[2 * k] == 0;
	    loop invariant hi_addr: \forall integer k; 0 <= k < i ==> out->addr[2 * k + 1] == \at(regions[k].end, Pre) / 4;
	    loop invariant hi_cfg: \forall integer k; 0 <= k < i ==>
	      out->cfg[2 * k + 1] == (uint8_t)(PMP_A_TOR | \at(regions[k].perms, Pre));
	    loop invariant rest: \forall integer j; 2 * i <= j < PMP_MAX_ENTRIES ==> out->addr[j] == 0 && out->cfg[j] == 0;
	    loop assigns i, out->addr[0 .. PMP_MAX_ENTRIES - 1], out->cfg[0 .. PMP_MAX_ENTRIES - 1];
	    loop variant n - i; */
	for (unsigned i = 0; i < n; i++) {
		//@ assert sep: \separated(regions + i, &out->addr[0 .. PMP_MAX_ENTRIES - 1], &out->cfg[0 .. PMP_MAX_ENTRIES - 1]);
		//@ assert cur: \let k = i; regions[k].start == \at(regions[k].start, Pre) && regions[k].end == \at(regions[k].end, Pre) && regions[k].perms == \at(regions[k].perms, Pre);
		uint32_t end = regions[i].end;   /* read before out is written: simpler to prove */
		out->addr[2 * i] = regions[i].start / 4u;
		out->cfg[2 * i] = 0;   /* OFF: only supplies the TOR lower bound */
		out->addr[2 * i + 1] = end / 4u;
		out->cfg[2 * i + 1] = (uint8_t)(PMP_A_TOR | regions[i].perms);
	}
	/*@ assert frame: \forall integer k; 0 <= k < n ==>
	      regions[k].start == \at(regions[k].start, Pre) && regions[k].end == \at(regions[k].end, Pre) &&
	      regions[k].perms == \at(regions[k].perms, Pre); */
	out->entries = (uint8_t)(2 * n);
	return PMP_OK;
}

/* For the contract below: the pmpcfg byte of region i's TOR entry, and pmpcfg0 holding bytes
 * b0-b3 from the low end, spelled as the code computes it. The contract is stated per number of
 * regions (0, 1 or 2) and per entry, without quantifiers: the provers handle that far better. */
#define PMP_TOR_CFG(r, i) ((uint8_t)(PMP_A_TOR | (r)[i].perms))
#define PMP_CFG0(b0, b1, b2, b3) ((uint32_t)(b0) | (uint32_t)((uint32_t)(b1) << 8) | \
				  (uint32_t)((uint32_t)(b2) << 16) | (uint32_t)((uint32_t)(b3) << 24))

/*@ requires \valid(out);
    requires n <= PMP_CSR_ENTRIES / 2 ==>
             \valid_read(regions + (0 .. n - 1)) && \separated(out, regions + (0 .. n - 1));
    assigns *out;
    behavior ok:
      assumes n <= PMP_CSR_ENTRIES / 2 && pmp_regions_ok(regions, n);
      ensures \result == PMP_OK;
      ensures n >= 1 ==> out->addr[0] == \old(regions[0].start) / 4 && out->addr[1] == \old(regions[0].end) / 4;
      ensures n == 2 ==> out->addr[2] == \old(regions[1].start) / 4 && out->addr[3] == \old(regions[1].end) / 4;
      ensures n == 0 ==> out->addr[0] == 0 && out->addr[1] == 0;
      ensures n <= 1 ==> out->addr[2] == 0 && out->addr[3] == 0;
      ensures n == 2 ==> out->cfg0 == \old(PMP_CFG0(0, PMP_TOR_CFG(regions, 0), 0, PMP_TOR_CFG(regions, 1)));
      ensures n == 1 ==> out->cfg0 == \old(PMP_CFG0(0, PMP_TOR_CFG(regions, 0), 0, 0));
      ensures n == 0 ==> out->cfg0 == 0;
    behavior bad:
      assumes !(n <= PMP_CSR_ENTRIES / 2 && pmp_regions_ok(regions, n));
      ensures \result != PMP_OK && out->cfg0 == 0;
      ensures out->addr[0] == 0 && out->addr[1] == 0 && out->addr[2] == 0 && out->addr[3] == 0;
    complete behaviors;
    disjoint behaviors; */
enum pmp_error pmp_encode(const struct mpu_region *regions, unsigned n, struct pmp_csrs *out)
{
	struct pmp_config c;
	enum pmp_error e = pmp_compute(regions, n, PMP_CSR_ENTRIES, &c);
	/*@ assert e == PMP_OK && n >= 1 ==> c.cfg[0] == 0 && c.cfg[1] == PMP_TOR_CFG(regions, 0) &&
	      c.addr[0] == regions[0].start / 4 && c.addr[1] == regions[0].end / 4; */
	/*@ assert e == PMP_OK && n == 2 ==> c.cfg[2] == 0 && c.cfg[3] == PMP_TOR_CFG(regions, 1) &&
	      c.addr[2] == regions[1].start / 4 && c.addr[3] == regions[1].end / 4; */
	/*@ assert e == PMP_OK && n == 0 ==> c.cfg[0] == 0 && c.cfg[1] == 0 && c.addr[0] == 0 && c.addr[1] == 0; */
	/*@ assert e == PMP_OK && n <= 1 ==> c.cfg[2] == 0 && c.cfg[3] == 0 && c.addr[2] == 0 && c.addr[3] == 0; */
	/*@ assert e != PMP_OK ==> c.cfg[0] == 0 && c.cfg[1] == 0 && c.cfg[2] == 0 && c.cfg[3] == 0; */
	/*@ assert e != PMP_OK ==> \forall integer k; 0 <= k < PMP_CSR_ENTRIES ==> c.addr[k] == 0; */
	out->cfg0 = (uint32_t)c.cfg[0] | (uint32_t)c.cfg[1] << 8 | (uint32_t)c.cfg[2] << 16 |
		    (uint32_t)c.cfg[3] << 24;
	out->addr[0] = c.addr[0];
	out->addr[1] = c.addr[1];
	out->addr[2] = c.addr[2];
	out->addr[3] = c.addr[3];
	_Static_assert(PMP_CSR_ENTRIES == 4, "pmp_csrs copies four entries");
	return e;
}

/* The entry that matches word w (byte address 4*w), or -1. Implements the TOR rule:
 * entry i matches when addr[i-1] <= w < addr[i] (addr[-1] = 0). */
/*@ requires \valid_read(c);
    assigns \nothing;
    ensures -1 <= \result < PMP_MAX_ENTRIES;
    ensures \result == -1 ==> pmp_none_below(c, PMP_MAX_ENTRIES, w);
    ensures \result >= 0 ==> pmp_matches(c, \result, w) && pmp_none_below(c, \result, w); */
static int match(const struct pmp_config *c, uint32_t w)
{
	/*@ loop invariant 0 <= i <= PMP_MAX_ENTRIES;
	    loop invariant pmp_none_below(c, i, w);
	    loop assigns i;
	    loop variant PMP_MAX_ENTRIES - i; */
	for (unsigned i = 0; i < PMP_MAX_ENTRIES; i++) {
		if ((c->cfg[i] & PMP_A_MASK) != PMP_A_TOR)
			continue;   /* OFF (this model does not use NA4/NAPOT) */
		uint32_t lo = i == 0 ? 0 : c->addr[i - 1];
		if (lo <= w && w < c->addr[i])
			return (int)i;
	}
	return -1;
}

/*@ requires \valid_read(c);
    assigns \nothing;
    ensures \result <==> pmp_range_allows(c, addr, size, access); */
bool pmp_allows(const struct pmp_config *c, uint32_t addr, uint32_t size, uint8_t access)
{
	if (size == 0)
		return true;
	if (size - 1 > UINT32_MAX - addr)
		return false;   /* wraps around the address space */
	/* Matching is per 4-byte word, so checking each word of the access is exact. */
	uint32_t first = addr / 4u, last = (addr + (size - 1)) / 4u;
	//@ assert first == addr / 4 && last == (addr + (size - 1)) / 4;
	/*@ loop invariant first <= w <= last;
	    loop invariant \forall integer k; first <= k < w ==> pmp_word_allows(c, k, access);
	    loop assigns w;
	    loop variant last - w; */
	for (uint32_t w = first;; w++) {
		int i = match(c, w);
		if (i < 0 || (c->cfg[i] & access) != access) {
			//@ assert !pmp_word_allows(c, w, access);
			return false;
		}
		if (w == last)
			break;
	}
	return true;
}
