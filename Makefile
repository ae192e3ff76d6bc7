# Tick top-level build: `make run` boots the demo in QEMU, `make test` runs every test.
# Each component keeps its own rules in a fragment included below.
.DEFAULT_GOAL := all
include mk/common.mk

BOARD ?= qemu_rv32_virt
ifeq ($(wildcard boards/$(BOARD)/board.mk),)
$(error no board '$(BOARD)' (boards: $(notdir $(patsubst %/board.mk,%,$(wildcard boards/*/board.mk))); choose one with BOARD=NAME))
endif

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

.PHONY: all deps run debug test clean check-toolchain

# A missing cross compiler is said once, with the fix, not as "command not found" per file.
check-toolchain:
	@command -v $(ARCH_CC) >/dev/null 2>&1 || { \
	    echo "$(ARCH_CC) not found: run make deps (it installs $(ARCH_DEBS))" >&2; exit 1; }
$(KERNEL_OBJS) $(TICK_LIBS_ALL): | check-toolchain

all: kernel tools apps

# Installs missing Debian packages (host tools and test libraries, the arch's toolchain, the
# board's emulator, and those of the other board `make test` covers: TEST_BOARD_DEBS).
deps:
	@scripts/install-deps.sh $(ARCH_DEBS) $(BOARD_DEBS) $(TEST_BOARD_DEBS)

# make run [APPS="a.tbf b.tab ..."] [TIMEOUT=seconds] [QEMU_ARGS="extra qemu options"] [FLASH=file]
# Builds everything, composes the app flash image and boots QEMU. FLASH backs the board's store
# flash (QEMU pflash unit 1): created erased on first use, kept between runs. Without APPS the
# demo boots DEMO_APPS and installs DEMO_LIVE_APP through the management channel after boot.
FLASH ?= $(BUILD)/flash.bin
# The management channel's Unix socket (tick-load's default; boards without one ignore it).
MGMT_SOCKET ?= $(BUILD)/mgmt.sock
# A board without store flash or management channel (board.conf) gets no --flash or --mgmt,
# so run.sh does not warn about options the user did not give; FLASH= or MGMT_SOCKET= given on
# the command line are passed, and warned about, all the same.
BOARD_CONF_KEYS := $(shell sed -n 's/=.*//p' boards/$(BOARD)/board.conf)
RUN_FLASH = $(if $(filter store_flash_size,$(BOARD_CONF_KEYS))$(filter-out file,$(origin FLASH)),--flash "$(FLASH)")
RUN_MGMT = $(if $(filter qemu_mgmt_args,$(BOARD_CONF_KEYS))$(filter-out file,$(origin MGMT_SOCKET)),--mgmt "$(MGMT_SOCKET)")
# The boot banner's second line (boards/*/main.c), printed by make run before QEMU starts.
SHELL_HINT := Kernel shell: Ctrl-P, then a command (try help). Quit QEMU: Ctrl-A X
run: deps
	@$(MAKE) --no-print-directory all
	@echo "$(SHELL_HINT)"
	@scripts/run.sh --kernel $(KERNEL_ELF) --board boards/$(BOARD) $(RUN_FLASH) \
	    $(RUN_MGMT) --timeout "$(TIMEOUT)" $(if $(QEMU_ARGS),--qemu-args "$(QEMU_ARGS)") \
	    $(if $(APPS),,--live-install $(DEMO_LIVE_APP)) -- $(if $(APPS),$(APPS),$(DEMO_APPS)) || [ $$? -eq 124 ]

# make debug [APPS=...] [QEMU_ARGS=...] [FLASH=file] [GDB_ARGS="-batch -x session.gdb"]
# Like make run, but QEMU starts halted under gdb-multiarch with the kernel's and every app's
# symbols loaded where they run (scripts/debug.sh, docs/debugging.md), also those of apps
# installed with tick-load (make load). Console: build/debug/.
debug: deps
	@$(MAKE) --no-print-directory all
	@GDB_ARGS='$(subst ','\'',$(GDB_ARGS))' LOAD_SYMBOLS='$(dir $(MGMT_SOCKET))load-symbols.gdb' \
	    scripts/run.sh --kernel $(KERNEL_ELF) --board boards/$(BOARD) $(RUN_MGMT) \
	    $(RUN_FLASH) $(if $(QEMU_ARGS),--qemu-args "$(QEMU_ARGS)") --gdb $(BUILD)/debug \
	    -- $(if $(APPS),$(APPS),$(DEMO_APPS))

# Runs every test suite (host unit tests, tool tests, QEMU scenarios) and
# prints "N passed, N failed" at the end.
test: deps
	@rm -rf $(BUILD)/test-results && mkdir -p $(BUILD)/test-results
	@$(MAKE) --no-print-directory -k $(TEST_SUITES) || true
	@scripts/test-summary.sh $(BUILD)/test-results

clean:
	rm -rf $(BUILD)

include mk/help.mk
