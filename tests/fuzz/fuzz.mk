# Fuzzing: every tests/fuzz/fuzz_*.c is a libFuzzer target built with clang under ASan/UBSan.
# `make fuzz` runs each for FUZZ_SECONDS; `make test-fuzz-smoke` runs each briefly and replays
# tests/fuzz/regressions/<target>/*. Conventions in docs/testing.md.

FUZZ_CC            ?= clang
FUZZ_SECONDS       ?= 60
FUZZ_SMOKE_SECONDS ?= 5
FUZZ_OUT           ?= $(BUILD)/fuzz
FUZZ_CFLAGS         = $(HOST_CFLAGS) $(HOST_TEST_INCLUDES) -fsanitize=fuzzer,address,undefined \
                      -fno-sanitize-recover=all -fno-omit-frame-pointer

# Target names (fuzz_foo for tests/fuzz/fuzz_foo.c). A subset: make fuzz FUZZ_TARGETS=fuzz_tbf.
FUZZ_TARGETS ?= $(patsubst tests/fuzz/%.c,%,$(wildcard tests/fuzz/fuzz_*.c))

# Same "/* sources: ... */" convention as the unit tests (test_sources is in tests/unit/unit.mk).
$(foreach t,$(FUZZ_TARGETS),$(eval \
    $(FUZZ_OUT)/bin/$(t): tests/fuzz/$(t).c $(call test_sources,tests/fuzz/$(t).c) $(HOST_TEST_HEADERS)))

# The kernel files kstate_core.c #includes are prerequisites too (a change rebuilds the
# target) but are compiled only through it.
$(FUZZ_TARGETS:%=$(FUZZ_OUT)/bin/%): $(KSTATE_CORE_SRCS)
# Each target depends on its flags (flags_stamp, mk/common.mk).
$(FUZZ_TARGETS:%=$(FUZZ_OUT)/bin/%): $(call flags_stamp,$(FUZZ_OUT)/bin/cc.flags,$(FUZZ_CC) $(FUZZ_CFLAGS))
$(FUZZ_OUT)/bin/%:
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) $(filter-out $(KSTATE_CORE_SRCS),$(filter %.c,$^)) -o $@

.PHONY: fuzz test-fuzz-smoke

# Long runs; crashes are saved as $(FUZZ_OUT)/<target>/crash-* (turn them into regressions).
fuzz: $(FUZZ_TARGETS:%=$(FUZZ_OUT)/bin/%)
	@status=0; for t in $(FUZZ_TARGETS); do \
	  tests/harness/run-fuzz.sh $(FUZZ_OUT)/bin/$$t $(FUZZ_OUT)/$$t $(FUZZ_SECONDS) || status=1; \
	done; exit $$status

test-fuzz-smoke:
	@mkdir -p $(TEST_RESULTS) && : > $(TEST_RESULTS)/fuzz.log
	@status=0; for t in $(FUZZ_TARGETS); do \
	  if $(MAKE) -q --no-print-directory $(FUZZ_OUT)/bin/$$t || $(MAKE) --no-print-directory $(FUZZ_OUT)/bin/$$t; then \
	    tests/harness/run-fuzz.sh $(FUZZ_OUT)/bin/$$t $(FUZZ_OUT)/$$t $(FUZZ_SMOKE_SECONDS) \
	        $(TEST_RESULTS)/fuzz.log || status=1; \
	  else \
	    echo "FAIL fuzz/$$t/build" >> $(TEST_RESULTS)/fuzz.log; status=1; \
	  fi; \
	done; \
	[ -n "$(strip $(FUZZ_TARGETS))" ] || echo "test-fuzz-smoke: no tests/fuzz/fuzz_*.c yet"; \
	exit $$status

# Rewrites the fuzz_loader seeds (TBF images made with tests/unit/fakes/tbf_build.c; see the
# comment at the top of tests/fuzz/fuzz_loader.c).
.PHONY: fuzz-loader-seeds
fuzz-loader-seeds: $(FUZZ_OUT)/bin/fuzz_loader
	@mkdir -p tests/fuzz/corpus/fuzz_loader
	FUZZ_LOADER_SEEDS=tests/fuzz/corpus/fuzz_loader $(FUZZ_OUT)/bin/fuzz_loader
