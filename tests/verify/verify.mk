# Proofs (Frama-C/WP, docs/verification.md): `make verify` proves the PMP isolation theorem and
# the contracts it rests on, prints "verify: N of N goals proved"; `make test` runs it as the
# verify suite (one PASS/FAIL line per proof set). Tools: Debian's frama-c-base, why3, z3, cvc4.

VERIFY_OUT     ?= $(BUILD)/verify
VERIFY_TIMEOUT ?= 10
VERIFY_JOBS    ?= 2
# rv32: 32-bit int, long and pointers, so the RTE goals are those of the real target.
VERIFY_FLAGS    = -machdep gcc_x86_32 -c11 -cpp-extra-args='-I. -Iinclude -Ikernel/include -Iarch/rv32/include' \
                  -wp -wp-rte -wp-split -wp-par $(VERIFY_JOBS) -wp-timeout $(VERIFY_TIMEOUT) \
                  -wp-prover qed,z3,cvc4 -wp-no-warn-memory-model \
                  -wp-cache update -wp-cache-dir $(abspath $(VERIFY_OUT))/cache
# The cache keeps each prover's verdict keyed on the goal's exact text (and prover and timeout):
# a goal whose code, contract or hypotheses change is a new goal and is proved again. It lives
# in the build tree, so a clean CI run proves everything; reruns and the seeded-bug runs (whose
# unchanged goals are the same goals) reuse it.
# Proof sets: name:file[:extra frama-c options].
VERIFY_SETS    ?= isolation compute lemmas tbf reloc
VERIFY_isolation = tests/verify/isolation.c
# Every function of the harness and of the sources it includes, but pmp_compute (own set).
VERIFY_isolation_OPTS = -wp-fct clear,check_region,overlaps,validate,match,pmp_allows,pmp_encode,mpu_process_regions,loaded_pmp,decide,process_may_access,grant_region_denied,other_process_denied,outside_denied
# pmp_compute on its own: unsigned wrap-around counts as a runtime error too, and its three
# fill-loop invariants need 10-15 s of CVC4 each on a loaded machine, hence the longer timeout.
VERIFY_compute = tests/verify/isolation.c
VERIFY_compute_OPTS = -warn-unsigned-overflow -wp-fct pmp_compute -wp-timeout 60
# The ACSL lemmas the sets above use (-wp-fct leaves them out).
VERIFY_lemmas = tests/verify/isolation.c
VERIFY_lemmas_OPTS = -wp-prop @lemma
# The parsers of untrusted flash bytes: the TBF header/TLV/footer parser (every function that
# reads the object, and the byte readers and writers) and the relocation table parser and applier (no runtime error; the
# table's framing from tbf_parse's postconditions; the applier writes only buf and, there,
# only the image), with the harness's two compositions. Goals are not split (-wp-split
# triples their number for no gain here).
VERIFY_tbf = tests/verify/parsers.c
VERIFY_tbf_OPTS = -wp-no-split -wp-fct tbf_rd16,tbf_rd32,tbf_wr16,tbf_wr32,tbf_header_checksum,utf8_valid,parse_storage,parse_tlv,settle_program,tbf_parse,tbf_protected_size,tbf_wfr,tbf_permission,tbf_next_footer,tbf_credential_size
VERIFY_reloc = tests/verify/parsers.c
VERIFY_reloc_OPTS = -wp-no-split -wp-fct find_tlv,reloc_parse,decode,take,deltas,sext12,patch,reloc_apply,parse_table,parse_then_apply
# The ACSL lemmas the parser sets use (the TLV walk's, in tbf.h).
VERIFY_SETS += plemmas
VERIFY_plemmas = tests/verify/parsers.c
VERIFY_plemmas_OPTS = -wp-prop @lemma

# The TBF Permissions check the system-call filter uses (tbf_permits in tbf.h, and tbf.c's two
# wrappers) against the Permissions TLV's spec, and clear_header, whose contract tbf_parse uses.
VERIFY_SETS += perms
VERIFY_perms = tests/verify/parsers.c
VERIFY_perms_OPTS = -wp-no-split -wp-fct clear_header,tbf_bit,tbf_permits,tbf_permits_command,tbf_lists_driver

# SHA-256 (kernel/lib/sha256.c), tbf_sha256_matches and reloc_sha256, which hash untrusted flash
# bytes: no runtime error (harness tests/verify/sha.c). The functions that take the data as const
# void * (sha256_update, sha256, and the callers' conversions to it) need WP's Typed+cast model, which
# reads the void * (a char *) as the uint8_t * the code converts it to; the rest the Typed one.
VERIFY_SETS += sha sha-cast
VERIFY_sha = tests/verify/sha.c
VERIFY_sha_OPTS = -wp-no-split -wp-fct rotr,compress,sha256_init,sha256_final
VERIFY_sha-cast = tests/verify/sha.c
VERIFY_sha-cast_OPTS = -wp-no-split -wp-model Typed+cast -wp-fct sha256_update,sha256,tbf_sha256_matches,reloc_nominal,reloc_sha256

# The ARMv7-M MPU (arch/cortex-m/cmpu.c; harness tests/verify/mpu.c, docs/verification.md):
# mpu proves the functions below against the PMSAv7 model stated at the top of cmpu.c,
# mpu-lemmas every other lemma of cmpu.c (wp:range proves the small-power and subregion facts by
# cases). Their own 60 s per-goal timeout, as compute's: the subregion arithmetic is slow
# for CVC4 under load.
VERIFY_SETS += mpu mpu-lemmas
VERIFY_mpu = tests/verify/mpu.c
VERIFY_mpu_OPTS = -wp-fct access_bits,disable_all -wp-timeout 60
VERIFY_mpu-lemmas = tests/verify/mpu.c
VERIFY_mpu-lemmas_OPTS = -wp-prop @lemma,-srd_bits,-srd_mask,-pieces_in_at -wp-auto wp:range -wp-timeout 60
# widest's two helpers: srd_for (the subregion indices of a byte range, and the SRD byte that
# enables exactly it) and srd_of (the SRD closed form).
VERIFY_SETS += srd-for
VERIFY_srd-for = tests/verify/mpu.c
VERIFY_srd-for_OPTS = -wp-fct srd_for,srd_of -wp-timeout 60
# widest itself: the hardware region covering the longest prefix of a range exactly.
VERIFY_SETS += widest
VERIFY_widest = tests/verify/mpu.c
VERIFY_widest_OPTS = -wp-fct widest -wp-timeout 60
# cover: widest's regions chained into a cover of [start, end) with at most max pieces, each
# inside it and together covering every byte of it (the slots written out, so each frame is a
# ground fact; cmpu.c's arithmetic lemmas sit in axiomatic blocks that cover's goals do not use).
VERIFY_SETS += cover
VERIFY_cover = tests/verify/mpu.c
VERIFY_cover_OPTS = -wp-fct cover -wp-timeout 60
# The SRD closed form (the first lemmas of cmpu.c, so that their context is small): one lemma
# per bit split by wp:split, each by cases with wp:range.
VERIFY_SETS += mpu-srd
VERIFY_mpu-srd = tests/verify/mpu.c
VERIFY_mpu-srd_OPTS = -wp-prop srd_bits,srd_mask -wp-auto wp:range,wp:split -wp-auto-depth 20 -wp-auto-width 20 -wp-timeout 10

# cmpu_encode (validation, and that every enabled slot is a piece of the one region holding a
# byte, with its rights) and the per-process theorem for the MPU (tests/verify/mpu.c: flash
# R/X, RAM below the break R/W, no region matching anything else). Proved with
# CMPU_PROOF_LEAN, which leaves cmpu.c's arithmetic lemmas (proved in the sets above) out of
# the goals' context: with them there the provers time out on goals that take under a second
# without. encode-lemmas: the lemmas these use, in the same context.
# Both in the suite since 2 December; the set encode also carries the per-process theorem's
# harness functions and three seeded bugs (tests/verify/mutants.sh).
VERIFY_SETS += encode encode-lemmas
VERIFY_encode = tests/verify/mpu.c
VERIFY_encode_OPTS = -cpp-extra-args=-DCMPU_PROOF_LEAN -wp-fct cmpu_encode,rasr_of,mpu_process_regions,encode_process,mpu_process_image,mpu_grant_region_denied,mpu_other_process_denied,mpu_outside_denied -wp-timeout 60
VERIFY_encode-lemmas = tests/verify/mpu.c
VERIFY_encode-lemmas_OPTS = -cpp-extra-args=-DCMPU_PROOF_LEAN -wp-prop pieces_in_at,slot_match,top_from7,top_from6,top_from5,top_from4,top_from3,top_from2,top_from1,top_from0,top_slot,slots_gives -wp-auto wp:range -wp-timeout 60

.PHONY: verify test-verify

# Why3 finds the provers once per build tree (not in $HOME: CI and helpers share machines).
$(VERIFY_OUT)/why3.conf:
	@mkdir -p $(@D)
	@WHY3CONFIG=$@ why3 config detect >/dev/null 2>&1 || { rm -f $@; echo "verify: why3 config detect failed (make deps)" >&2; exit 1; }

verify: $(VERIFY_OUT)/why3.conf
	@tests/verify/run-proofs.sh $(VERIFY_OUT) "$(VERIFY_FLAGS)" $(foreach s,$(VERIFY_SETS),"$(s):$(VERIFY_$(s)):$(VERIFY_$(s)_OPTS)")

# The suite: the proofs (with a 30 s per-goal timeout, so that a loaded CI machine does not
# turn a slow goal into a failure), then seeded bugs that must fail to prove.
# The seeded-bug runs use the same timeout as the proofs, so that the goals a mutation leaves
# unchanged are found in the cache.
# A cached equivalent keeps `make test` inside CI's time: tests/verify/proven.txt holds the key
# of every proof input (tests/verify/proof-inputs.sh: the sources and headers the harnesses
# include, the scripts, the settings above) and the suite's lines from the run that proved
# them (`make verify-record`). While the inputs hash to that key, the suite reports those
# lines, marked as recorded; once any input changes, it proves everything again.
# PROOF_RECORD=0 always proves; `make verify` always proves.
PROOF_RECORD ?= 1
test-verify: VERIFY_TIMEOUT = 30
test-verify:
	@mkdir -p $(TEST_RESULTS) && : > $(TEST_RESULTS)/verify.log
	@key=$$(tests/verify/proof-inputs.sh) || exit 1; \
	if [ "$(PROOF_RECORD)" = 1 ] && [ "$$(sed -n 's/^inputs //p' tests/verify/proven.txt 2>/dev/null)" = "$$key" ]; then \
	  echo "verify: proof inputs unchanged since they were proved (tests/verify/proven.txt, $$(sed -n 's/^proved //p' tests/verify/proven.txt)); make verify proves them again"; \
	  sed -n 's/^\(PASS .*\)$$/\1 [recorded]/p' tests/verify/proven.txt | tee $(TEST_RESULTS)/verify.log; \
	  exit 0; \
	fi; \
	status=0; \
	$(MAKE) --no-print-directory verify VERIFY_TIMEOUT=30 VERIFY_LOG=$(abspath $(TEST_RESULTS))/verify.log || status=1; \
	VERIFY_SETS="$(VERIFY_SETS)" tests/verify/mutants.sh $(VERIFY_OUT) "$(VERIFY_FLAGS)" $(TEST_RESULTS)/verify.log || status=1; \
	exit $$status

# Proves everything (no record), then writes tests/verify/proven.txt if every line passed.
.PHONY: verify-record
verify-record:
	@$(MAKE) --no-print-directory test-verify PROOF_RECORD=0
	@! grep -qv '^PASS ' $(TEST_RESULTS)/verify.log || { echo "verify-record: not every proof passed; nothing recorded" >&2; exit 1; }
	@{ echo "# Written by make verify-record: the key of the proof inputs and the suite's lines"; \
	   echo "# from the run that proved them (tests/verify/verify.mk says how make test uses it)."; \
	   echo "inputs $$(tests/verify/proof-inputs.sh)"; \
	   echo "proved $$(date -u +%Y-%m-%d) with $$(frama-c -version 2>/dev/null | head -1)"; \
	   cat $(TEST_RESULTS)/verify.log; } > tests/verify/proven.txt
	@echo "verify-record: wrote tests/verify/proven.txt"

# Differential test of the PMP image against a spec-level hardware model and the layout itself:
# 1,000,000 random process layouts in `make fuzz`, a short run in `make test`.
PMP_DIFF          = $(VERIFY_OUT)/pmp_diff
PMP_DIFF_LAYOUTS ?= 1000000
PMP_DIFF_SMOKE   ?= 20000

$(PMP_DIFF): tests/verify/pmp_diff.c arch/rv32/pmp.c kernel/mpu.c $(HOST_TEST_HEADERS)
	@mkdir -p $(@D)
	$(HOST_CC) $(HOST_CFLAGS) -O2 $(HOST_TEST_INCLUDES) -fsanitize=undefined -fno-sanitize-recover=all \
	    tests/verify/pmp_diff.c arch/rv32/pmp.c kernel/mpu.c -o $@

.PHONY: fuzz-pmp test-pmp-diff
fuzz-pmp: $(PMP_DIFF)
	@$(PMP_DIFF) $(PMP_DIFF_LAYOUTS)
fuzz: fuzz-pmp

test-pmp-diff:
	@mkdir -p $(TEST_RESULTS)
	@if $(MAKE) --no-print-directory $(PMP_DIFF) >/dev/null && $(PMP_DIFF) $(PMP_DIFF_SMOKE); then \
	  echo "PASS verify/pmp-diff ($(PMP_DIFF_SMOKE) layouts, 0 mismatches)" > $(TEST_RESULTS)/pmp-diff.log; \
	else echo "FAIL verify/pmp-diff" > $(TEST_RESULTS)/pmp-diff.log; exit 1; fi

# Differential test of the ARMv7-M MPU image of random Arm process layouts against a separately
# written PMSAv7 hardware model, the reference model cmpu_allows and the layout itself:
# 1,000,000 layouts in `make fuzz`, a short run in `make test`.
MPU_DIFF          = $(VERIFY_OUT)/mpu_diff
MPU_DIFF_LAYOUTS ?= 1000000
MPU_DIFF_SMOKE   ?= 20000

$(MPU_DIFF): tests/verify/mpu_diff.c arch/cortex-m/cmpu.c arch/cortex-m/include/arch/cmpu.h kernel/mpu.c $(HOST_TEST_HEADERS)
	@mkdir -p $(@D)
	$(HOST_CC) $(HOST_CFLAGS) -O2 $(HOST_TEST_INCLUDES) -fsanitize=undefined -fno-sanitize-recover=all \
	    tests/verify/mpu_diff.c arch/cortex-m/cmpu.c kernel/mpu.c -o $@

.PHONY: fuzz-mpu test-mpu-diff
fuzz-mpu: $(MPU_DIFF)
	@$(MPU_DIFF) $(MPU_DIFF_LAYOUTS)
fuzz: fuzz-mpu

TEST_SUITES += test-mpu-diff
test-mpu-diff:
	@mkdir -p $(TEST_RESULTS)
	@if $(MAKE) --no-print-directory $(MPU_DIFF) >/dev/null && $(MPU_DIFF) $(MPU_DIFF_SMOKE); then \
	  echo "PASS verify/mpu-diff ($(MPU_DIFF_SMOKE) layouts, 0 mismatches)" > $(TEST_RESULTS)/mpu-diff.log; \
	else echo "FAIL verify/mpu-diff" > $(TEST_RESULTS)/mpu-diff.log; exit 1; fi
