# Host tools (tick-pack, tick-inspect, tick-image) and their tests; included by the top Makefile.
#   make tools          build/tools/tick-*
#   make test-tools     tool tests (ASan/UBSan builds), fuzz smoke; log in test-results/tools.log
#   make fuzz-tbf       libFuzzer on the TBF parser for FUZZ_SECONDS (default 60)
#   make fuzz-tools     libFuzzer on the tools' ELF/tar/inspect input handling
TOOLS_DIR       := $(BUILD)/tools
TOOLS_ASAN_DIR  := $(BUILD)/tools-asan
TOOLS_LDLIBS    := -lmbedcrypto
TOOLS_SAN       := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
TOOLS_RESULTS   := $(BUILD)/test-results
FUZZ_SECONDS    ?= 60
TOOLS_FUZZ_CC   ?= clang

# Shared by all tools: the kernel's own TBF parser, SHA-256 and P-256 verifier, plus host helpers.
TOOLS_LIB_SRC   := kernel/tbf.c kernel/reloc.c kernel/lib/sha256.c kernel/lib/p256.c kernel/lib/mgmt_frame.c $(wildcard tools/lib/*.c)
# One tool per tools/<name>/ folder with a main.c: tools/pack -> tick-pack.
TOOLS_NAMES     := $(patsubst tools/%/main.c,%,$(wildcard tools/*/main.c))

# tools_set(DIR, EXTRA_CFLAGS): rules for every tool built into DIR with EXTRA_CFLAGS.
# The objects and tools depend on their flags (flags_stamp, mk/common.mk).
define tools_set
$(1)/obj/%.o: %.c $(call flags_stamp,$(1)/obj/cc.flags,$(HOST_CC) $(HOST_CFLAGS) $(2))
	@mkdir -p $$(dir $$@)
	$$(call say,HOSTCC,$$<)
	$$(Q)$$(HOST_CC) $$(HOST_CFLAGS) $(2) -Ikernel/include -MMD -MP -c $$< -o $$@

$(foreach t,$(TOOLS_NAMES),
$(1)/tick-$(t): $(patsubst %.c,$(1)/obj/%.o,$(wildcard tools/$(t)/*.c) $(TOOLS_LIB_SRC)) \
		$(call flags_stamp,$(1)/link.flags,$(HOST_CC) $(2) $(TOOLS_LDLIBS))
	$$(call say,HOSTLD,$$@)
	$$(Q)$$(HOST_CC) $(2) $$(filter %.o,$$^) $$(TOOLS_LDLIBS) -o $$@
)
-include $$(shell find $(1)/obj -name '*.d' 2>/dev/null)
endef

$(eval $(call tools_set,$(TOOLS_DIR),))
$(eval $(call tools_set,$(TOOLS_ASAN_DIR),$(TOOLS_SAN)))

.PHONY: tools test-tools fuzz-tbf fuzz-tools
tools: $(addprefix $(TOOLS_DIR)/tick-,$(TOOLS_NAMES))

# The kernel's own walk over an image (the round-trip cases of run.sh) is the unit test
# tests/unit/test_tbf.c run as `test_tbf --walk IMAGE ADDRESS`.
TOOLS_TEST_TBF  = $(UNIT_OUT)/bin/test_tbf

# The freestanding TBF, SHA-256 and P-256 code compiled for rv32 exactly as the kernel is.
TOOLS_RV32_SRC := tests/tools/rv32/start.S tests/tools/rv32/main.c kernel/tbf.c kernel/lib/sha256.c \
                  kernel/lib/p256.c kernel/lib/string.c
$(TOOLS_ASAN_DIR)/rv32_selftest.elf: $(TOOLS_RV32_SRC) tests/tools/rv32/link.ld tests/tools/golden/alpha-slot1.tbf
	@mkdir -p $(@D)
	$(ARCH_CC) $(ARCH_APP_FLAGS) $(FREESTANDING_CFLAGS) -nostdlib -Ikernel/include -T tests/tools/rv32/link.ld $(TOOLS_RV32_SRC) -o $@

$(TOOLS_ASAN_DIR)/fuzz_tbf: tests/fuzz/fuzz_tbf.c kernel/tbf.c kernel/lib/sha256.c kernel/include/tick/tbf.h
	@mkdir -p $(@D)
	$(TOOLS_FUZZ_CC) $(HOST_CFLAGS) -Ikernel/include -fsanitize=fuzzer,address,undefined \
	    -fno-sanitize-recover=all $(filter %.c,$^) -o $@

# Test helper: a relocatable TBF's image as the kernel patches it for a placement (run.sh).
$(TOOLS_ASAN_DIR)/reloc_move: tests/tools/reloc_move.c kernel/reloc.c kernel/tbf.c kernel/lib/sha256.c kernel/include/tick/reloc.h
	@mkdir -p $(@D)
	$(HOST_CC) $(HOST_CFLAGS) $(TOOLS_SAN) -Ikernel/include $(filter %.c,$^) -o $@

# Fuzzers of the tools' own input handling (ELF, tar, inspect); they link mbedtls.
TOOLS_FUZZ_LIB := $(TOOLS_LIB_SRC) tools/pack/elf2tbf.c tools/pack/credentials.c tools/pack/reloc_build.c
$(TOOLS_ASAN_DIR)/fuzz_pack: tests/tools/fuzz_pack.c $(TOOLS_FUZZ_LIB)
	@mkdir -p $(@D)
	$(TOOLS_FUZZ_CC) $(HOST_CFLAGS) -Ikernel/include -fsanitize=fuzzer,address,undefined \
	    -fno-sanitize-recover=all $(filter %.c,$^) $(TOOLS_LDLIBS) -o $@

$(TOOLS_ASAN_DIR)/fuzz_inspect: tests/tools/fuzz_inspect.c $(TOOLS_LIB_SRC) tools/inspect/check.c \
		tools/inspect/text.c tools/inspect/json.c
	@mkdir -p $(@D)
	$(TOOLS_FUZZ_CC) $(HOST_CFLAGS) -Ikernel/include -fsanitize=fuzzer,address,undefined \
	    -fno-sanitize-recover=all $(filter %.c,$^) $(TOOLS_LDLIBS) -o $@

# The fuzzers and reloc_move depend on their flags too (flags_stamp, mk/common.mk).
$(addprefix $(TOOLS_ASAN_DIR)/,fuzz_tbf fuzz_pack fuzz_inspect): \
    $(call flags_stamp,$(TOOLS_ASAN_DIR)/fuzz.flags,$(TOOLS_FUZZ_CC) $(HOST_CFLAGS) $(TOOLS_LDLIBS))
$(TOOLS_ASAN_DIR)/reloc_move: $(TOOLS_ASAN_DIR)/obj/cc.flags

# Every case writes one PASS/FAIL line; a build failure is a FAIL line too, never a silent skip.
test-tools:
	@mkdir -p $(TOOLS_RESULTS)
	@if ! $(MAKE) --no-print-directory $(addprefix $(TOOLS_ASAN_DIR)/tick-,$(TOOLS_NAMES)) \
	      $(TOOLS_ASAN_DIR)/reloc_move $(TOOLS_TEST_TBF); then \
	  echo "FAIL tools/build" > $(TOOLS_RESULTS)/tools.log; exit 1; fi
	@rm -f $(TOOLS_ASAN_DIR)/rv32_selftest.elf; \
	$(MAKE) --no-print-directory $(TOOLS_ASAN_DIR)/rv32_selftest.elf || true
	@ASAN_OPTIONS=detect_leaks=0 tests/tools/run.sh $(TOOLS_ASAN_DIR) $(TOOLS_RESULTS)/tools.log $(TOOLS_TEST_TBF); \
	status=$$?; \
	for f in fuzz_tbf:10 fuzz_pack:4 fuzz_inspect:4; do \
	  name=$${f%%:*}; secs=$${f#*:}; \
	  if $(MAKE) --no-print-directory $(TOOLS_ASAN_DIR)/$$name >/dev/null 2>&1; then \
	    ASAN_OPTIONS=detect_leaks=0 tests/tools/fuzz.sh $(TOOLS_ASAN_DIR)/$$name \
	        $(TOOLS_ASAN_DIR)/fuzz/$$name $$secs $(TOOLS_RESULTS)/tools.log || status=1; \
	  else \
	    echo "FAIL tools/$$name/build" | tee -a $(TOOLS_RESULTS)/tools.log; status=1; \
	  fi; \
	done; \
	echo "tools: $$(grep -c '^PASS' $(TOOLS_RESULTS)/tools.log) passed, $$(grep -c '^FAIL' $(TOOLS_RESULTS)/tools.log) failed"; \
	exit $$status

fuzz-tbf: $(TOOLS_ASAN_DIR)/fuzz_tbf
	tests/tools/fuzz.sh $(TOOLS_ASAN_DIR)/fuzz_tbf $(TOOLS_ASAN_DIR)/fuzz/fuzz_tbf $(FUZZ_SECONDS)

# The tools' own parsers (ELF, tar, inspect) for FUZZ_SECONDS each.
fuzz-tools: $(TOOLS_ASAN_DIR)/fuzz_pack $(TOOLS_ASAN_DIR)/fuzz_inspect
	ASAN_OPTIONS=detect_leaks=0 tests/tools/fuzz.sh $(TOOLS_ASAN_DIR)/fuzz_pack $(TOOLS_ASAN_DIR)/fuzz/fuzz_pack $(FUZZ_SECONDS)
	ASAN_OPTIONS=detect_leaks=0 tests/tools/fuzz.sh $(TOOLS_ASAN_DIR)/fuzz_inspect $(TOOLS_ASAN_DIR)/fuzz/fuzz_inspect $(FUZZ_SECONDS)

TEST_SUITES += test-tools

-include tools/load/load.mk
