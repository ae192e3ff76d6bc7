/* ARMv7-M MPU region arithmetic (pure; compiled for the host too so it can be tested exhaustively). */
#include "include/arch/cmpu.h"   /* by path: tests/unit/test_cmpu.c compiles this file too */

/*@
  // ---- The hardware model: the ARMv7-M MPU (PMSAv7) as the Architecture Reference Manual ----
  // ---- describes it for an unprivileged access, written from the manual, not from this code. ----
  // pw8(i) = 2^i for a bit of the 8-bit SRD field.
  logic integer pw8(integer i) = i == 0 ? 1 : i == 1 ? 2 : i == 2 ? 4 : i == 3 ? 8 : i == 4 ? 16 :
                                 i == 5 ? 32 : i == 6 ? 64 : i == 7 ? 128 : 256;
  // The fields of RBAR (ADDR, bits 31:5) and RASR (ENABLE bit 0, SIZE bits 5:1, SRD bits 15:8,
  // AP bits 26:24, XN bit 28), read as the hardware reads them.
  logic integer rbar_addr(integer b) = b - b % 32;
  logic integer rasr_enable(integer v) = v % 2;
  logic integer rasr_size(integer v) = v / 2 % 32;
  logic integer rasr_srd(integer v) = v / 256 % 256;
  logic integer rasr_ap(integer v) = v / 0x1000000 % 8;
  logic integer rasr_xn(integer v) = v / 0x10000000 % 2;
  // A region is 2^(SIZE+1) bytes; from 256 bytes its eighths are subregions, SRD bit j set
  // disabling the j-th (its bytes fall through to lower-numbered regions).
  logic integer region_bytes(integer v) = 1 << (rasr_size(v) + 1);
  predicate srd_bit(integer srd, integer j) = srd / pw8(j) % 2 == 1;
  predicate hw_match(integer b, integer v, integer a) =
    rasr_enable(v) == 1 && rbar_addr(b) <= a < rbar_addr(b) + region_bytes(v) &&
    (region_bytes(v) < 256 || !srd_bit(rasr_srd(v), (a - rbar_addr(b)) / (region_bytes(v) / 8)));
  // Unprivileged rights of AP (and XN, which forbids fetches; a fetch needs read access):
  // 011 read/write; 010, 110, 111 read-only; 000, 001, 101 none (100 is reserved). As MPU_R,
  // MPU_W, MPU_X bits: 1 R, 3 RW, 5 RX, 7 RWX.
  logic integer ap_rights(integer ap, integer xn) =
    ap == 3 ? (xn == 1 ? 3 : 7) : (ap == 2 || ap == 6 || ap == 7) ? (xn == 1 ? 1 : 5) : 0;
  logic integer hw_region_rights(integer v) = ap_rights(rasr_ap(v), rasr_xn(v));
  // Region i decides byte a: it matches a and no higher-numbered region does.
  predicate hw_decides{L}(struct cmpu_image *m, integer i, integer a) =
    0 <= i < CMPU_REGIONS && hw_match(m->rbar[i], m->rasr[i], a) &&
    \forall integer j; i < j < CMPU_REGIONS ==> !hw_match(m->rbar[j], m->rasr[j], a);
  // No region matches a: the access is denied.
  predicate hw_none{L}(struct cmpu_image *m, integer a) =
    \forall integer j; 0 <= j < CMPU_REGIONS ==> !hw_match(m->rbar[j], m->rasr[j], a);
  // Nothing the manual calls UNPREDICTABLE in an enabled region: SIZE >= 4, a base aligned to
  // the size, no SRD bits below 256 bytes, AP not 100.
  predicate hw_sane(integer b, integer v) =
    rasr_enable(v) == 1 ==> rasr_size(v) >= 4 && rbar_addr(b) % region_bytes(v) == 0 &&
                            (region_bytes(v) < 256 ==> rasr_srd(v) == 0) && rasr_ap(v) != 4;
  // ---- End of the hardware model. ----

  // The lemmas sit in named axiomatic blocks: WP gives a goal the lemmas of a block only when
  // the goal uses a symbol the block defines, whereas a lemma outside every block (or in a block
  // that defines nothing) is in the context of every goal of the file. So the division and
  // multiplication lemmas the register words need (block Pack), the SRD closed form's (block
  // SrdClosed) and widest's (block Exact) stay out of cover's goals, whose memory frames time
  // out with them in context (docs/verification.md).
  // The SRD closed form widest writes (srd_of): 255 + 2^i0 - 2^i1 has exactly the bits outside
  // [i0, i1) set. Stated first, before every other lemma, so that its context is small: one
  // lemma whose eight parts wp:split separates, each then by cases on i0 and i1 (wp:range);
  // proved in the set mpu-srd (tests/verify/verify.mk).
  axiomatic SrdClosed {
  // The closed form as a function, so that provers can match it.
  logic integer srd_closed(integer i0, integer i1) = 255 + pw8(i0) - pw8(i1);
  lemma srd_bits: \forall integer i0, i1; 0 <= i0 < i1 <= 8 ==>
    (srd_bit(255 + pw8(i0) - pw8(i1), 0) <==> (0 < i0 || i1 <= 0)) &&
    (srd_bit(255 + pw8(i0) - pw8(i1), 1) <==> (1 < i0 || i1 <= 1)) &&
    (srd_bit(255 + pw8(i0) - pw8(i1), 2) <==> (2 < i0 || i1 <= 2)) &&
    (srd_bit(255 + pw8(i0) - pw8(i1), 3) <==> (3 < i0 || i1 <= 3)) &&
    (srd_bit(255 + pw8(i0) - pw8(i1), 4) <==> (4 < i0 || i1 <= 4)) &&
    (srd_bit(255 + pw8(i0) - pw8(i1), 5) <==> (5 < i0 || i1 <= 5)) &&
    (srd_bit(255 + pw8(i0) - pw8(i1), 6) <==> (6 < i0 || i1 <= 6)) &&
    (srd_bit(255 + pw8(i0) - pw8(i1), 7) <==> (7 < i0 || i1 <= 7));
  // Any bit: by cases on j, each one part of srd_bits.
  lemma srd_mask: \forall integer i0, i1, j; 0 <= i0 < i1 <= 8 && 0 <= j < 8 ==>
    (srd_bit(255 + pw8(i0) - pw8(i1), j) <==> (j < i0 || i1 <= j));
  lemma srd_closed_bit: \forall integer i0, i1, j; 0 <= i0 < i1 <= 8 && 0 <= j < 8 ==>
    (srd_bit(srd_closed(i0, i1), j) <==> (j < i0 || i1 <= j));
  // The closed form enables exactly the offsets of subregions [i0, i1) (from srd_closed_bit).
  lemma sub_window: \forall integer s, i0, i1, x;
    5 <= s <= 29 && 0 <= i0 < i1 <= 8 && 0 <= x < 8 * (1 << s) ==>
    (!srd_bit(srd_closed(i0, i1), x / (1 << s)) <==> i0 * (1 << s) <= x < i1 * (1 << s));
  }

  // A hardware region as the model reads it (hw_match), from its fields.
  predicate covers(integer base, integer k, integer srd, integer a) =
    base <= a < base + (1 << k) && ((1 << k) < 256 || !srd_bit(srd, (a - base) / ((1 << k) / 8)));
  predicate hw_ok(integer base, integer k, integer srd) =
    5 <= k <= 32 && 0 <= base < 0x100000000 && base % (1 << k) == 0 && 0 <= srd < 256 &&
    ((1 << k) < 256 ==> srd == 0);

  axiomatic Pack {
  // The registers cmpu_encode writes for a hardware region in a slot, with access bits ab
  // (access_bits: RO|XN, RO, RW|XN, RW), read back by the hardware model: the model sees the
  // region's exact bytes, no UNPREDICTABLE encoding, and the rights asked for.
  logic integer pack_rbar(integer base, integer slot) = base + CMPU_RBAR_VALID + slot;
  logic integer pack_rasr(integer k, integer srd, integer ab) =
    CMPU_RASR_ENABLE + (k - 1) * 2 + srd * 256 + 0x60000 + ab;
  predicate ab_ok(integer ab) = ab == 0x16000000 || ab == 0x06000000 || ab == 0x13000000 || ab == 0x03000000;
  logic integer ab_rights(integer ab) =
    ab == 0x16000000 ? 1 : ab == 0x06000000 ? 5 : ab == 0x13000000 ? 3 : 7;
#ifndef CMPU_PROOF_LEAN
  // (cmpu_encode is proved without these lemmas in its context: tests/verify/verify.mk, set encode)
  // Plain arithmetic (each lemma is proved from those before it).
  lemma div_ge: \forall integer x, d, q; 0 < d && 0 <= x && 0 <= q ==> (q <= x / d <==> q * d <= x);
  lemma div_lt: \forall integer x, d, q; 0 < d && 0 <= x && 0 <= q ==> (x / d < q <==> x < q * d);
  lemma div_exact: \forall integer x, d; 0 < d && 0 <= x && x % d == 0 ==> x / d * d == x;
  lemma div_exact_pred: \forall integer x, d; 0 < d && 0 < x && x % d == 0 ==> (x - 1) / d + 1 == x / d;
  lemma mul_lt_cancel: \forall integer q, r, d; 0 < d ==> (q * d < r * d <==> q < r);
  lemma mul_le_cancel: \forall integer q, r, d; 0 < d ==> (q * d <= r * d <==> q <= r);
  lemma round_down: \forall integer x, d; 0 < d && 0 <= x ==> (x - x % d) % d == 0 && 0 <= x % d < d && x % d <= x;
  // Reading the fields back (each proved from the arithmetic above).
  lemma ab_mult: \forall integer ab; ab_ok(ab) ==> ab == ab / 0x1000000 * 0x1000000 && 0 <= ab / 0x1000000 < 32;
  lemma pack_split: \forall integer k, srd, ab; ab_ok(ab) ==>
    pack_rasr(k, srd, ab) == 1 + (k - 1) * 2 + 256 * (srd + 256 * (6 + 256 * (ab / 0x1000000)));
  lemma digits: \forall integer lo, hi, d; 0 < d && 0 <= lo < d && 0 <= hi ==> (lo + d * hi) / d == hi && (lo + d * hi) % d == lo;
  lemma pack_half: \forall integer k, srd, ab; 5 <= k <= 32 && 0 <= srd < 256 && ab_ok(ab) ==>
    pack_rasr(k, srd, ab) / 2 == (k - 1) + 32 * (4 * (srd + 256 * (6 + 256 * (ab / 0x1000000))));
  lemma pack_byte1: \forall integer k, srd, ab; 5 <= k <= 32 && 0 <= srd < 256 && ab_ok(ab) ==>
    pack_rasr(k, srd, ab) / 256 == srd + 256 * (6 + 256 * (ab / 0x1000000));
  lemma pack_srd_mod: \forall integer srd, ab; 0 <= srd < 256 && ab_ok(ab) ==>
    (srd + 256 * (6 + 256 * (ab / 0x1000000))) % 256 == srd;
  lemma pack_enable: \forall integer k, srd, ab; 5 <= k <= 32 && 0 <= srd < 256 && ab_ok(ab) ==>
    rasr_enable(pack_rasr(k, srd, ab)) == 1;
  lemma pack_size: \forall integer k, srd, ab; 5 <= k <= 32 && 0 <= srd < 256 && ab_ok(ab) ==>
    rasr_size(pack_rasr(k, srd, ab)) == k - 1;
#endif
  // Not yet proved within the suite's time (it follows from pack_byte1 and pack_srd_mod):
  // that the model reads the SRD field back as srd. pack_match and pack_sane take it as a
  // hypothesis, srd_read, instead.
  predicate srd_read(integer k, integer srd, integer ab) = rasr_srd(pack_rasr(k, srd, ab)) == srd;
  lemma pack_addr: \forall integer base, slot; 0 <= base && base % 32 == 0 && 0 <= slot < 8 ==>
    rbar_addr(pack_rbar(base, slot)) == base;
  lemma pack_rights: \forall integer k, srd, ab; 5 <= k <= 32 && 0 <= srd < 256 && ab_ok(ab) ==>
    rasr_ap(pack_rasr(k, srd, ab)) != 4 &&
    hw_region_rights(pack_rasr(k, srd, ab)) == ab_rights(ab);
  // A hardware region as cmpu_encode writes it is read back by the model as exactly that region.
#ifndef CMPU_PROOF_LEAN
  // (cmpu_encode is proved without these lemmas in its context: tests/verify/verify.mk, set encode)
  lemma pack_bytes: \forall integer k, srd, ab; 5 <= k <= 32 && 0 <= srd < 256 && ab_ok(ab) ==>
    region_bytes(pack_rasr(k, srd, ab)) == (1 << k);
  lemma match_fields: \forall integer b, v, base, k, srd, a;
    rbar_addr(b) == base && rasr_enable(v) == 1 && region_bytes(v) == (1 << k) && rasr_srd(v) == srd ==>
    (hw_match(b, v, a) <==> covers(base, k, srd, a));
#endif
  lemma pack_match: \forall integer base, k, srd, slot, ab, a;
    hw_ok(base, k, srd) && base % 32 == 0 && 0 <= slot < 8 && ab_ok(ab) && srd_read(k, srd, ab) ==>
    (hw_match(pack_rbar(base, slot), pack_rasr(k, srd, ab), a) <==> covers(base, k, srd, a));
  lemma pack_sane: \forall integer base, k, srd, slot, ab;
    hw_ok(base, k, srd) && base % 32 == 0 && 0 <= slot < 8 && ab_ok(ab) && srd_read(k, srd, ab) ==>
    hw_sane(pack_rbar(base, slot), pack_rasr(k, srd, ab));
  }

  // rasr_of's SRD step: the word's bits from 8 up, named, and its low byte. A block of its own
  // (it defines rasr_high), so that only rasr_of's goals see these two lemmas: with the set
  // encode's CMPU_PROOF_LEAN, pack_byte1 and pack_srd_mod are not in Pack; these are proved in
  // mpu-lemmas, where they are (each an instance of one of them).
  axiomatic PackSrd {
  logic integer rasr_high(integer srd, integer ab) = srd + 256 * (6 + 256 * (ab / 0x1000000));
  lemma pack_high: \forall integer k, srd, ab; 5 <= k <= 32 && 0 <= srd < 256 && ab_ok(ab) ==>
    pack_rasr(k, srd, ab) / 256 == rasr_high(srd, ab);
  lemma high_srd: \forall integer srd, ab; 0 <= srd < 256 && ab_ok(ab) ==> rasr_high(srd, ab) % 256 == srd;
  }

  // A disabled slot (disable_all) matches nothing.
  lemma off_none: \forall integer b, a; !hw_match(b, 0, a);
#ifndef CMPU_PROOF_LEAN
  // (cmpu_encode is proved without these lemmas in its context: tests/verify/verify.mk, set encode)
  // The arithmetic facts the proof uses, proved by case analysis (wp:range) in the lemmas set.
  lemma pw8_lsl: \forall integer i; 0 <= i <= 8 ==> (1 << i) == pw8(i);
  lemma pow_range: \forall integer k; 5 <= k <= 32 ==> 32 <= (1 << k) <= 0x100000000;
  lemma pow_mod32: \forall integer k; 5 <= k <= 32 ==> (1 << k) % 32 == 0;
  lemma pow_big: \forall integer k; 5 <= k <= 32 && 256 <= (1 << k) ==> 8 <= k;
  lemma pow_small: \forall integer k; 5 <= k < 8 ==> (1 << k) < 256;
  lemma pow_sub: \forall integer k; 8 <= k <= 32 ==> 32 <= (1 << (k - 3)) <= 0x20000000;
  lemma pow_eighth: \forall integer k; 8 <= k <= 32 ==> (1 << k) == 8 * (1 << (k - 3));
  // srd_for's subregion arithmetic, for a region of 2^(s+3) bytes (s >= 5) and its eighths
  // 2^s (stated with 1 << s, the form WP gives (1 << k) / 8), proved by cases on s (wp:range),
  // where the eighth is a constant.
  // (Outside the block SrdClosed: srd_for's index steps come before it uses srd_closed.)
  // The subregion indices of offsets [lo, hi), multiples of an eighth: i0 = lo / eighth and
  // i1 = (hi - 1) / eighth + 1 (so that hi = 2^32 is not needed in 32 bits).
  lemma sub_index: \forall integer s, lo, hi;
    5 <= s <= 29 && 0 <= lo < hi <= 8 * (1 << s) && lo % (1 << s) == 0 && hi % (1 << s) == 0 ==>
    0 <= lo / (1 << s) && lo / (1 << s) <= (hi - 1) / (1 << s) && (hi - 1) / (1 << s) <= 7 &&
    lo / (1 << s) * (1 << s) == lo && ((hi - 1) / (1 << s) + 1) * (1 << s) == hi;
#endif
*/

/* One hardware region: 2^k bytes at base, subregions in srd disabled. */
struct hw_region {
	uint32_t base;
	uint8_t k;
	uint8_t srd;
};

/*@
  axiomatic Exact {
  // r covers exactly the bytes [from, to).
  predicate exact{L}(struct hw_region *r, integer from, integer to) =
    hw_ok(r->base, r->k, r->srd) &&
    \forall integer a; covers(r->base, r->k, r->srd, a) <==> from <= a < to;
  // round_down with the rounded value named, so that provers find it by its remainder. First in the
  // block: after covers_big it is proved from that lemma too, and times out at 180 s.
  lemma round_down_mod: \forall integer x, d, b; 0 < d && 0 <= x && b == x - x % d ==> b % d == 0;
  // covers for a region of 256 bytes or more (given pow_eighth and pow_sub), with its eighth
  // in the form WP gives it, 1 << (k - 3).
  lemma eighth_div: \forall integer k; (1 << k) == 8 * (1 << (k - 3)) ==> (1 << k) / 8 == (1 << (k - 3));
  lemma covers_big: \forall integer base, k, srd, a;
    (1 << k) == 8 * (1 << (k - 3)) && 32 <= (1 << (k - 3)) ==>
    (covers(base, k, srd, a) <==>
     base <= a < base + 8 * (1 << (k - 3)) && !srd_bit(srd, (a - base) / (1 << (k - 3))));
  // A region's base is on a granule (its size is a multiple of 32): a product q 2^k (5 <= k <=
  // 32) is a multiple of 32, by cases on k (wp:range); so is the quotient form of a multiple of
  // 2^k (an instance), which hw_mult gives for the base. (Not x % 2^k == 0 ==> x % 32 == 0
  // directly: neither prover finds it within 60 s, with or without the cases.)
  lemma mod_pow32: \forall integer q, k; 5 <= k <= 32 && 0 <= q ==> (q * (1 << k)) % 32 == 0;
  lemma mod_pow32q: \forall integer x, k; 5 <= k <= 32 && 0 <= x / (1 << k) ==> (x / (1 << k) * (1 << k)) % 32 == 0;
  lemma hw_mult: \forall integer base, k, srd; hw_ok(base, k, srd) ==>
    base == base / (1 << k) * (1 << k) && 0 <= base / (1 << k) && 5 <= k <= 32;
  lemma hw_base32: \forall integer base, k, srd; hw_ok(base, k, srd) ==> base % 32 == 0;
  }
*/

/* The SRD byte that enables subregions [i0, i1) and disables the others. */
/*@ requires 0 <= i0 < i1 <= 8;
    assigns \nothing;
    ensures \result == srd_closed(i0, i1); */
static uint8_t srd_of(unsigned i0, unsigned i1)
{
	//@ assert (1 << i0) == pw8(i0) && (1 << i1) == pw8(i1);
	return (uint8_t)(255u + (1u << i0) - (1u << i1));
}

/* The SRD byte of a region of 2^k bytes (k >= 8) that enables exactly its offsets [lo, hi),
 * multiples of an eighth. In 32 bits (hi can be 2^32, hi - 1 cannot). */
/*@ requires 8 <= k <= 32;
    requires 0 <= lo < hi <= 8 * (1 << (k - 3));
    requires lo % (1 << (k - 3)) == 0 && hi % (1 << (k - 3)) == 0;
    assigns \nothing;
    ensures \forall integer x; 0 <= x < 8 * (1 << (k - 3)) ==>
      (!srd_bit(\result, x / (1 << (k - 3))) <==> lo <= x < hi); */
static uint8_t srd_for(uint64_t lo, uint64_t hi, int k)
{
	//@ assert 32 <= (1 << (k - 3)) <= 0x20000000 && (unsigned)(1 << (k - 3)) == (1 << (k - 3));
	//@ assert lo < 0x100000000 && 0 <= hi - 1 < 0x100000000;
	//@ assert 0 <= lo / (1 << (k - 3)) <= (hi - 1) / (1 << (k - 3)) <= 7;
	uint32_t first = (uint32_t)lo, last = (uint32_t)(hi - 1u);
	//@ assert first == lo && last == hi - 1;
	unsigned i0 = first / (1u << (k - 3));
	unsigned i1 = last / (1u << (k - 3)) + 1u;
	//@ assert i0 == lo / (1 << (k - 3));
	//@ assert i1 == (hi - 1) / (1 << (k - 3)) + 1;
	//@ assert i0 * (1 << (k - 3)) == lo && i1 * (1 << (k - 3)) == hi;
	return srd_of(i0, i1);
}

/*
 * The hardware region that covers the longest prefix [start, e) of [start, end) exactly, and
 * e (start when none can). Tries every size: a region of 2^k bytes holding start covers from
 * its base; below 256 bytes it must start at start and fit whole, from 256 bytes start must
 * be a subregion boundary and the cover ends at the last subregion boundary not past end or
 * the region's end. Ties go to the smaller region.
 */
/*@ requires \valid(out);
    requires start % 32 == 0 && end % 32 == 0 && start < end <= 0x100000000;
    assigns *out;
    ensures start < \result <= end;
    ensures exact(out, start, \result);
    ensures out->base % 32 == 0; */
static uint64_t widest(uint32_t start, uint64_t end, struct hw_region *out)
{
	uint64_t best = start;
	/*@ loop invariant 5 <= k <= 33;
	    loop invariant start <= best <= end;
	    loop invariant k > 5 ==> best > start;
	    loop invariant best > start ==> exact(out, start, best);
	    loop assigns k, best, *out;
	    loop variant 33 - k; */
	for (int k = 5; k <= 32; k++) {
		/* Sizes are powers of two written as shifts of 1, so that GCC turns % and / by
		 * them into masks and shifts (no 64-bit division routine in the kernel) while
		 * the proof reads plain arithmetic. */
		uint64_t n = (uint64_t)1 << k;
		//@ assert n == (1 << k) && 32 <= n <= 0x100000000 && n % 32 == 0;
		uint64_t base = start - start % n;
		//@ assert 0 <= start % n < n && start % n <= start;
		//@ assert base == start - start % n;
		//@ assert base % n == 0 && 0 <= base <= start && start - base < n;
		uint64_t e;
		if (n < 256) {
			if (base != start || start + n > end)
				continue;
			e = start + n;
			//@ assert base == start && e == start + n && k < 8;
		} else {
			//@ assert 8 <= k;
			//@ assert 32 <= (1 << (k - 3)) <= 0x20000000 && n == 8 * (1 << (k - 3)) && (1 << (k - 3)) == n / 8;
			uint64_t sub = (uint64_t)1 << (k - 3);   /* an eighth */
			//@ assert sub == (1 << (k - 3)) && n == 8 * sub;
			uint64_t off = start - base;
			//@ assert off == start - base;
			if (off % sub)
				break;   /* larger regions have larger subregions: none fits */
			//@ assert off % sub == 0;
			//@ assert (start - base) % (1 << (k - 3)) == 0;
			uint64_t top = base + n < end ? base + n : end;
			//@ assert base < top <= base + n;
			//@ assert 0 < top - base <= n && 0 <= (top - base) % sub < sub;
			//@ assert (top - base) % sub <= top - base;
			uint64_t span = top - base;
			//@ assert span == top - base && 0 <= span % sub <= span;
			e = top - span % sub;
			//@ assert e == top - (top - base) % sub;
			//@ assert e - base == (top - base) - (top - base) % sub;
			//@ assert (e - base) % sub == 0 && base <= e <= top;
			//@ assert (e - base) % (1 << (k - 3)) == 0 && e - base <= 8 * (1 << (k - 3));
			if (e <= start)
				continue;
		}
		if (e > best) {
			best = e;
			out->base = (uint32_t)base;
			out->k = (uint8_t)k;
			out->srd = 0;
			if (n >= 256) {
				/* Subregions [i0, i1) hold [start, e): disable the others. */
				//@ assert 8 <= k && 0 <= start - base < e - base <= 8 * (1 << (k - 3));
				//@ assert (start - base) % (1 << (k - 3)) == 0 && (e - base) % (1 << (k - 3)) == 0;
				out->srd = srd_for(start - base, e - base, k);
				//@ assert 256 <= (1 << k) && (1 << k) / 8 == (1 << (k - 3));
				//@ assert \forall integer a; covers(base, k, out->srd, a) <==> start <= a < e;
			} else {
				//@ assert (1 << k) < 256 && base == start && e == start + (1 << k);
				//@ assert \forall integer a; covers(base, k, out->srd, a) <==> start <= a < e;
			}
			//@ assert out->base == base && out->k == k && (1 << out->k) == n;
			//@ assert hw_ok(out->base, out->k, out->srd);
			//@ assert \forall integer a; covers(out->base, out->k, out->srd, a) <==> start <= a < e;
			//@ assert exact(out, start, e);
		}
	}
	return best;
}

/*@
  // The pieces cover writes: hardware regions the model can hold (hw_ok, base on a granule)
  // that cover only bytes of [from, to) (piece_in), and every byte of [from, to) is covered by
  // one of out[0 .. n) (pieces_all). Written out for the eight slots rather than quantified
  // over an index: the provers then see each slot's frame as a ground fact.
  predicate piece_in(struct hw_region r, integer from, integer to) =
    hw_ok(r.base, r.k, r.srd) && r.base % 32 == 0 &&
    \forall integer a; covers(r.base, r.k, r.srd, a) ==> from <= a < to;
  predicate pieces_in{L}(struct hw_region *out, integer n, integer from, integer to) =
    (0 < n ==> piece_in(out[0], from, to)) && (1 < n ==> piece_in(out[1], from, to)) &&
    (2 < n ==> piece_in(out[2], from, to)) && (3 < n ==> piece_in(out[3], from, to)) &&
    (4 < n ==> piece_in(out[4], from, to)) && (5 < n ==> piece_in(out[5], from, to)) &&
    (6 < n ==> piece_in(out[6], from, to)) && (7 < n ==> piece_in(out[7], from, to));
  predicate piece_has(struct hw_region r, integer a) = covers(r.base, r.k, r.srd, a);
  predicate pieces_all{L}(struct hw_region *out, integer n, integer from, integer to) =
    \forall integer a; from <= a < to ==>
      (0 < n && piece_has(out[0], a)) || (1 < n && piece_has(out[1], a)) ||
      (2 < n && piece_has(out[2], a)) || (3 < n && piece_has(out[3], a)) ||
      (4 < n && piece_has(out[4], a)) || (5 < n && piece_has(out[5], a)) ||
      (6 < n && piece_has(out[6], a)) || (7 < n && piece_has(out[7], a));
*/

/* Covers [start, end) with at most max hardware regions; returns how many it used, or
 * max + 1 when it needs more (or the bounds are not granule multiples). */
/*@ requires max <= CMPU_REGIONS;
    requires out == \null || \valid(out + (0 .. max - 1));
    assigns out[0 .. max - 1];
    ensures \result <= max + 1;
    ensures end < start || start % 32 != 0 || end % 32 != 0 ==> \result == max + 1;
    ensures out != \null && \result <= max ==> pieces_in(out, \result, start, end);
    ensures out != \null && \result <= max ==> pieces_all(out, \result, start, end); */
static unsigned cover(uint32_t start, uint32_t end, struct hw_region *out, unsigned max)
{
	if (end < start || start % CMPU_GRANULE || end % CMPU_GRANULE)
		return max + 1;
	unsigned used = 0;
	uint64_t at = start;
	/*@ loop invariant start <= at <= end && at % 32 == 0;
	    loop invariant 0 <= used <= max;
	    loop invariant out != \null ==> pieces_in(out, used, start, at);
	    loop invariant out != \null ==> pieces_all(out, used, start, at);
	    loop assigns at, used, out[0 .. max - 1];
	    loop variant end - at; */
	while (at < end) {
		struct hw_region r;
		if (used == max)
			return max + 1;
		uint64_t e = widest((uint32_t)at, end, &r);
		/* Unreachable: widest's pieces end on a granule (its contract does not say so;
		 * the next call needs it). */
		if (e % CMPU_GRANULE)
			return max + 1;
		//@ assert piece_in(r, at, e);
		if (out) {
			out[used] = r;
			// The new piece, then the earlier ones unchanged (their slots' frames), then both within [start, e).
			//@ assert out[used] == r;
			//@ assert used > 0 ==> out[0].base == \at(out[0].base, LoopCurrent) && out[0].k == \at(out[0].k, LoopCurrent) && out[0].srd == \at(out[0].srd, LoopCurrent);
			//@ assert used > 1 ==> out[1].base == \at(out[1].base, LoopCurrent) && out[1].k == \at(out[1].k, LoopCurrent) && out[1].srd == \at(out[1].srd, LoopCurrent);
			//@ assert used > 2 ==> out[2].base == \at(out[2].base, LoopCurrent) && out[2].k == \at(out[2].k, LoopCurrent) && out[2].srd == \at(out[2].srd, LoopCurrent);
			//@ assert used > 3 ==> out[3].base == \at(out[3].base, LoopCurrent) && out[3].k == \at(out[3].k, LoopCurrent) && out[3].srd == \at(out[3].srd, LoopCurrent);
			//@ assert used > 4 ==> out[4].base == \at(out[4].base, LoopCurrent) && out[4].k == \at(out[4].k, LoopCurrent) && out[4].srd == \at(out[4].srd, LoopCurrent);
			//@ assert used > 5 ==> out[5].base == \at(out[5].base, LoopCurrent) && out[5].k == \at(out[5].k, LoopCurrent) && out[5].srd == \at(out[5].srd, LoopCurrent);
			//@ assert used > 6 ==> out[6].base == \at(out[6].base, LoopCurrent) && out[6].k == \at(out[6].k, LoopCurrent) && out[6].srd == \at(out[6].srd, LoopCurrent);
			//@ assert used > 7 ==> out[7].base == \at(out[7].base, LoopCurrent) && out[7].k == \at(out[7].k, LoopCurrent) && out[7].srd == \at(out[7].srd, LoopCurrent);
			//@ assert piece_in(out[used], at, e) && \forall integer a; at <= a < e ==> piece_has(out[used], a);
			//@ assert pieces_in(out, used, start, at);
			//@ assert pieces_all(out, used, start, at);
			//@ assert piece_in(out[used], start, e);
			// Each earlier slot's range widened from [start, at) to [start, e), one at a time.
			//@ assert widen0: used > 0 ==> piece_in(out[0], start, e);
			//@ assert widen1: used > 1 ==> piece_in(out[1], start, e);
			//@ assert widen2: used > 2 ==> piece_in(out[2], start, e);
			//@ assert widen3: used > 3 ==> piece_in(out[3], start, e);
			//@ assert widen4: used > 4 ==> piece_in(out[4], start, e);
			//@ assert widen5: used > 5 ==> piece_in(out[5], start, e);
			//@ assert widen6: used > 6 ==> piece_in(out[6], start, e);
			//@ assert widen7: used > 7 ==> piece_in(out[7], start, e);
			//@ assert widened: pieces_in(out, used, start, e);
		}
		used++;
		at = e;
	}
	return used;
}

unsigned cmpu_regions_needed(uint32_t start, uint32_t end)
{
	return cover(start, end, 0, CMPU_REGIONS);
}

/*@ requires \valid(out);
    assigns *out;
    ensures \forall integer i; 0 <= i < CMPU_REGIONS ==> out->rbar[i] == CMPU_RBAR_VALID + i && out->rasr[i] == 0;
    ensures \forall integer a; hw_none(out, a); */
static void disable_all(struct cmpu_image *out)
{
	/*@ loop invariant 0 <= i <= CMPU_REGIONS;
	    loop invariant \forall integer j; 0 <= j < i ==> out->rbar[j] == CMPU_RBAR_VALID + j && out->rasr[j] == 0;
	    loop assigns i, out->rbar[0 .. CMPU_REGIONS - 1], out->rasr[0 .. CMPU_REGIONS - 1];
	    loop variant CMPU_REGIONS - i; */
	for (unsigned i = 0; i < CMPU_REGIONS; i++) {
		out->rbar[i] = CMPU_RBAR_VALID + i;
		out->rasr[i] = 0;
	}
}

/* RASR access bits for a set of rights, or 0xffffffff when the MPU cannot express it. */
/*@ assigns \nothing;
    ensures perms == 1 || perms == 3 || perms == 5 || perms == 7 ==>
      ab_ok(\result) && ab_rights(\result) == perms;
    ensures perms != 1 && perms != 3 && perms != 5 && perms != 7 ==> \result == 0xffffffff; */
static uint32_t access_bits(uint8_t perms)
{
	switch (perms) {
	case MPU_R: return CMPU_AP_RO << CMPU_RASR_AP_SHIFT | CMPU_RASR_XN;
	case MPU_R | MPU_X: return CMPU_AP_RO << CMPU_RASR_AP_SHIFT;
	case MPU_R | MPU_W: return CMPU_AP_RW << CMPU_RASR_AP_SHIFT | CMPU_RASR_XN;
	case MPU_R | MPU_W | MPU_X: return CMPU_AP_RW << CMPU_RASR_AP_SHIFT;
	default: return 0xffffffffu;   /* W or X without R: fetches and writes need read on PMSAv7 */
	}
}

/*@
  // cmpu_encode's specification, over the region list as the caller passed it. In an axiomatic
  // block so that only the goals that use these symbols see its lemmas.
  axiomatic Encode {
    // Region i of rs grants byte a: it has rights and a is inside it.
    logic integer perms_of{L}(struct mpu_region *rs, integer i) = rs[i].perms;
    predicate grants{L}(struct mpu_region *rs, integer i, integer a) =
      rs[i].perms != 0 && rs[i].start <= a < rs[i].end;
    // What cmpu_encode accepts: bounds on a granule, start <= end, rights R, R/X, R/W, R/W/X
    // or none, and no two non-empty regions sharing a byte.
    predicate region_ok{L}(struct mpu_region *rs, integer i) =
      rs[i].start % 32 == 0 && rs[i].end % 32 == 0 && rs[i].start <= rs[i].end &&
      (rs[i].perms == 0 || rs[i].perms == 1 || rs[i].perms == 3 || rs[i].perms == 5 || rs[i].perms == 7);
    predicate apart{L}(struct mpu_region *rs, integer i, integer j) =
      rs[i].end <= rs[i].start || rs[j].end <= rs[j].start ||
      rs[j].end <= rs[i].start || rs[i].end <= rs[j].start;
    predicate list_ok{L}(struct mpu_region *rs, integer n) =
      (\forall integer i; 0 <= i < n ==> region_ok(rs, i)) &&
      (\forall integer i, j; 0 <= j < i < n ==> apart(rs, i, j));
    // A slot's words (b, v) match only bytes some region of rs[0 .. n) grants, and give that
    // region's rights.
    predicate owned{L}(integer b, integer v, struct mpu_region *rs, integer n) =
      \forall integer a; hw_match(b, v, a) ==>
        \exists integer i; 0 <= i < n && grants(rs, i, a) && hw_region_rights(v) == rs[i].perms;
    // The pieces cover writes, one at a time (from pieces_in, by cases on j).
    lemma pieces_in_at{L}: \forall struct hw_region *o, integer n, from, to, j;
      0 <= j < 8 && j < n && pieces_in(o, n, from, to) ==> piece_in(o[j], from, to);
  }
*/

/*@
  // In a block of its own: only cmpu_encode's goals use these.
  axiomatic Slots {
  // The access bits access_bits returns for rights perms (R, R/X, R/W, R/W/X).
  logic integer ab_of(integer perms) =
    perms == 1 ? 0x16000000 : perms == 5 ? 0x06000000 : perms == 3 ? 0x13000000 : 0x03000000;
  // Slot words (b, v) are those cmpu_encode writes for a hardware region (base, k, srd) in
  // slot s with access bits ab, and the model reads the SRD field back (rasr_of). Equalities
  // only: the inner loop's goals then need no byte quantifier (docs/verification.md).
  predicate slot_words(integer b, integer v, integer base, integer k, integer srd, integer s, integer ab) =
    b == pack_rbar(base, s) && v == pack_rasr(k, srd, ab) && srd_read(k, srd, ab);
#ifdef CMPU_PROOF_LEAN
  // pack_match for slot words: the slot matches exactly the bytes of its region. Stated over
  // the words (b, v) with the byte quantified inside, so that a ground slot_words fact is
  // the trigger (after the inner loop the words are array reads, not pack_rbar/pack_rasr
  // terms). Only set encode-lemmas proves it and only encode's goals use it (the other sets
  // see cmpu.c without CMPU_PROOF_LEAN).
  lemma slot_match: \forall integer b, v, base, k, srd, s, ab;
    slot_words(b, v, base, k, srd, s, ab) && hw_ok(base, k, srd) && base % 32 == 0 && 0 <= s < 8 && ab_ok(ab) ==>
    \forall integer a; hw_match(b, v, a) <==> covers(base, k, srd, a);
#endif
  }
*/

/* The RASR word of a hardware region of 2^k bytes with SRD byte srd and access bits ab. The
 * fields occupy separate bits, so + is |; the proof reads sums. */
/*@ requires 5 <= k <= 32 && 0 <= srd < 256 && ab_ok(ab);
    assigns \nothing;
    ensures \result == pack_rasr(k, srd, ab);
    ensures srd_read(k, srd, ab); */
static uint32_t rasr_of(uint32_t k, uint32_t srd, uint32_t ab)
{
	//@ assert high: pack_rasr(k, srd, ab) / 256 == rasr_high(srd, ab);
	//@ assert low: rasr_high(srd, ab) % 256 == srd;
	return CMPU_RASR_ENABLE + (k - 1u) * 2u + srd * 256u + CMPU_RASR_NORMAL + ab;
}

/*@ requires \valid_read(regions + (0 .. n - 1)) && \valid(out);
    requires \separated(out, regions + (0 .. n - 1));
    assigns *out;
    ensures accepts: list_ok{Old}(regions, n) <==> (\result == CMPU_OK || \result == CMPU_ETOOMANY);
    ensures denies: \result != CMPU_OK ==> \forall integer a; hw_none(out, a);
    ensures only: \result == CMPU_OK ==> \forall integer s; 0 <= s < CMPU_REGIONS ==>
      owned{Old}(out->rbar[s], out->rasr[s], regions, n);
    ensures all: \result == CMPU_OK ==> \forall integer i, a; 0 <= i < n && grants{Old}(regions, i, a) ==>
      \exists integer s; 0 <= s < CMPU_REGIONS && hw_match(out->rbar[s], out->rasr[s], a); */
enum cmpu_error cmpu_encode(const struct mpu_region *regions, unsigned n, struct cmpu_image *out)
{
	disable_all(out);
	/*@ assert unchanged: \forall integer k; 0 <= k < n ==> regions[k].start == \at(regions[k].start, Pre) &&
	      regions[k].end == \at(regions[k].end, Pre) && regions[k].perms == \at(regions[k].perms, Pre); */
	/*@ loop invariant 0 <= i <= n;
	    loop invariant valid: list_ok{Pre}(regions, i);
	    loop assigns i;
	    loop variant n - i; */
	for (unsigned i = 0; i < n; i++) {
		const struct mpu_region *r = &regions[i];
		// Each refusal names the region that breaks list_ok (the accepts goals then need
		// only instantiate list_ok at i).
		if (r->start % CMPU_GRANULE || r->end % CMPU_GRANULE) {
			//@ assert bad_align: !region_ok{Pre}(regions, i);
			return CMPU_EALIGN;
		}
		if (r->end < r->start) {
			//@ assert bad_order: !region_ok{Pre}(regions, i);
			return CMPU_EORDER;
		}
		if (r->perms && access_bits(r->perms) == 0xffffffffu) {
			//@ assert bad_perms: !region_ok{Pre}(regions, i);
			return CMPU_EPERM;
		}
		//@ assert region_ok{Pre}(regions, i);
		/*@ loop invariant 0 <= j <= i;
		    loop invariant apart_j: \forall integer j2; 0 <= j2 < j ==> apart{Pre}(regions, i, j2);
		    loop assigns j;
		    loop variant i - j; */
		for (unsigned j = 0; j < i; j++)
			if (r->start < r->end && regions[j].start < regions[j].end &&
			    r->start < regions[j].end && regions[j].start < r->end) {
				//@ assert bad_apart: !apart{Pre}(regions, i, j);
				return CMPU_EOVERLAP;
			}
	}
	unsigned slot = 0;
	/*@ loop invariant 0 <= i <= n && 0 <= slot <= CMPU_REGIONS;
	    loop invariant list_ok{Pre}(regions, n);
	    loop invariant same: \forall integer k; 0 <= k < n ==> regions[k].start == \at(regions[k].start, Pre) &&
	      regions[k].end == \at(regions[k].end, Pre) && regions[k].perms == \at(regions[k].perms, Pre);
	    loop invariant off: \forall integer s; slot <= s < CMPU_REGIONS ==> out->rasr[s] == 0;
	    loop invariant owned: \forall integer s; 0 <= s < slot ==> owned{Pre}(out->rbar[s], out->rasr[s], regions, n);
	    loop invariant covered: \forall integer i2, a; 0 <= i2 < i && grants{Pre}(regions, i2, a) ==>
	      \exists integer s; 0 <= s < slot && hw_match(out->rbar[s], out->rasr[s], a);
	    loop assigns i, slot, out->rbar[0 .. CMPU_REGIONS - 1], out->rasr[0 .. CMPU_REGIONS - 1];
	    loop variant n - i; */
	for (unsigned i = 0; i < n; i++) {
		if (!regions[i].perms) {
			//@ assert \forall integer a; !grants{Pre}(regions, i, a);
			continue;   /* grants nothing; the background already denies */
		}
		//@ assert ok_i: region_ok{Pre}(regions, i) && perms_of{Pre}(regions, i) != 0;
		/*@ assert perms_ok: perms_of{Pre}(regions, i) == 1 || perms_of{Pre}(regions, i) == 3 ||
		      perms_of{Pre}(regions, i) == 5 || perms_of{Pre}(regions, i) == 7; */
		struct hw_region hw[CMPU_REGIONS];
		unsigned used = cover(regions[i].start, regions[i].end, hw, CMPU_REGIONS - slot);
		if (used > CMPU_REGIONS - slot) {
			disable_all(out);
			return CMPU_ETOOMANY;
		}
		// cover's coverage at each byte region i grants, the pieces written out (pieces_all's
		// form): grants(a) and the piece_has(hw[k], a) terms give the provers ground terms
		// with a, where the range alone (arithmetic) gives none.
		/*@ assert all_d: \forall integer a; grants{Pre}(regions, i, a) ==>
		      (0 < used && piece_has(hw[0], a)) ||
		      (1 < used && piece_has(hw[1], a)) ||
		      (2 < used && piece_has(hw[2], a)) ||
		      (3 < used && piece_has(hw[3], a)) ||
		      (4 < used && piece_has(hw[4], a)) ||
		      (5 < used && piece_has(hw[5], a)) ||
		      (6 < used && piece_has(hw[6], a)) ||
		      (7 < used && piece_has(hw[7], a)); */
		//@ assert all_pre: \forall integer a; grants{Pre}(regions, i, a) ==> \exists integer c; 0 <= c < used && piece_has(hw[c], a);
		/*@ assert kept: \forall integer s; 0 <= s < CMPU_REGIONS ==>
		      out->rbar[s] == \at(out->rbar[s], LoopCurrent) && out->rasr[s] == \at(out->rasr[s], LoopCurrent); */
		//@ assert ab_ok: ab_ok(ab_of(perms_of{Pre}(regions, i)));
		// Each piece a region the hardware can hold (cov_ok, after the loop, from this and hw_kept).
		//@ assert ok_pre: \forall integer c; 0 <= c < used ==> hw_ok(hw[c].base, hw[c].k, hw[c].srd) && hw[c].base % 32 == 0;
		//@ ghost unsigned slot0 = slot;
		/*@ loop invariant 0 <= j <= used && slot == slot0 + j && slot <= CMPU_REGIONS;
		    loop invariant same_in: \forall integer k; 0 <= k < n ==> regions[k].start == \at(regions[k].start, Pre) &&
		      regions[k].end == \at(regions[k].end, Pre) && regions[k].perms == \at(regions[k].perms, Pre);
		    loop invariant off_in: \forall integer s; slot <= s < CMPU_REGIONS ==> out->rasr[s] == 0;
		    loop invariant owned_in: \forall integer s; 0 <= s < slot0 ==> owned{Pre}(out->rbar[s], out->rasr[s], regions, n);
		    loop invariant covered_in: \forall integer i2, a; 0 <= i2 < i && grants{Pre}(regions, i2, a) ==>
		      \exists integer s; 0 <= s < slot0 && hw_match(out->rbar[s], out->rasr[s], a);
		    loop invariant words: \forall integer s; slot0 <= s < slot ==>
		      slot_words(out->rbar[s], out->rasr[s], \at(hw[s - slot0].base, LoopEntry), \at(hw[s - slot0].k, LoopEntry),
		                 \at(hw[s - slot0].srd, LoopEntry), s, ab_of(perms_of{Pre}(regions, i)));
		    loop invariant rights_in: \forall integer s; slot0 <= s < slot ==>
		      hw_region_rights(out->rasr[s]) == perms_of{Pre}(regions, i);
		    loop invariant owned_new: \forall integer s; slot0 <= s < slot ==>
		      owned{Pre}(out->rbar[s], out->rasr[s], regions, n);
		    loop invariant hw_kept: \forall integer c; 0 <= c < CMPU_REGIONS ==> hw[c].base == \at(hw[c].base, LoopEntry) &&
		      hw[c].k == \at(hw[c].k, LoopEntry) && hw[c].srd == \at(hw[c].srd, LoopEntry);
		    loop assigns j, slot, out->rbar[0 .. CMPU_REGIONS - 1], out->rasr[0 .. CMPU_REGIONS - 1];
		    loop variant used - j; */
		for (unsigned j = 0; j < used; j++, slot++) {
			//@ assert piece: piece_in(hw[j], regions[i].start, regions[i].end);
			//@ assert perms: regions[i].perms == perms_of{Pre}(regions, i);
			//@ assert fits: hw_ok(hw[j].base, hw[j].k, hw[j].srd) && hw[j].base % 32 == 0 && hw[j].base + CMPU_RBAR_VALID + slot < 0x100000000;
			out->rbar[slot] = hw[j].base + CMPU_RBAR_VALID + slot;
			out->rasr[slot] = rasr_of(hw[j].k, hw[j].srd, access_bits(regions[i].perms));
			//@ assert rbar: out->rbar[slot] == pack_rbar(hw[j].base, slot);
			//@ assert match: \forall integer a; hw_match(out->rbar[slot], out->rasr[slot], a) <==> piece_has(hw[j], a);
			//@ assert rights: hw_region_rights(out->rasr[slot]) == perms_of{Pre}(regions, i);
			//@ assert owned_slot: owned{Pre}(out->rbar[slot], out->rasr[slot], regions, n);
			/*@ assert frame: \forall integer s; 0 <= s < CMPU_REGIONS && s != slot ==>
			      out->rbar[s] == \at(out->rbar[s], LoopCurrent) && out->rasr[s] == \at(out->rasr[s], LoopCurrent); */
			// The pieces (a local array) unchanged by the slot writes.
			/*@ assert frame_hw: \forall integer c; 0 <= c < CMPU_REGIONS ==> hw[c].base == \at(hw[c].base, LoopCurrent) &&
			      hw[c].k == \at(hw[c].k, LoopCurrent) && hw[c].srd == \at(hw[c].srd, LoopCurrent); */
			// The pieces as the invariant names them, at the loop's entry: hw[j] unchanged since
			// (hw_kept, frame_hw), so slot0 + j holds piece j. (c == j: hw[j] at LoopEntry would
			// read j there.)
			/*@ assert hw_j: \forall integer c; c == j ==> hw[c].base == \at(hw[c].base, LoopEntry) &&
			      hw[c].k == \at(hw[c].k, LoopEntry) && hw[c].srd == \at(hw[c].srd, LoopEntry); */
			//@ assert ab: out->rasr[slot] == pack_rasr(hw[j].k, hw[j].srd, ab_of(perms_of{Pre}(regions, i)));
			//@ assert ab_srd: srd_read(hw[j].k, hw[j].srd, ab_of(perms_of{Pre}(regions, i)));
			/*@ assert words_j: \forall integer s; s == slot ==>
			      slot_words(out->rbar[s], out->rasr[s], \at(hw[s - slot0].base, LoopEntry), \at(hw[s - slot0].k, LoopEntry),
			                 \at(hw[s - slot0].srd, LoopEntry), s, ab_of(perms_of{Pre}(regions, i))); */
			// The earlier pieces' slots are not slot (frame).
			/*@ assert words_old: \forall integer s; slot0 <= s < slot ==>
			      slot_words(out->rbar[s], out->rasr[s], \at(hw[s - slot0].base, LoopEntry), \at(hw[s - slot0].k, LoopEntry),
			                 \at(hw[s - slot0].srd, LoopEntry), s, ab_of(perms_of{Pre}(regions, i))); */
			// With the new slot's: the invariant for slot + 1.
			/*@ assert words_next: \forall integer s; slot0 <= s <= slot ==>
			      slot_words(out->rbar[s], out->rasr[s], \at(hw[s - slot0].base, LoopEntry), \at(hw[s - slot0].k, LoopEntry),
			                 \at(hw[s - slot0].srd, LoopEntry), s, ab_of(perms_of{Pre}(regions, i))); */
		}
		// all_pre with the pieces as they are now (unchanged: hw_kept); piece c's slot is
		// slot0 + c (words), so it matches the piece's bytes (pack_match, the piece hw_ok).
		//@ assert all_post: \forall integer a; grants{Pre}(regions, i, a) ==> \exists integer c; 0 <= c < used && piece_has(hw[c], a);
		/*@ assert cov_s: \forall integer c; 0 <= c < used ==>
		      slot_words(out->rbar[slot0 + c], out->rasr[slot0 + c], hw[c].base, hw[c].k, hw[c].srd, slot0 + c,
		                 ab_of(perms_of{Pre}(regions, i))); */
		//@ assert cov_ok: \forall integer c; 0 <= c < used ==> hw_ok(hw[c].base, hw[c].k, hw[c].srd) && hw[c].base % 32 == 0;
		// Each piece's slot matches exactly its bytes (slot_match, from cov_s and cov_ok).
		//@ assert cov_m0: 0 < used ==> \forall integer a; hw_match(out->rbar[slot0 + 0], out->rasr[slot0 + 0], a) <==> covers(hw[0].base, hw[0].k, hw[0].srd, a);
		//@ assert cov_m1: 1 < used ==> \forall integer a; hw_match(out->rbar[slot0 + 1], out->rasr[slot0 + 1], a) <==> covers(hw[1].base, hw[1].k, hw[1].srd, a);
		//@ assert cov_m2: 2 < used ==> \forall integer a; hw_match(out->rbar[slot0 + 2], out->rasr[slot0 + 2], a) <==> covers(hw[2].base, hw[2].k, hw[2].srd, a);
		//@ assert cov_m3: 3 < used ==> \forall integer a; hw_match(out->rbar[slot0 + 3], out->rasr[slot0 + 3], a) <==> covers(hw[3].base, hw[3].k, hw[3].srd, a);
		//@ assert cov_m4: 4 < used ==> \forall integer a; hw_match(out->rbar[slot0 + 4], out->rasr[slot0 + 4], a) <==> covers(hw[4].base, hw[4].k, hw[4].srd, a);
		//@ assert cov_m5: 5 < used ==> \forall integer a; hw_match(out->rbar[slot0 + 5], out->rasr[slot0 + 5], a) <==> covers(hw[5].base, hw[5].k, hw[5].srd, a);
		//@ assert cov_m6: 6 < used ==> \forall integer a; hw_match(out->rbar[slot0 + 6], out->rasr[slot0 + 6], a) <==> covers(hw[6].base, hw[6].k, hw[6].srd, a);
		//@ assert cov_m7: 7 < used ==> \forall integer a; hw_match(out->rbar[slot0 + 7], out->rasr[slot0 + 7], a) <==> covers(hw[7].base, hw[7].k, hw[7].srd, a);
		/*@ assert covered_i: \forall integer a; grants{Pre}(regions, i, a) ==>
		      \exists integer s; slot0 <= s < slot && hw_match(out->rbar[s], out->rasr[s], a); */
		// The outer invariants for i + 1: the earlier regions' bytes still covered, and every
		// slot so far owned (owned_in, owned_new), as the last statement.
		/*@ assert covered_old: \forall integer i2, a; 0 <= i2 < i && grants{Pre}(regions, i2, a) ==>
		      \exists integer s; 0 <= s < slot && hw_match(out->rbar[s], out->rasr[s], a); */
		//@ assert owned_all: \forall integer s; 0 <= s < slot ==> owned{Pre}(out->rbar[s], out->rasr[s], regions, n);
	}
	return CMPU_OK;
}

/* The unprivileged rights an enabled region gives, from its AP and XN bits (PMSAv7 table:
 * AP 010, 110 and 111 read-only, 011 read/write, the rest no access). */
static uint8_t region_rights(uint32_t rasr)
{
	uint8_t r;
	switch ((rasr >> CMPU_RASR_AP_SHIFT) & 7u) {
	case 2: case 6: case 7: r = MPU_R; break;
	case 3: r = MPU_R | MPU_W; break;
	default: return 0;
	}
	if (!(rasr & CMPU_RASR_XN))
		r |= MPU_X;
	return r;
}

/* The rights at byte a: from the highest-numbered region that matches it, else none. */
static uint8_t rights_at(const struct cmpu_image *m, uint32_t a)
{
	for (int i = CMPU_REGIONS - 1; i >= 0; i--) {
		uint32_t rasr = m->rasr[i];
		if (!(rasr & CMPU_RASR_ENABLE))
			continue;
		unsigned k = ((rasr >> CMPU_RASR_SIZE_SHIFT) & 31u) + 1u;
		if (k < 5)
			continue;   /* SIZE below 4 is reserved; such a region never matches here */
		uint64_t n = (uint64_t)1 << k;
		uint64_t base = (uint64_t)(m->rbar[i] & ~31u) & ~(n - 1);
		if (a < base || a >= base + n)
			continue;
		if (n >= 256) {
			unsigned sub = (unsigned)((a - base) / (n >> 3));
			if ((rasr >> (CMPU_RASR_SRD_SHIFT + sub)) & 1u)
				continue;   /* disabled subregion: falls through */
		}
		return region_rights(rasr);
	}
	return 0;
}

bool cmpu_allows(const struct cmpu_image *m, uint32_t addr, uint32_t size, uint8_t access)
{
	if (size == 0)
		return true;
	if (addr + (size - 1) < addr)
		return false;
	/* Every bound in an image is a multiple of 32, so one byte per 32-byte granule decides. */
	uint32_t last = addr + (size - 1);
	for (uint32_t g = addr & ~(CMPU_GRANULE - 1);; g += CMPU_GRANULE) {
		if ((rights_at(m, g) & access) != access)
			return false;
		if (g >= (last & ~(CMPU_GRANULE - 1)))
			break;
	}
	return true;
}
