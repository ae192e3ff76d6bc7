# Builds the qemu_rv32_virt kernel: portable core, rv32 arch, chips, capsules and board.
BOARD_DIR   := boards/qemu_rv32_virt
KERNEL_OUT  ?= $(BUILD)/qemu_rv32_virt
KERNEL_ELF  := $(KERNEL_OUT)/kernel.elf

KERNEL_SRCS := $(wildcard kernel/*.c kernel/lib/*.c) \
               arch/rv32/context.c arch/rv32/mpu.c arch/rv32/pmp.c \
               arch/rv32/start.S arch/rv32/trap.S \
               chips/uart16550.c chips/clint.c chips/plic.c \
               chips/virtio_mmio.c chips/virtio_rng.c chips/gpio_bank.c \
               capsules/uart_mux.c capsules/console.c capsules/alarm.c capsules/lldb.c \
               capsules/leds.c capsules/buttons.c capsules/gpio.c capsules/rng.c \
               capsules/ros.c capsules/process_info.c capsules/process_console.c \
               $(BOARD_DIR)/main.c
KERNEL_OBJS := $(patsubst %,$(KERNEL_OUT)/obj/%.o,$(KERNEL_SRCS))
KERNEL_INC  := -I. -Ikernel/include -Iarch/rv32/include -I$(KERNEL_OUT)/gen
# The kernel is linked with relaxation: calls and address loads shrink from 8 to 4 or 2 bytes
# (about 2 KB of text, and fewer instructions). layout.ld defines no __global_pointer$, so no
# gp-relative access is ever made (nothing sets gp in the kernel).
KERNEL_CFLAGS := $(filter-out -mno-relax,$(RV_CFLAGS))

.PHONY: kernel
kernel: $(KERNEL_ELF)

# APP_SIGNING_KEY=key.pem (a P-256 key, public or private): the kernel runs only apps with an
# EcdsaNistP256 credential that verifies with it (the public half is compiled in). Unset:
# signatures are optional. The header is rewritten only when the key changes.
APP_SIGNING_KEY ?=
KERNEL_KEY_H := $(KERNEL_OUT)/gen/app_signing_key.h
.PHONY: kernel-signing-key
kernel-signing-key: $(if $(APP_SIGNING_KEY),$(BUILD)/tools/tick-inspect)
	@mkdir -p $(dir $(KERNEL_KEY_H))
	@scripts/gen-signing-key-header.sh $(BUILD)/tools/tick-inspect $(KERNEL_KEY_H) $(APP_SIGNING_KEY)
$(KERNEL_KEY_H): kernel-signing-key ;
$(KERNEL_OUT)/obj/$(BOARD_DIR)/main.c.o: $(KERNEL_KEY_H)

# Code off the system call, switch and interrupt paths (boot, loading, logging, the shell,
# rarely used drivers) is built with -msave-restore: register saves become calls to shared
# libgcc routines, smaller and a few instructions slower, which these paths can afford.
KERNEL_COLD := kernel/loader.c kernel/tbf.c kernel/app_signature.c kernel/lib/fmt.c \
               kernel/lib/sha256.c kernel/lib/p256.c kernel/klog.c \
               chips/virtio_mmio.c chips/virtio_rng.c chips/gpio_bank.c \
               capsules/process_console.c capsules/process_info.c capsules/leds.c \
               capsules/buttons.c capsules/gpio.c capsules/rng.c

$(KERNEL_OUT)/obj/%.c.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC_RV) $(KERNEL_CFLAGS) $(if $(filter $<,$(KERNEL_COLD)),-msave-restore) $(KERNEL_INC) -MMD -MP -c $< -o $@

$(KERNEL_OUT)/obj/%.S.o: %.S
	@mkdir -p $(dir $@)
	@echo "  AS      $<"
	@$(CC_RV) $(RV_ARCH) $(KERNEL_INC) -c $< -o $@

$(KERNEL_ELF): $(KERNEL_OBJS) $(BOARD_DIR)/layout.ld
	@echo "  LD      $@"
	@$(CC_RV) $(RV_LINK_ARCH) -nostdlib -nostartfiles -Wl,--gc-sections -Wl,-T,$(BOARD_DIR)/layout.ld \
	    -Wl,-Map,$(KERNEL_OUT)/kernel.map $(KERNEL_OBJS) -lgcc -o $@
	@$(SIZE_RV) $@ | tail -1 | awk '{printf "  kernel: text %s, data %s, bss %s bytes\n", $$1, $$2, $$3}'

# Flags and sources live here: a change rebuilds the kernel.
$(KERNEL_OBJS): $(BOARD_DIR)/board.mk

-include $(KERNEL_OBJS:.o=.d)
