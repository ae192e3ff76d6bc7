# Test suites: harness self-tests, host unit tests, fuzz smoke runs and QEMU scenarios (docs/testing.md).
# Every suite writes PASS/FAIL lines to $(TEST_RESULTS)/<suite>.log for scripts/test-summary.sh.

TEST_RESULTS ?= $(BUILD)/test-results
PYTHON       ?= python3

# QEMU scenario selection and parallelism: make test-qemu SCENARIOS="console* alarm" QEMU_JOBS=4
# TREADMILL_FLAGS=-v streams every transcript.
SCENARIOS    ?=
TREADMILL_FLAGS ?=
QEMU_JOBS    ?= $(shell nproc 2>/dev/null || echo 1)
QEMU_KERNEL  ?= $(if $(KERNEL_ELF),$(KERNEL_ELF),$(BUILD)/$(BOARD)/kernel.elf)

include tests/unit/unit.mk
include tests/fuzz/fuzz.mk
include tests/qemu/images.mk

TEST_SUITES += test-harness test-unit test-fuzz-smoke test-qemu

.PHONY: test-harness test-qemu

# Unit tests of the Treadmill harness itself (fake transcripts, no QEMU).
test-harness:
	@mkdir -p $(TEST_RESULTS)
	@$(PYTHON) tests/harness/test_treadmill.py --log $(TEST_RESULTS)/harness.log

# Boots every tests/qemu/*.scn scenario. A build failure becomes a FAIL line, so that
# `make test` reports it instead of silently running no scenario.
test-qemu:
	@mkdir -p $(TEST_RESULTS)
	@$(MAKE) --no-print-directory kernel tools apps qemu-images || { \
	    echo "FAIL qemu/build" > $(TEST_RESULTS)/qemu.log; \
	    echo "test-qemu: kernel, tools or apps did not build; no scenario ran" >&2; exit 1; }
	@$(PYTHON) tests/harness/treadmill.py -j $(QEMU_JOBS) --kernel $(QEMU_KERNEL) \
	    --board boards/$(BOARD) --results $(TEST_RESULTS) $(TREADMILL_FLAGS) $(SCENARIOS)
