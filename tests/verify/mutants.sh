#!/bin/sh
# Seeded bugs must fail to prove: applies each mutation to a copy of the sources, runs WP on the
# functions it touches and checks that some goal stays unproven (PASS) rather than all (FAIL).
# usage: mutants.sh OUTDIR "FRAMA-C FLAGS" [LOG]
set -u
out=$1; flags=$2; log=${3:-/dev/null}
out=$(cd "$out" && pwd)
export WHY3CONFIG="$out/why3.conf"
root=$(pwd)
status=0

# name@file@sed expression@functions to prove[@harness (default isolation.c)@extra options]
mutants='
match-off-by-one@arch/rv32/pmp.c@s/if (lo <= w && w < c->addr\[i\])/if (lo <= w \&\& w <= c->addr[i])/@match
too-many-regions@arch/rv32/pmp.c@s#n > max_entries / 2)#n > max_entries / 2 + 1)#@validate
empty-region-rejected@arch/rv32/pmp.c@s/if (r->end < r->start)/if (r->end <= r->start)/@check_region
ram-up-to-mem-end@kernel/mpu.c@s/out\[MPU_REGION_RAM\].end = p->app_brk;/out[MPU_REGION_RAM].end = p->mem_end;/@mpu_process_regions
flash-writable@kernel/mpu.c@s/out\[MPU_REGION_FLASH\].perms = MPU_R | MPU_X;/out[MPU_REGION_FLASH].perms = MPU_R | MPU_W | MPU_X;/@mpu_process_regions
overlap-check-dropped@arch/rv32/pmp.c@s/return a->start < b->end && b->start < a->end;/return a->start < b->end \&\& b->start < a->start;/@overlaps
utf8-reads-past-end@kernel/tbf.c@s/if (len - i <= extra)/if (len - i < extra)/@utf8_valid@parsers.c@-wp-no-split
storage-bound-off-by-one@kernel/tbf.c@s/(uint64_t)pos + 4u \* n + 2u > len/(uint64_t)pos + 4u * n + 1u > len/@parse_storage@parsers.c@-wp-no-split
tlv-header-bound-off-by-one@kernel/tbf.c@s/if (out->header_size - pos < 4)/if (out->header_size - pos < 3)/@tbf_parse@parsers.c@-wp-no-split
reloc-target-misses-last-byte@kernel/reloc.c@s/if (e->offset > t->image_end - 4)/if (e->offset > t->image_end - 3)/@decode@parsers.c@-wp-no-split
reloc-chunk-end-off-by-one@kernel/reloc.c@s/} else if (rel >= len || len - rel < 4) {/} else if (rel >= len || len - rel < 3) {/@reloc_apply@parsers.c@-wp-no-split
'
# The relocation table parser and the TLV framing it relies on (tbf_parse's postconditions).
mutants="$mutants
reloc-header-bound-off-by-one@kernel/reloc.c@s/if (len < RELOC_HEADER_SIZE)/if (len < RELOC_HEADER_SIZE - 1)/@reloc_parse@parsers.c@-wp-no-split
reloc-image-under-a-word@kernel/reloc.c@s/image_size < 4 ||/image_size < 3 ||/@reloc_parse@parsers.c@-wp-no-split
find-tlv-skips-padding@kernel/reloc.c@s#pos += 4 + (n + 3) / 4 \* 4;#pos += 4 + n / 4 * 4;#@find_tlv@parsers.c@-wp-no-split
tlv-padding-unchecked@kernel/tbf.c@s/if (padded > (uint32_t)out->header_size - pos)/if (len > (uint32_t)out->header_size - pos)/@tbf_parse@parsers.c@-wp-no-split
"
# The TBF Permissions check (tbf_permits): one entry too many read, and the command's bit index
# one off (command 64 * o + k checked against bit k + 1).
mutants="$mutants
permits-entry-bound-off-by-one@kernel/include/tick/tbf.h@s/for (uint32_t i = 0; i < count; i++) {/for (uint32_t i = 0; i <= count; i++) {/@tbf_permits@parsers.c@-wp-no-split
permits-bit-index-off-by-one@kernel/include/tick/tbf.h@s/unsigned bit = cmd % 64;/unsigned bit = cmd % 64 + 1;/@tbf_permits@parsers.c@-wp-no-split
"
# SHA-256 (tests/verify/sha.c): the final block's padding loop running one byte past the block.
mutants="$mutants
sha256-pad-past-block@kernel/lib/sha256.c@s/while (ctx->block_len < SHA256_BLOCK_SIZE)/while (ctx->block_len <= SHA256_BLOCK_SIZE)/@sha256_final@sha.c@-wp-no-split
"
# The ARMv7-M MPU (tests/verify/mpu.c): read/write regions made executable (XN dropped),
# flash made writable (AP read/write for R/X), a region left enabled by disable_all, widest
# storing a region half the size it computed (SIZE field one power too small), and the
# subregion mask one subregion too long (srd_for's i1 one too high), and cover skipping a
# granule between two pieces (the next piece starts 32 bytes past the last one's end).
mutants="$mutants
mpu-ram-executable@arch/cortex-m/cmpu.c@s/case MPU_R | MPU_W: return CMPU_AP_RW << CMPU_RASR_AP_SHIFT | CMPU_RASR_XN;/case MPU_R | MPU_W: return CMPU_AP_RW << CMPU_RASR_AP_SHIFT;/@access_bits@mpu.c@-wp-timeout 60
mpu-flash-writable@arch/cortex-m/cmpu.c@s/case MPU_R | MPU_X: return CMPU_AP_RO << CMPU_RASR_AP_SHIFT;/case MPU_R | MPU_X: return CMPU_AP_RW << CMPU_RASR_AP_SHIFT;/@access_bits@mpu.c@-wp-timeout 60
mpu-region-left-enabled@arch/cortex-m/cmpu.c@s/out->rasr\[i\] = 0;/out->rasr[i] = CMPU_RASR_ENABLE;/@disable_all@mpu.c@-wp-timeout 60
mpu-widest-size-off-by-one@arch/cortex-m/cmpu.c@s/out->k = (uint8_t)k;/out->k = (uint8_t)(k - 1);/@widest@mpu.c@-wp-timeout 60
mpu-srd-subregion-off-by-one@arch/cortex-m/cmpu.c@s/unsigned i1 = last \/ (1u << (k - 3)) + 1u;/unsigned i1 = last \/ (1u << (k - 3)) + 2u;/@srd_for@mpu.c@-wp-timeout 60
mpu-cover-skips-granule@arch/cortex-m/cmpu.c@s/at = e;/at = e + CMPU_GRANULE;/@cover@mpu.c@-wp-timeout 60
"
# The SRD closed form (the lemma srd_bits in cmpu.c): the mask one too high (a wrong bit 0).
# Lemmas belong to no function: "-" proves without -wp-fct.
mutants="$mutants
srd-mask-off-by-one@arch/cortex-m/cmpu.c@s/(srd_bit(255 + pw8(i0) - pw8(i1), 0)/(srd_bit(255 + pw8(i0) - pw8(i1) + 1, 0)/@-@mpu.c@-wp-prop srd_bits -wp-auto wp:range,wp:split -wp-auto-depth 20 -wp-auto-width 20 -wp-timeout 10
"
# cmpu_encode (set encode): the slot not advanced after a piece (the next piece overwrites it),
# a piece's RASR written into the next slot, and the overlap test comparing the wrong bound.
# Run only while the set encode is in the suite (VERIFY_SETS, passed by tests/verify/verify.mk):
# a mutant that fails to prove against a set with open goals shows nothing.
case " ${VERIFY_SETS:-} " in *" encode "*) ;; *) encode_skip=1 ;; esac
[ -n "${encode_skip:-}" ] || mutants="$mutants
mpu-encode-slot-not-advanced@arch/cortex-m/cmpu.c@s/for (unsigned j = 0; j < used; j++, slot++) {/for (unsigned j = 0; j < used; j++) {/@cmpu_encode@mpu.c@-cpp-extra-args=-DCMPU_PROOF_LEAN -wp-timeout 60
mpu-encode-rasr-next-slot@arch/cortex-m/cmpu.c@s/out->rasr\[slot\] = rasr_of(/out->rasr[(slot + 1) % CMPU_REGIONS] = rasr_of(/@cmpu_encode@mpu.c@-cpp-extra-args=-DCMPU_PROOF_LEAN -wp-timeout 60
mpu-encode-overlap-wrong-bound@arch/cortex-m/cmpu.c@s/regions\[j\].start < r->end)/regions[j].start < r->start)/@cmpu_encode@mpu.c@-cpp-extra-args=-DCMPU_PROOF_LEAN -wp-timeout 60
"
echo "$mutants" | while IFS='@' read -r name file expr fcts harness opts; do
  [ -n "$name" ] || continue
  tmp="$out/mutant-$name"
  rm -rf "$tmp" && mkdir -p "$tmp/tests"
  cp -r arch kernel include "$tmp/" && cp -r tests/verify "$tmp/tests/"
  sed "$expr" "$file" > "$tmp/$file"
  if cmp -s "$file" "$tmp/$file"; then
    echo "FAIL verify/mutant/$name (the mutation did not apply)" | tee -a "$log"; echo 1 > "$out/mutants.status"; continue
  fi
  fct="-wp-fct $fcts"; [ "$fcts" = - ] && fct=
  (cd "$tmp" && eval frama-c $flags ${opts:-} $fct "tests/verify/${harness:-isolation.c}") > "$tmp.log" 2>&1
  line=$(grep 'Proved goals:' "$tmp.log" | tail -n 1)
  n=$(echo "$line" | sed -n 's/.*Proved goals: *\([0-9]*\) *\/ *\([0-9]*\).*/\1/p')
  m=$(echo "$line" | sed -n 's/.*Proved goals: *\([0-9]*\) *\/ *\([0-9]*\).*/\2/p')
  if [ -n "$n" ] && [ -n "$m" ] && [ "$m" -gt 0 ] && [ "$n" -lt "$m" ]; then
    echo "PASS verify/mutant/$name ($n of $m goals proved: the bug is caught)" | tee -a "$log"
  else
    echo "FAIL verify/mutant/$name (${n:-?} of ${m:-?} goals proved: the bug is not caught; $tmp.log)" | tee -a "$log"
    echo 1 > "$out/mutants.status"
  fi
done
[ -f "$out/mutants.status" ] && { rm -f "$out/mutants.status"; exit 1; }
exit 0
