# Benchmarks and budgets (docs/benchmarks.md); included by the top Makefile.
#   make bench         build the bench apps, boot them under qemu -icount shift=0,sleep=off and
#                      write $(BUILD)/bench/results.{json,md} and chart.png
#   make bench-check   the same, then fail if a figure exceeds bench/budgets.txt
#   make bench-readme  copy the current table into README.md (between the bench markers)
#   make test-bench    (part of `make test`) PASS/FAIL bench/<metric> lines in bench.log
BENCH_OUT      := $(BUILD)/bench
BENCH_APPS_OUT := $(BENCH_OUT)/apps
BENCH_COMMON   := bench/apps/common
BENCH_PACK     := $(BUILD)/tools/tick-pack
BENCH_IMAGE    := $(BUILD)/tools/tick-image
BENCH_PY       := CROSS=$(ARCH_CROSS) python3 bench/bench.py
BENCH_CFLAGS   := $(ARCH_APP_FLAGS) $(FREESTANDING_CFLAGS) -I$(BENCH_COMMON) -Iinclude -fno-builtin
BENCH_LDFLAGS  := $(ARCH_LINK_FLAGS) -nostdlib -nostartfiles -Wl,--gc-sections -Wl,-T,$(BENCH_COMMON)/bench.ld
BENCH_PACKFLAGS := -q --deterministic --stack 1024 --app-heap 0 --kernel-heap 1024 \
                   --kernel-major 2 --kernel-minor 3

# libtock-c's first two rv32imac QEMU slots (flash origin, RAM origin).
BENCH_SLOT0    := -Wl,--defsym=BENCH_FLASH=0x80100080 -Wl,--defsym=BENCH_RAM=0x80300000
BENCH_SLOT1    := -Wl,--defsym=BENCH_FLASH=0x80110080 -Wl,--defsym=BENCH_RAM=0x80310000

BENCH_COMMON_OBJS := $(BENCH_APPS_OUT)/common/crt0.o $(BENCH_APPS_OUT)/common/bench.o
BENCH_TBFS := $(BENCH_APPS_OUT)/syscalls/syscalls.tbf $(BENCH_APPS_OUT)/switch/switch_a.tbf \
              $(BENCH_APPS_OUT)/switch/switch_b.tbf $(BENCH_APPS_OUT)/ipc/ipc_server.tbf \
              $(BENCH_APPS_OUT)/ipc/ipc_client.tbf $(BENCH_APPS_OUT)/xfer/xfer_server.tbf \
              $(BENCH_APPS_OUT)/xfer/xfer_client.tbf
# The async userland's speed (bench/apps/async, built on the userland library) and the sizes
# of the four forms of apps/async_demo; the app store's install and boot costs (store_bench).
BENCH_ASYNC_TBF := $(BENCH_APPS_OUT)/async/rv32imac.0x80100080.0x80300000.tbf
# Relocatable apps: the syscalls app linked with its relocations kept and packed relocatable
# (booted away from its link address), the applier bare metal on pictest's table, and pictest
# and hello built both ways.
BENCH_RELOC_OUT := $(BENCH_APPS_OUT)/reloc
BENCH_RELOC_SYSCALLS := $(BENCH_RELOC_OUT)/syscalls/syscalls.tbf
BENCH_RELOC_ELF := $(BENCH_RELOC_OUT)/reloc_bench.elf
BENCH_SLOT1_TBF = $(1)/rv32imac.0x80100080.0x80300000.tbf
BENCH_STORE    := $(BUILD)/apps/store_bench/store_bench.tab
# The app store's boots with 1, 4 and 16 installed apps and tick-load end to end (bench.py
# --store-scale): the boot bench app, payload32k packed 16 times under different names, the
# board's kernel with room for 17 processes (16 installed apps and the bench app; the board
# has 8), tick-load.
BENCH_BOOT_TBF := $(BENCH_APPS_OUT)/boot/boot.tbf
BENCH_PAYLOADS := $(BENCH_OUT)/store-apps
BENCH_PROCS_KERNEL_OUT := $(BUILD)/$(BOARD)-procs17
BENCH_PROCS_KERNEL := $(BENCH_PROCS_KERNEL_OUT)/kernel.elf
# The board's kernel without the process console (KERNEL_SHELL=0): its text is kernel_text_noshell.
BENCH_NOSHELL_KERNEL := $(BUILD)/$(BOARD)-noshell/kernel.elf
BENCH_RUN_ARGS := --kernel $(KERNEL_ELF) --board boards/$(BOARD) --out $(BENCH_OUT) \
                  --syscalls $(BENCH_APPS_OUT)/syscalls/syscalls.tbf \
                  --switch $(BENCH_APPS_OUT)/switch/switch_a.tbf $(BENCH_APPS_OUT)/switch/switch_b.tbf \
                  --ipc $(BENCH_APPS_OUT)/ipc/ipc_server.tbf $(BENCH_APPS_OUT)/ipc/ipc_client.tbf \
                  --xfer $(BENCH_APPS_OUT)/xfer/xfer_server.tbf $(BENCH_APPS_OUT)/xfer/xfer_client.tbf \
                  --pipeline $(foreach a,pipe_driver pipe_stack pipe_app,$(BUILD)/apps/$(a)/$(a).tab) \
                  --async $(BENCH_ASYNC_TBF) --store $(BENCH_STORE) \
                  --store-scale $(BENCH_PROCS_KERNEL) $(BENCH_BOOT_TBF) $(BENCH_PAYLOADS) \
                  --kernel-noshell $(BENCH_NOSHELL_KERNEL) \
                  --reloc-syscalls $(BENCH_RELOC_SYSCALLS) --reloc-bench $(BENCH_RELOC_ELF) \
                  --reloc-app pictest $(call BENCH_SLOT1_TBF,$(BUILD)/apps/pictest) \
                      $(call BENCH_SLOT1_TBF,$(BENCH_RELOC_OUT)/pictest-fixed) \
                  --reloc-app hello $(call BENCH_SLOT1_TBF,$(BUILD)/apps/hello) \
                      $(call BENCH_SLOT1_TBF,$(BENCH_RELOC_OUT)/hello-fixed)

.PHONY: bench bench-apps bench-check bench-readme test-bench bench-async-app

bench-apps: $(BENCH_TBFS) bench-async-app app-apps/async_demo bench-reloc-apps app-apps/ipc \
            bench-store-apps

# payload32k (relocatable, as make load builds apps) packed with a SHA-256 credential under 16
# names, so that each install is a new app; the kernel with 17 process slots.
.PHONY: bench-store-apps
bench-store-apps: $(BENCH_BOOT_TBF) app-apps/tests/payload32k $(BENCH_PACK) $(BUILD)/tools/tick-load
	@mkdir -p $(BENCH_PAYLOADS)
	@for i in 01 02 03 04 05 06 07 08 09 10 11 12 13 14 15 16; do \
	  mkdir -p $(BENCH_PAYLOADS)/payload_$$i && \
	  cp $(BUILD)/apps/payload32k/rv32imac.0x80100080.0x80300000.elf $(BENCH_PAYLOADS)/payload_$$i/ && \
	  $(BENCH_PACK) -q --deterministic -n payload_$$i --stack 1024 --app-heap 0 --kernel-heap 1024 \
	      --kernel-major 2 --kernel-minor 3 --sha256 --relocatable \
	      -o $(BENCH_PAYLOADS)/payload_$$i/payload_$$i.tab \
	      $(BENCH_PAYLOADS)/payload_$$i/rv32imac.0x80100080.0x80300000.elf >/dev/null || exit 1; \
	done
	@$(MAKE) --no-print-directory kernel KERNEL_OUT=$(BENCH_PROCS_KERNEL_OUT) \
	    BOARD_CFLAGS=-DCONFIG_MAX_PROCS=17 >/dev/null
	@$(MAKE) --no-print-directory kernel KERNEL_SHELL=0 >/dev/null

.PHONY: bench-reloc-apps
bench-reloc-apps: $(BENCH_RELOC_SYSCALLS) $(BENCH_RELOC_ELF) app-apps/hello app-apps/tests/pictest
	@for app in hello tests/pictest; do \
	  $(MAKE) --no-print-directory -C apps/$$app BUILD=$(abspath $(BUILD)) APP_FIXED=1 \
	      APP_OUT=$(abspath $(BENCH_RELOC_OUT))/$$(basename $$app)-fixed >/dev/null || exit 1; \
	done

$(BENCH_RELOC_OUT)/syscalls/syscalls.elf: $(BENCH_APPS_OUT)/syscalls/main.o $(BENCH_COMMON_OBJS) $(BENCH_COMMON)/bench.ld
	@mkdir -p $(@D)
	$(ARCH_CC) $(BENCH_LDFLAGS) $(BENCH_SLOT0) -Wl,--emit-relocs $(filter %.o,$^) -lgcc -o $@

$(BENCH_RELOC_SYSCALLS): $(BENCH_RELOC_OUT)/syscalls/syscalls.elf $(BENCH_PACK)
	$(BENCH_PACK) $(BENCH_PACKFLAGS) --relocatable -n bench_syscalls -o $(@:.tbf=.tab) $<

# kernel/reloc.c as the kernel builds it (cold code), bare metal, on pictest's TBF.
BENCH_RELOC_SRCS := kernel/reloc.c kernel/tbf.c kernel/lib/sha256.c kernel/lib/string.c bench/reloc/main.c
$(BENCH_RELOC_ELF): $(BENCH_RELOC_SRCS) bench/reloc/start.S tests/tools/rv32/link.ld app-apps/tests/pictest
	@mkdir -p $(@D)
	$(ARCH_CC) $(ARCH_KERNEL_FLAGS) $(FREESTANDING_CFLAGS) $(ARCH_KERNEL_COLD_FLAGS) $(ARCH_KERNEL_COLD_SMALL_FLAGS) -Ikernel/include \
	    -c kernel/reloc.c -o $(@D)/reloc.o
	$(ARCH_CC) $(ARCH_KERNEL_FLAGS) $(FREESTANDING_CFLAGS) -Ikernel/include -c kernel/tbf.c -o $(@D)/tbf.o
	$(ARCH_CC) $(ARCH_KERNEL_FLAGS) $(FREESTANDING_CFLAGS) -Ikernel/include -c kernel/lib/sha256.c -o $(@D)/sha256.o
	$(ARCH_CC) $(ARCH_KERNEL_FLAGS) $(FREESTANDING_CFLAGS) -Ikernel/include -c kernel/lib/string.c -o $(@D)/string.o
	$(ARCH_CC) $(ARCH_KERNEL_FLAGS) $(FREESTANDING_CFLAGS) -Ikernel/include -c bench/reloc/main.c -o $(@D)/main.o
	$(ARCH_CC) $(ARCH_ASFLAGS) -DRELOC_BENCH_TBF='"$(call BENCH_SLOT1_TBF,$(BUILD)/apps/pictest)"' \
	    -c bench/reloc/start.S -o $(@D)/start.o
	$(ARCH_CC) $(ARCH_LINK_FLAGS) -nostdlib -nostartfiles -Wl,--no-warn-rwx-segments \
	    -T tests/tools/rv32/link.ld $(@D)/start.o $(@D)/main.o $(@D)/reloc.o $(@D)/tbf.o \
	    $(@D)/sha256.o $(@D)/string.o -lgcc -o $@

bench-async-app: $(TICK_LIBS_ALL) $(BENCH_PACK)
	@$(MAKE) --no-print-directory -C bench/apps/async BUILD=$(abspath $(BUILD)) \
	    APP_OUT=$(abspath $(BENCH_APPS_OUT))/async
ifeq ($(BOARD),qemu_mps2_an386)
# The Cortex-M board has its own bench apps and budgets (bench-cortex-m below, which also
# checks them): make bench BOARD=qemu_mps2_an386 runs those.
bench bench-check: bench-cortex-m
else
bench: kernel bench-apps $(BENCH_IMAGE) app-apps/tests/store_bench
	@$(BENCH_PY) run $(BENCH_RUN_ARGS)

bench-check: bench
	@$(BENCH_PY) check --results $(BENCH_OUT)/results.json --budgets bench/budgets.txt
endif

bench-readme: bench
	@$(MAKE) --no-print-directory bench-cortex-m >/dev/null
	@$(BENCH_PY) readme --results $(BENCH_OUT)/results.json --readme README.md \
	    --cortex-m $(BENCH_CM_OUT)/results.json

# Suite of `make test`: one PASS/FAIL line per budgeted metric; a build or run failure is a
# FAIL line too, so that it is never silently skipped.
test-bench:
	@mkdir -p $(BUILD)/test-results && rm -f $(BUILD)/test-results/bench.log
	@if $(MAKE) --no-print-directory kernel bench-apps $(BENCH_IMAGE) app-apps/tests/store_bench >$(BENCH_OUT).build.log 2>&1; then \
	    $(BENCH_PY) run --quiet $(BENCH_RUN_ARGS) && \
	    $(BENCH_PY) check --results $(BENCH_OUT)/results.json --budgets bench/budgets.txt \
	        --log $(BUILD)/test-results/bench.log || \
	    { grep -q . $(BUILD)/test-results/bench.log 2>/dev/null || \
	      echo "FAIL bench/run" > $(BUILD)/test-results/bench.log; exit 1; }; \
	else \
	    echo "FAIL bench/build" > $(BUILD)/test-results/bench.log; \
	    echo "test-bench: build failed, see $(BENCH_OUT).build.log" >&2; exit 1; \
	fi

TEST_SUITES += test-bench

# The Cortex-M board: its kernel's size figures and the instruction figures of its bench apps
# (apps/tests/bench_cm*, bench/cortexm.py) against bench/budgets-qemu_mps2_an386.txt
# (make bench-cortex-m; the bench-cortex-m suite of `make test` on the default board).
BENCH_CM_OUT := $(BUILD)/bench-cortex-m
BENCH_CM_PY  := CROSS=arm-none-eabi- python3 bench/bench.py
BENCH_CM_BUILD := { $(MAKE) --no-print-directory BOARD=qemu_mps2_an386 kernel app-apps/tests/bench_cm \
                  app-apps/tests/bench_cm_switch_a app-apps/tests/bench_cm_switch_b \
                  app-apps/tests/bench_cm_ipc_server app-apps/tests/bench_cm_ipc_client app-apps/async_demo && \
                  $(MAKE) --no-print-directory BOARD=qemu_mps2_an386 KERNEL_SHELL=0 kernel; }
BENCH_CM_RUN := $(BENCH_CM_PY) sizes --kernel $(BUILD)/qemu_mps2_an386/kernel.elf \
                    --kernel-noshell $(BUILD)/qemu_mps2_an386-noshell/kernel.elf \
                    --board boards/qemu_mps2_an386 --async-demo $(BUILD)/cortex-m/apps \
                    --out $(BENCH_CM_OUT) && \
                python3 bench/cortexm.py --kernel $(BUILD)/qemu_mps2_an386/kernel.elf \
                    --board boards/qemu_mps2_an386 --apps $(BUILD)/cortex-m/apps --out $(BENCH_CM_OUT)
.PHONY: bench-cortex-m test-bench-cortex-m
bench-cortex-m:
	@$(BENCH_CM_BUILD) >/dev/null
	@$(BENCH_CM_RUN)
	@$(BENCH_CM_PY) check --results $(BENCH_CM_OUT)/results.json \
	    --budgets bench/budgets-qemu_mps2_an386.txt --suite bench-cortex-m
test-bench-cortex-m:
	@mkdir -p $(BUILD)/test-results && rm -f $(BUILD)/test-results/bench-cortex-m.log
	@if $(BENCH_CM_BUILD) >/dev/null 2>&1 && { $(BENCH_CM_RUN); } >/dev/null; then \
	    $(BENCH_CM_PY) check --results $(BENCH_CM_OUT)/results.json \
	        --budgets bench/budgets-qemu_mps2_an386.txt --suite bench-cortex-m \
	        --log $(BUILD)/test-results/bench-cortex-m.log; \
	else echo "FAIL bench-cortex-m/build" > $(BUILD)/test-results/bench-cortex-m.log; exit 1; fi
ifeq ($(BOARD),qemu_rv32_virt)
TEST_SUITES += test-bench-cortex-m
endif

$(BENCH_APPS_OUT)/common/%.o: $(BENCH_COMMON)/%.S
	@mkdir -p $(@D)
	$(ARCH_CC) $(ARCH_ASFLAGS) -c $< -o $@

$(BENCH_APPS_OUT)/common/%.o: $(BENCH_COMMON)/%.c $(BENCH_COMMON)/bench.h
	@mkdir -p $(@D)
	$(ARCH_CC) $(BENCH_CFLAGS) -c $< -o $@

$(BENCH_APPS_OUT)/syscalls/main.o: bench/apps/syscalls/main.c $(BENCH_COMMON)/bench.h
	@mkdir -p $(@D)
	$(ARCH_CC) $(BENCH_CFLAGS) -c $< -o $@

$(BENCH_APPS_OUT)/switch/main_%.o: bench/apps/switch/main.c $(BENCH_COMMON)/bench.h
	@mkdir -p $(@D)
	$(ARCH_CC) $(BENCH_CFLAGS) -DROLE=$(if $(filter a,$*),0,1) -c $< -o $@

$(BENCH_APPS_OUT)/ipc/main_%.o: bench/apps/ipc/main.c $(BENCH_COMMON)/bench.h include/tick/abi.h
	@mkdir -p $(@D)
	$(ARCH_CC) $(BENCH_CFLAGS) -DROLE=$(if $(filter server,$*),0,1) -c $< -o $@

$(BENCH_APPS_OUT)/ipc/ipc_server.elf: $(BENCH_APPS_OUT)/ipc/main_server.o $(BENCH_COMMON_OBJS) $(BENCH_COMMON)/bench.ld
	$(ARCH_CC) $(BENCH_LDFLAGS) $(BENCH_SLOT0) $(filter %.o,$^) -lgcc -o $@

$(BENCH_APPS_OUT)/ipc/ipc_client.elf: $(BENCH_APPS_OUT)/ipc/main_client.o $(BENCH_COMMON_OBJS) $(BENCH_COMMON)/bench.ld
	$(ARCH_CC) $(BENCH_LDFLAGS) $(BENCH_SLOT1) $(filter %.o,$^) -lgcc -o $@

# The server's TBF declares the service it registers.
$(BENCH_APPS_OUT)/ipc/ipc_server.tbf: BENCH_PACK_EXTRA := --ipc-service bench.ipc

# Buffer transfer and lease copies: a pair of their own, the same way.
$(BENCH_APPS_OUT)/xfer/main_%.o: bench/apps/xfer/main.c $(BENCH_COMMON)/bench.h include/tick/abi.h
	@mkdir -p $(@D)
	$(ARCH_CC) $(BENCH_CFLAGS) -DROLE=$(if $(filter server,$*),0,1) -c $< -o $@

$(BENCH_APPS_OUT)/xfer/xfer_server.elf: $(BENCH_APPS_OUT)/xfer/main_server.o $(BENCH_COMMON_OBJS) $(BENCH_COMMON)/bench.ld
	$(ARCH_CC) $(BENCH_LDFLAGS) $(BENCH_SLOT0) $(filter %.o,$^) -lgcc -o $@

$(BENCH_APPS_OUT)/xfer/xfer_client.elf: $(BENCH_APPS_OUT)/xfer/main_client.o $(BENCH_COMMON_OBJS) $(BENCH_COMMON)/bench.ld
	$(ARCH_CC) $(BENCH_LDFLAGS) $(BENCH_SLOT1) $(filter %.o,$^) -lgcc -o $@

$(BENCH_APPS_OUT)/xfer/xfer_server.tbf: BENCH_PACK_EXTRA := --ipc-service bench.ipc

$(BENCH_APPS_OUT)/boot/main.o: bench/apps/boot/main.c $(BENCH_COMMON)/bench.h
	@mkdir -p $(@D)
	$(ARCH_CC) $(BENCH_CFLAGS) -c $< -o $@

$(BENCH_APPS_OUT)/boot/boot.elf: $(BENCH_APPS_OUT)/boot/main.o $(BENCH_COMMON_OBJS) $(BENCH_COMMON)/bench.ld
	$(ARCH_CC) $(BENCH_LDFLAGS) $(BENCH_SLOT0) $(filter %.o,$^) -lgcc -o $@

$(BENCH_APPS_OUT)/syscalls/syscalls.elf: $(BENCH_APPS_OUT)/syscalls/main.o $(BENCH_COMMON_OBJS) $(BENCH_COMMON)/bench.ld
	$(ARCH_CC) $(BENCH_LDFLAGS) $(BENCH_SLOT0) $(filter %.o,$^) -lgcc -o $@

$(BENCH_APPS_OUT)/switch/switch_a.elf: $(BENCH_APPS_OUT)/switch/main_a.o $(BENCH_COMMON_OBJS) $(BENCH_COMMON)/bench.ld
	$(ARCH_CC) $(BENCH_LDFLAGS) $(BENCH_SLOT0) $(filter %.o,$^) -lgcc -o $@

$(BENCH_APPS_OUT)/switch/switch_b.elf: $(BENCH_APPS_OUT)/switch/main_b.o $(BENCH_COMMON_OBJS) $(BENCH_COMMON)/bench.ld
	$(ARCH_CC) $(BENCH_LDFLAGS) $(BENCH_SLOT1) $(filter %.o,$^) -lgcc -o $@

# tick-pack writes <elf stem>.tbf next to the ELF (and the TAB we do not use).
$(BENCH_APPS_OUT)/%.tbf: $(BENCH_APPS_OUT)/%.elf $(BENCH_PACK)
	$(BENCH_PACK) $(BENCH_PACKFLAGS) $(BENCH_PACK_EXTRA) -n bench_$(notdir $*) -o $(@:.tbf=.tab) $<

# Every bench object, ELF and TBF depends on its flags (flags_stamp, mk/common.mk); the stamps
# are per arch, since a build for the other board reads this file too.
BENCH_FLAGS  := $(BENCH_APPS_OUT)/flags-$(ARCH)
BENCH_C_OBJS := $(addprefix $(BENCH_APPS_OUT)/,common/bench.o syscalls/main.o switch/main_a.o \
                  switch/main_b.o ipc/main_server.o ipc/main_client.o xfer/main_server.o \
                  xfer/main_client.o boot/main.o)
$(BENCH_C_OBJS): $(call flags_stamp,$(BENCH_FLAGS)/cc.flags,$(ARCH_CC) $(BENCH_CFLAGS))
$(BENCH_APPS_OUT)/common/crt0.o: $(call flags_stamp,$(BENCH_FLAGS)/as.flags,$(ARCH_CC) $(ARCH_ASFLAGS))
$(BENCH_TBFS:.tbf=.elf) $(BENCH_BOOT_TBF:.tbf=.elf) $(BENCH_RELOC_OUT)/syscalls/syscalls.elf: \
    $(call flags_stamp,$(BENCH_FLAGS)/link.flags,$(ARCH_CC) $(BENCH_LDFLAGS))
$(BENCH_TBFS) $(BENCH_BOOT_TBF) $(BENCH_RELOC_SYSCALLS): \
    $(call flags_stamp,$(BENCH_FLAGS)/pack.flags,$(BENCH_PACK) $(BENCH_PACKFLAGS))
$(BENCH_RELOC_ELF): $(call flags_stamp,$(BENCH_FLAGS)/reloc.flags,$(ARCH_CC) $(ARCH_KERNEL_FLAGS) \
    $(FREESTANDING_CFLAGS) $(ARCH_KERNEL_COLD_FLAGS) $(ARCH_KERNEL_COLD_SMALL_FLAGS) \
    $(ARCH_ASFLAGS) $(ARCH_LINK_FLAGS))
