# Tick top-level build: `make run` boots the demo in QEMU, `make test` runs every test.
# Each component keeps its own rules in a fragment included below.
.DEFAULT_GOAL := all
include mk/common.mk

BOARD ?= qemu_rv32_virt

# The board chooses its arch (and includes arch/<arch>/arch.mk), chips and capsules; the
# kernel core, chip and capsule makefiles say which files are cold; mk/kernel.mk builds it all.
include boards/$(BOARD)/board.mk
include kernel/kernel.mk chips/chips.mk capsules/capsules.mk
include mk/kernel.mk
-include tools/tools.mk
-include userland/userland.mk
-include apps/apps.mk
-include tests/tests.mk
-include bench/bench.mk

.PHONY: all deps run test clean help

all: kernel tools apps

# Installs missing Debian packages (host tools and test libraries, the arch's toolchain, the
# board's emulator, and those of the other board `make test` covers: TEST_BOARD_DEBS).
deps:
	@scripts/install-deps.sh $(ARCH_DEBS) $(BOARD_DEBS) $(TEST_BOARD_DEBS)

# make run [APPS="a.tbf b.tab ..."] [TIMEOUT=seconds] [QEMU_ARGS="extra qemu options"] [FLASH=file]
# Builds everything, composes the app flash image and boots QEMU. FLASH backs the board's store
# flash (QEMU pflash unit 1): created erased on first use, kept between runs.
FLASH ?= $(BUILD)/flash.bin
run: deps
	@$(MAKE) --no-print-directory all
	@scripts/run.sh --kernel $(KERNEL_ELF) --board boards/$(BOARD) --flash "$(FLASH)" \
	    --timeout "$(TIMEOUT)" $(if $(QEMU_ARGS),--qemu-args "$(QEMU_ARGS)") \
	    -- $(if $(APPS),$(APPS),$(DEMO_APPS)) || [ $$? -eq 124 ]

# Runs every test suite (host unit tests, tool tests, QEMU scenarios) and
# prints "N passed, N failed" at the end.
test: deps
	@rm -rf $(BUILD)/test-results && mkdir -p $(BUILD)/test-results
	@$(MAKE) --no-print-directory -k $(TEST_SUITES) || true
	@scripts/test-summary.sh $(BUILD)/test-results

clean:
	rm -rf $(BUILD)

help:
	@echo "make run [APPS=\"a.tbf ...\"] [TIMEOUT=s]  build and boot the demo in QEMU"
	@echo "    [QEMU_ARGS=\"-icount shift=4,sleep=off\"]  extra QEMU options (e.g. fast, deterministic guest time)"
	@echo "         [FLASH=file]                   store flash file (default build/flash.bin, kept between runs)"
	@echo "make test                               run all tests"
	@echo "make bench / bench-check                instruction-count benchmarks / budgets"
	@echo "make deps                               install missing Debian packages"
