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
include tests/verify/verify.mk
include tests/qemu/images.mk
include tests/scripts/scripts.mk

TEST_SUITES += test-harness test-unit test-fuzz-smoke test-qemu test-run-args test-memory-map test-verify test-pmp-diff

# The second architecture: `make test` (default board) also boots the scenarios that apply to
# the Cortex-M board, with that board's kernel and its own app builds (scenarios say, in an
# [arch.cortex-m] table, what differs or why they do not apply). make deps installs its
# toolchain and emulator too.
CORTEXM_BOARD := qemu_mps2_an386
TEST_BOARD_DEBS := $(shell sed -n 's/^ARCH_DEBS *:= *//p' arch/cortex-m/arch.mk) \
                   $(shell sed -n 's/^BOARD_DEBS *:= *//p' boards/$(CORTEXM_BOARD)/board.mk)
ifeq ($(BOARD),qemu_rv32_virt)
TEST_SUITES += test-qemu-cortex-m test-powercut
endif

# Power cuts on QEMU during app store operations (tests/powercut/powercut.py, rv32: the store
# flash; installs through 0x10001 and through tick-load, an update, a remove): POWERCUT_CUTS of
# them in make test, spread over the four operations; 70 per operation in make stress-powercut.
POWERCUT_CUTS ?= 24
POWERCUT_SEED ?= 1
.PHONY: test-powercut stress-powercut
test-powercut:
	@mkdir -p $(TEST_RESULTS) && : > $(TEST_RESULTS)/powercut.log
	@$(MAKE) --no-print-directory kernel tools apps >/dev/null || { \
	    echo "FAIL powercut/build" > $(TEST_RESULTS)/powercut.log; exit 1; }
	@$(PYTHON) tests/powercut/powercut.py --build $(BUILD) --cuts $(POWERCUT_CUTS) \
	    --seed $(POWERCUT_SEED) --log $(TEST_RESULTS)/powercut.log
stress-powercut:
	@$(MAKE) --no-print-directory test-powercut POWERCUT_CUTS=280
.PHONY: test-qemu-cortex-m
test-qemu-cortex-m:
	@mkdir -p $(TEST_RESULTS)
	@$(MAKE) --no-print-directory BOARD=$(CORTEXM_BOARD) kernel tools apps qemu-images >/dev/null || { \
	    echo "FAIL qemu-cortex-m/build" > $(TEST_RESULTS)/qemu-cortex-m.log; \
	    echo "test-qemu-cortex-m: kernel, tools or apps did not build; no scenario ran" >&2; exit 1; }
	@$(PYTHON) tests/harness/treadmill.py -j $(QEMU_JOBS) --kernel $(BUILD)/$(CORTEXM_BOARD)/kernel.elf \
	    --board boards/$(CORTEXM_BOARD) --arch cortex-m --apps-dir $(BUILD)/cortex-m/apps \
	    --suite qemu-cortex-m --results $(TEST_RESULTS) $(TREADMILL_FLAGS) $(SCENARIOS)

.PHONY: test-harness test-qemu test-run-args

# make run's QEMU_ARGS reach QEMU (scripts/run.sh --qemu-args), the board's options, TIMEOUT on a terminal.
test-run-args:
	@mkdir -p $(TEST_RESULTS) && : > $(TEST_RESULTS)/run-args.log
	@$(MAKE) --no-print-directory kernel tools apps >/dev/null || { \
	    echo "FAIL run-args/build" > $(TEST_RESULTS)/run-args.log; exit 1; }
	@tests/scripts/test_run_args.sh $(QEMU_KERNEL) boards/$(BOARD) $(BUILD)/apps/hello/hello.tab \
	    $(TEST_RESULTS)/run-args.log test-memory-map

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

# The IPC kill stress at full strength: ipc_kill_stress.scn kills 1,000 times in `make test`;
# `make stress` builds the killer with STRESS_KILLS (10,000, even) and runs the same scenario
# with that count (about 30 s on rv32, 10 s on Cortex-M). Results: $(TEST_RESULTS)/stress.*
STRESS_KILLS ?= 10000
STRESS_DIR := $(BUILD)/stress-$(BOARD)
.PHONY: stress
stress:
	@$(MAKE) --no-print-directory kernel tools apps >/dev/null
	@$(MAKE) --no-print-directory -C apps/tests/ipc_killer BUILD=$(abspath $(BUILD)) ARCH=$(ARCH) \
	    KILLS=$(STRESS_KILLS) APP_OUT=$(abspath $(STRESS_DIR))/ipc_killer >/dev/null
	@mkdir -p $(STRESS_DIR)/scn $(TEST_RESULTS)
	@sed -e 's|build/apps/ipc_killer/|$(STRESS_DIR)/ipc_killer/|' -e 's|^timeout = .*|timeout = 300|' \
	    -e 's|1000 kills|$(STRESS_KILLS) kills|g' -e 's|1000 calls|$(STRESS_KILLS) calls|' \
	    -e 's|(500 of each|($(shell echo $$(($(STRESS_KILLS) / 2))) of each|' \
	    tests/qemu/ipc_kill_stress.scn > $(STRESS_DIR)/scn/ipc_kill_stress.scn
	@$(PYTHON) tests/harness/treadmill.py --kernel $(QEMU_KERNEL) --board boards/$(BOARD) \
	    --arch $(ARCH) --apps-dir $(BUILD)/$(ARCH_APPS_DIR) --scenarios $(STRESS_DIR)/scn \
	    --results $(TEST_RESULTS) --suite stress ipc_kill_stress

# The kernel ELF against the board's memory map (board.conf, the one source; layout.ld includes
# the MEMORY block generated from it), plus one case that the check notices a disagreement.
MEMORY_MAP_CHECK := $(PYTHON) scripts/check-memory-map.py --board $(BOARD_DIR) \
                    --memory-ld $(KERNEL_MEMORY_LD) --kernel $(KERNEL_ELF)
test-memory-map:
	@mkdir -p $(TEST_RESULTS) && : > $(TEST_RESULTS)/memory-map.log
	@$(MAKE) --no-print-directory kernel >/dev/null || { \
	    echo "FAIL memory-map/build" > $(TEST_RESULTS)/memory-map.log; exit 1; }
	@status=0; $(MEMORY_MAP_CHECK) --log $(TEST_RESULTS)/memory-map.log || status=1; \
	d=$(BUILD)/memory-map-mismatch; mkdir -p $$d/$(BOARD); \
	sed 's/^ram_size=.*/ram_size=0x1000/' $(BOARD_DIR)/board.conf > $$d/$(BOARD)/board.conf; \
	if $(PYTHON) scripts/check-memory-map.py --board $$d/$(BOARD) --memory-ld $(KERNEL_MEMORY_LD) \
	      --kernel $(KERNEL_ELF) >/dev/null 2>&1; then \
	  echo "FAIL memory-map/check-detects-mismatch" | tee -a $(TEST_RESULTS)/memory-map.log; status=1; \
	else echo "PASS memory-map/check-detects-mismatch" | tee -a $(TEST_RESULTS)/memory-map.log; fi; \
	exit $$status
