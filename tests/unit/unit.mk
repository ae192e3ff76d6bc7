# Host unit tests: every tests/unit/test_*.c is built with cmocka under ASan/UBSan and run by `make test-unit`.
# Conventions (the "/* sources: ... */" line, result names) are in tests/unit/README.md.

UNIT_OUT      ?= $(BUILD)/unit
UNIT_LOG      ?= $(TEST_RESULTS)/unit.log
UNIT_SAN      ?= -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
UNIT_COVERAGE ?=
UNIT_LDLIBS   ?= -lcmocka

# Include paths shared by unit tests and fuzz targets (components may append with +=).
HOST_TEST_INCLUDES += -Iinclude -Ikernel/include -Ikernel -Icapsules -Iarch/host/include -Iarch/host -Itests/unit
# Any header change rebuilds the host tests: simple and safe, and these builds are small.
HOST_TEST_HEADERS  := $(shell find include kernel capsules arch/host tests -name '*.h' 2>/dev/null)

UNIT_CFLAGS    = $(HOST_CFLAGS) $(HOST_TEST_INCLUDES) $(UNIT_SAN) $(UNIT_COVERAGE)

include tests/unit/sets.mk

# test_sources(file.c): the files and @sets named on "/* sources: ... */" lines within its first
# 20 lines, with every @set replaced by its files (tests/unit/sets.mk).
test_sources   = $(call test_expand,$(shell sed -n '1,20s|^/\* *sources:\(.*\)\*/.*$$|\1|p' $(1)),$(1))
test_expand    = $(foreach w,$(1),$(if $(filter @%,$(w)),$(call test_set,$(w:@%=%),$(2)),$(w)))
test_set       = $(if $(filter undefined,$(origin set.$(1))),$(error $(2): no set @$(1) in sets.mk),$(set.$(1)))

# test_libs(file.c): extra link flags from "/* libs: -lfoo */" lines (e.g. mbedtls as an oracle).
test_libs      = $(shell sed -n '1,20s|^/\* *libs:\(.*\)\*/.*$$|\1|p' $(1))

# Test names (test_foo for tests/unit/test_foo.c). A subset: make test-unit UNIT_TESTS="test_tbf".
UNIT_TESTS    ?= $(patsubst tests/unit/%.c,%,$(wildcard tests/unit/test_*.c))
unit_objs      = $(patsubst %.c,$(UNIT_OUT)/obj/%.o,tests/unit/$(1).c $(call test_sources,tests/unit/$(1).c))

# Each binary links its own test file plus its declared sources.
$(foreach t,$(UNIT_TESTS),$(eval $(UNIT_OUT)/bin/$(t): $(call unit_objs,$(t))))
$(foreach t,$(UNIT_TESTS),$(eval $(UNIT_OUT)/bin/$(t): TEST_LIBS := $(call test_libs,tests/unit/$(t).c)))

# Objects and binaries depend on their flags (flags_stamp, mk/common.mk).
$(UNIT_TESTS:%=$(UNIT_OUT)/bin/%): $(call flags_stamp,$(UNIT_OUT)/bin/link.flags,$(HOST_CC) $(UNIT_SAN) $(UNIT_COVERAGE) $(UNIT_LDLIBS))
$(UNIT_OUT)/bin/%:
	@mkdir -p $(@D)
	$(HOST_CC) $(UNIT_SAN) $(UNIT_COVERAGE) $(filter %.o,$^) $(TEST_LIBS) $(UNIT_LDLIBS) -o $@

# Every source is compiled once with the same flags and shared by the tests that list it.
# -MMD: a file that #includes a .c file (fakes/kstate_core.c, test_cfi_pflash.c) is rebuilt
# when that file changes.
$(UNIT_OUT)/obj/%.o: %.c $(HOST_TEST_HEADERS) $(call flags_stamp,$(UNIT_OUT)/obj/cc.flags,$(HOST_CC) $(UNIT_CFLAGS))
	@mkdir -p $(@D)
	$(HOST_CC) $(UNIT_CFLAGS) -MMD -MP -c $< -o $@

-include $(shell find $(UNIT_OUT)/obj -name '*.d' 2>/dev/null)

.PHONY: unit-build test-unit coverage

unit-build: $(UNIT_TESTS:%=$(UNIT_OUT)/bin/%)

# Builds and runs each test; a test that does not build is one FAIL line, not a stop.
test-unit:
	@mkdir -p $(dir $(UNIT_LOG)) && : > $(UNIT_LOG)
	@status=0; for t in $(UNIT_TESTS); do \
	  if $(MAKE) -q --no-print-directory $(UNIT_OUT)/bin/$$t || $(MAKE) --no-print-directory $(UNIT_OUT)/bin/$$t; then \
	    tests/harness/run-cmocka.sh $(UNIT_OUT)/bin/$$t unit/$$t $(UNIT_LOG) || status=1; \
	  else \
	    echo "FAIL unit/$$t/build" >> $(UNIT_LOG); status=1; \
	  fi; \
	done; \
	[ -n "$(strip $(UNIT_TESTS))" ] || echo "test-unit: no tests/unit/test_*.c yet"; \
	exit $$status

# Line coverage of kernel/ and capsules/ by the unit tests; fails below tests/unit/coverage-min.txt.
coverage:
	@scripts/coverage.sh
