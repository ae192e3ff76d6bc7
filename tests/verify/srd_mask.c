/* Proof harness (Frama-C/WP): the SRD byte widest writes, 255 + 2^i0 - 2^i1, disables exactly the subregions outside [i0, i1). */
/*
 * A file of its own because the provers find the case splits only in a small context: the
 * same lemmas stated inside arch/cortex-m/cmpu.c time out there (docs/verification.md).
 * pw8 and srd_bit are copied word for word from cmpu.c's hardware model. Not yet used by a
 * proof of widest (docs/verification.md says what remains).
 */
/*@
  logic integer pw8(integer i) = i == 0 ? 1 : i == 1 ? 2 : i == 2 ? 4 : i == 3 ? 8 : i == 4 ? 16 :
                                 i == 5 ? 32 : i == 6 ? 64 : i == 7 ? 128 : 256;
  predicate srd_bit(integer srd, integer j) = srd / pw8(j) % 2 == 1;

  // Bit by bit: one lemma whose eight parts wp:split separates, each then by cases on i0
  // and i1 (wp:range) in a context without the other parts.
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
  // The subregion x / d of an offset x in a region of eighths d, given the division facts
  // (which widest's proof has at hand: div_ge and div_lt in cmpu.c).
  lemma srd_window: \forall integer i0, i1, x, d;
    0 <= i0 < i1 <= 8 && 0 < d && 0 <= x && 0 <= x / d < 8 &&
    (x / d < i0 <==> x < i0 * d) && (i1 <= x / d <==> i1 * d <= x) ==>
    (!srd_bit(255 + pw8(i0) - pw8(i1), x / d) <==> i0 * d <= x < i1 * d);
*/
