# make help: every target and every variable a user may set, one line each. Included by the
# top Makefile. tests/scripts/test_help.sh checks both ways: every target and variable named
# here exists in the makefiles, and every .PHONY target of the makefiles is named here or in
# HELP_INTERNAL (steps other targets run, not meant to be typed).
HELP_INTERNAL := bench-apps bench-async-app kernel-signing-key check-toolchain \
                 unit-build signed-images test-kernel qemu-images pic-images bench-reloc-apps \
                 store-pic-images bench-store-apps noshell-kernel load-board-check

BOARDS := $(notdir $(patsubst %/board.mk,%,$(wildcard boards/*/board.mk)))

.PHONY: help
help:
	@printf '%s\n' \
	"Targets (make TARGET [VARIABLE=value ...]); docs in README.md and docs/:" \
	"  all                 kernel, host tools and every app (the default)" \
	"  kernel              the kernel for BOARD: build/BOARD/kernel.elf" \
	"  tools               host tools tick-pack, tick-inspect, tick-image, tick-load in build/tools (docs/tools.md)" \
	"  apps                every app of apps/ and apps/tests/: build/apps/NAME/ (ELFs, TBFs, TAB)" \
	"  app-apps/NAME       one app, e.g. make app-apps/hello" \
	"  userland            the userland libraries apps link (docs/userland.md)" \
	"  deps                install the missing Debian packages (compilers, QEMU, gdb-multiarch, test libraries)" \
	"  run                 build, then boot APPS (default: the demo, which also installs an app live) in QEMU; Ctrl-A X quits" \
	"  debug               like run, but QEMU waits under gdb-multiarch with every symbol (docs/debugging.md)" \
	"  load                rebuild APP and install (or update) it in the system make run runs, no reboot (docs/tools.md)" \
	"  test                every suite below; ends with 'N passed, N failed' (docs/testing.md)" \
	"  test-unit           host unit tests of kernel and capsules (UNIT_TESTS)" \
	"  test-qemu           QEMU boot scenarios tests/qemu/*.scn (SCENARIOS, QEMU_JOBS, TREADMILL_FLAGS)" \
	"  stress              the IPC kill stress at full strength: 10,000 kills mid-call under QEMU (STRESS_KILLS)" \
	"  test-harness        self-tests of the QEMU scenario harness" \
	"  test-tools          host tools' tests and short fuzz runs" \
	"  test-fuzz-smoke     every fuzz target briefly, plus its crash regressions (FUZZ_SMOKE_SECONDS)" \
	"  test-powercut       QEMU killed during app store installs, updates, removes (POWERCUT_CUTS)" \
	"  stress-powercut     the same with 280 power cuts, 70 per operation (docs/loading.md has the counts)" \
	"  test-userland       userland library tests on the host" \
	"  test-userland-debug userland debug library tests on the host" \
	"  test-zero-cost      apps using layers 0-1 link byte-identical without layers 2-3" \
	"  test-app-sizes      size budgets of the smallest apps" \
	"  test-bench          the benchmarks against their budgets, as PASS/FAIL lines" \
	"  test-run-args       make run's QEMU_ARGS reach QEMU; TIMEOUT keeps the console on a terminal" \
	"  test-memory-map     the kernel ELF against the board's memory map" \
	"  test-debug          make debug end to end (a scripted gdb session)" \
	"  test-symbolize      fault reports get file:line (scripts/symbolize.py)" \
	"  test-errors         every tool's one-line error for common mistakes" \
	"  test-load           tick-load against QEMU: install, update, remove, reboot; alarm lateness meanwhile" \
	"  test-help           this list against the makefiles" \
	"  test-doc-links      relative links in README.md and docs/*.md: files and headings exist" \
	"  test-flag-rebuild   changed flags rebuild what they affect, unchanged ones nothing" \
	"  test-verify         the proofs, and seeded bugs that must fail to prove (docs/verification.md)" \
	"  test-pmp-diff       PMP encoding against two models over 20,000 random layouts" \
	"  test-mpu-diff       ARMv7-M MPU encoding against two models over 20,000 random layouts" \
	"  test-qemu-cortex-m  the QEMU scenarios that apply to the Cortex-M board (qemu_mps2_an386)" \
	"  test-bench-cortex-m the Cortex-M board's benchmarks against bench/budgets-qemu_mps2_an386.txt" \
	"  bench               instruction-count benchmarks under QEMU icount: build/bench/results.md (BOARD=qemu_mps2_an386: bench-cortex-m)" \
	"  bench-check         bench, then fail when a figure is over bench/budgets.txt" \
	"  bench-readme        bench and bench-cortex-m, then copy their tables into README.md" \
	"  bench-cortex-m      the Cortex-M board's benchmarks and size figures" \
	"  fuzz                every fuzz target for FUZZ_SECONDS (FUZZ_TARGETS)" \
	"  fuzz-tbf            libFuzzer on the TBF parser for FUZZ_SECONDS" \
	"  fuzz-pmp            PMP encoding against two models over 1,000,000 random layouts" \
	"  fuzz-mpu            ARMv7-M MPU encoding against two models over 1,000,000 random layouts" \
	"  fuzz-tools          libFuzzer on the tools' ELF, tar and inspect input handling" \
	"  fuzz-loader-seeds   rewrite the loader fuzzer's seed corpus" \
	"  coverage            unit tests with line coverage: build/coverage/ (fails below the minimum)" \
	"  clean               remove build/ (also the store flash file build/flash.bin)" \
	"  help                this list"
	@if grep -qs '^verify:' $(MAKEFILE_LIST); then \
	  echo "  verify              the proofs"; \
	  echo "  verify-record       prove everything, then record the proof inputs' key (tests/verify/proven.txt)"; fi
	@printf '%s\n' \
	"Variables:" \
	"  APPS=\"a.tab b.tbf\"  apps for run and debug (default: the demo: rot13 service and client, timers, echo)" \
	"  TIMEOUT=s           run: stop QEMU after s seconds (default: until Ctrl-A X or every app ended)" \
	"  QEMU_ARGS=\"...\"     run, debug: extra QEMU options, e.g. \"-icount shift=4,sleep=off\" or \"-s -S\"" \
	"  FLASH=file          run, debug: the store flash file (default build/flash.bin, kept between runs)" \
	"  MGMT_SOCKET=path    run, load: the management channel's Unix socket (default build/mgmt.sock)" \
	"  APP=dir|name        load: the app to rebuild and install, e.g. apps/hello or hello" \
	"  GDB_ARGS=\"...\"      debug: extra gdb options, e.g. \"-batch -x session.gdb\"" \
	"  BOARD=name          the board (boards: $(BOARDS); default qemu_rv32_virt)" \
	"  APP_SIGNING_KEY=pem a kernel that runs only apps signed with this P-256 key; signs the apps" \
	"  TEST_DRIVERS=1      kernel: add the drivers only test apps use (build/BOARD-test)" \
	"  KERNEL_SHELL=0      kernel: leave the process console and tracing out (build/BOARD-noshell)" \
	"  PROOF_RECORD=0      test: prove again even when the proof inputs match tests/verify/proven.txt" \
	"  SCENARIOS=\"a b*\"    test-qemu: scenario names or globs" \
	"  QEMU_JOBS=n         test-qemu: scenarios at a time (default: the CPUs)" \
	"  TREADMILL_FLAGS=-v  test-qemu: options of the harness (-v streams every transcript)" \
	"  UNIT_TESTS=\"a b\"    test-unit: which tests/unit/test_*.c" \
	"  FUZZ_TARGETS=\"a\"    fuzz, test-fuzz-smoke: which tests/fuzz/fuzz_*.c" \
	"  FUZZ_SECONDS=s      fuzz, fuzz-tbf, fuzz-tools: seconds per target (default 60)" \
	"  FUZZ_SMOKE_SECONDS=s test-fuzz-smoke: seconds per target (default 5)" \
	"  POWERCUT_CUTS=n     test-powercut: power cuts in all (default 24); POWERCUT_SEED=s their delays" \
	"  APP_DEBUG=1         apps: link the userland debug library (buffer lifetime checks)" \
	"  TICK_LAYERS=1       apps: link userland layers 0-1 only (default 3)" \
	"  APP_FIXED=1         apps (rv32): fixed-address builds for the four QEMU slots (default: relocatable)" \
	"  BUILD=dir           the output folder (default build)" \
	"  V=1                 print the full build commands (default: one line a step, CC file)" \
	"  ARCH_CROSS=prefix   the cross toolchain prefix (rv32: riscv64-unknown-elf-)" \
	"  HOST_CC=cc          the host compiler for tools and tests" \
	"  PYTHON=python3      the Python for the harness and scripts"
