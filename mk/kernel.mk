# Kernel build rules for every board: the board.mk (with its arch.mk), kernel/kernel.mk,
# chips/chips.mk and capsules/capsules.mk are included first and name the sources.
KERNEL_OUT  ?= $(BUILD)/$(BOARD)
KERNEL_ELF  := $(KERNEL_OUT)/kernel.elf
KERNEL_GEN  := $(KERNEL_OUT)/gen

# A board's main.c (its boot and wiring) is cold code; BOARD_SRCS (board.mk) are its hot files,
# such as the interrupt service.
KERNEL_SRCS := $(KERNEL_CORE_SRCS) $(ARCH_SRCS) $(BOARD_CHIPS:%=chips/%.c) \
               $(filter $(BOARD_CHIPS:%=chips/%_init.c),$(CHIPS_INIT)) \
               $(BOARD_CAPSULES:%=capsules/%.c) \
               $(filter $(BOARD_CAPSULES:%=capsules/%_init.c),$(CAPSULES_INIT)) $(BOARD_DIR)/main.c $(BOARD_SRCS)
KERNEL_OBJS := $(patsubst %,$(KERNEL_OUT)/obj/%.o,$(KERNEL_SRCS))
KERNEL_INC  := -I. -Iinclude -Ikernel/include $(ARCH_INC) -I$(KERNEL_GEN)
KERNEL_CFLAGS := $(ARCH_KERNEL_FLAGS) $(FREESTANDING_CFLAGS) $(BOARD_CFLAGS)
KERNEL_COLD := $(KERNEL_CORE_COLD) $(CHIPS_COLD) $(CAPSULES_COLD) $(BOARD_DIR)/main.c $(ARCH_COLD_SRCS)
# Cold files whose loops have speed budgets (the buffer transfer's copies: ipc_handoff; the
# store's flash programming: store_install_32k): not built with ARCH_KERNEL_COLD_SMALL_FLAGS.
KERNEL_COLD_LOOPS := kernel/ipc/transfer.c chips/cfi_pflash.c
# Cold objects are optimized together at link time (LTO, one partition, with their own
# compile flags): calls between them inlined or specialized, what they do not use dropped;
# rv32 -570 B, Arm -448 B. Hot objects are not: their code stays as compiled. The link's
# code generation takes -march from ARCH_LINK_FLAGS (rv32: without zicsr, so CSR access
# stays in hot files). A weak default in a cold file must be noipa: LTO inlines it even where
# an assembly or hot object overrides it (arch_trace_syscalls in kernel/trace.c).
# ARCH_KERNEL_LTO_FLAGS: cold-code flags that come with the LTO only (compiled to code without
# LTO, KERNEL_COLD_LTO= below, they may not apply: see arch/cortex-m/arch.mk).
KERNEL_COLD_LTO := -flto -flto-partition=one $(ARCH_KERNEL_LTO_FLAGS)
# Every makefile that chooses sources or flags: a change rebuilds the kernel.
KERNEL_MAKEFILES := $(BOARD_DIR)/board.mk arch/$(ARCH)/arch.mk kernel/kernel.mk chips/chips.mk \
                    capsules/capsules.mk mk/kernel.mk mk/common.mk

.PHONY: kernel
kernel: $(KERNEL_ELF)

# APP_SIGNING_KEY=key.pem (a P-256 key, public or private): the kernel runs only apps with an
# EcdsaNistP256 credential that verifies with it (the public half is compiled in). Unset:
# signatures are optional. APP_SIGNING_OPTIONAL=1 with a key: every app runs, and those whose
# signature verifies are identified as signed to IPC peers (docs/ipc.md). The header is
# rewritten only when the key or the option changes.
APP_SIGNING_KEY ?=
APP_SIGNING_OPTIONAL ?=
KERNEL_KEY_H := $(KERNEL_GEN)/app_signing_key.h
.PHONY: kernel-signing-key
kernel-signing-key: $(if $(APP_SIGNING_KEY),$(BUILD)/tools/tick-inspect)
	@mkdir -p $(dir $(KERNEL_KEY_H))
	@scripts/gen-signing-key-header.sh $(BUILD)/tools/tick-inspect $(KERNEL_KEY_H) $(APP_SIGNING_KEY) $(if $(APP_SIGNING_OPTIONAL),optional)
$(KERNEL_KEY_H): kernel-signing-key ;
$(KERNEL_OUT)/obj/$(BOARD_DIR)/main.c.o: $(KERNEL_KEY_H)

# $(call kernel_cc,file): the compiler and flags of one kernel file (hot, cold or assembly).
kernel_cc = $(ARCH_CC) $(if $(filter %.S,$(1)),$(ARCH_ASFLAGS),$(KERNEL_CFLAGS) $(if $(filter $(1),$(KERNEL_COLD)),$(ARCH_KERNEL_COLD_FLAGS) $(if $(filter $(1),$(KERNEL_COLD_LOOPS)),,$(ARCH_KERNEL_COLD_SMALL_FLAGS)) $(KERNEL_COLD_LTO))) $(KERNEL_INC)

$(KERNEL_OUT)/obj/%.c.o: %.c
	@mkdir -p $(dir $@)
	$(call say,CC,$<)
	$(Q)$(call kernel_cc,$<) -MMD -MP -c $< -o $@

$(KERNEL_OUT)/obj/%.S.o: %.S
	@mkdir -p $(dir $@)
	$(call say,AS,$<)
	$(Q)$(call kernel_cc,$<) -c $< -o $@

# Each object depends on the flags of its class (flags_stamp, mk/common.mk): hot, cold (LTO),
# cold with budgeted loops, assembly; the ELF on the link's.
kernel_class   = $(if $(filter %.S,$(1)),asm,$(if $(filter $(1),$(KERNEL_COLD)),cold$(if $(filter $(1),$(KERNEL_COLD_LOOPS)),-loops),hot))
kernel_srcs_of = $(foreach s,$(KERNEL_SRCS),$(if $(filter $(1),$(call kernel_class,$(s))),$(s)))
$(foreach c,hot cold cold-loops asm,$(if $(call kernel_srcs_of,$(c)),$(eval \
    $(patsubst %,$(KERNEL_OUT)/obj/%.o,$(call kernel_srcs_of,$(c))): \
    $(call flags_stamp,$(KERNEL_OUT)/obj/$(c).flags,$(call kernel_cc,$(firstword $(call kernel_srcs_of,$(c))))))))

# board.conf is the one source of the memory map: layout.ld INCLUDEs this MEMORY block.
KERNEL_MEMORY_LD := $(KERNEL_GEN)/memory.ld
$(KERNEL_MEMORY_LD): $(BOARD_DIR)/board.conf scripts/gen-memory-ld.sh
	@mkdir -p $(@D)
	@scripts/gen-memory-ld.sh $< $@

KERNEL_LD := $(ARCH_CC) $(ARCH_LINK_FLAGS) $(ARCH_KERNEL_LINK_FLAGS) $(BOARD_LDFLAGS) $(KERNEL_COLD_LTO) \
             -ffunction-sections -fdata-sections -nostdlib -nostartfiles -Wl,--gc-sections \
             -Wl,-L,$(KERNEL_GEN) -Wl,-T,$(BOARD_DIR)/layout.ld -Wl,-Map,$(KERNEL_OUT)/kernel.map
$(KERNEL_ELF): $(KERNEL_OBJS) $(BOARD_DIR)/layout.ld $(KERNEL_MEMORY_LD) $(call flags_stamp,$(KERNEL_OUT)/link.flags,$(KERNEL_LD))
	$(call say,LD,$@)
	$(Q)$(KERNEL_LD) $(KERNEL_OBJS) -lgcc -o $@
	@$(ARCH_SIZE) $@ | tail -1 | awk '{printf "  kernel: text %s, data %s, bss %s bytes\n", $$1, $$2, $$3}'

$(KERNEL_OBJS): $(KERNEL_MAKEFILES)

-include $(KERNEL_OBJS:.o=.d)
