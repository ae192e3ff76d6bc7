# qemu_rv32_virt board: QEMU's riscv32 virt machine. Chooses the arch, chips and capsules; the
# kernel core (kernel/kernel.mk) and the build rules (mk/kernel.mk) are the same for every board.
BOARD_DIR := boards/qemu_rv32_virt
ARCH      := rv32
include arch/$(ARCH)/arch.mk

BOARD_CHIPS    := uart16550 clint plic virtio_mmio virtio_rng virtio_console gpio_bank cfi_pflash
BOARD_CAPSULES := uart_mux console alarm lldb leds buttons gpio rng ros process_info \
                  process_console app_loader mgmt
# The board's hot code (mk/kernel.mk): interrupt service, blocking console output, CSR access.
BOARD_SRCS     := $(BOARD_DIR)/service.c
# TEST_DRIVERS=1: a test kernel that adds the drivers only test apps use (the system call return
# test driver 0xA0000, capsules/syscall_test.c). Never in the default image; tests/qemu/images.mk
# builds it into build/<board>-test/kernel.elf.
ifeq ($(TEST_DRIVERS),1)
BOARD_CAPSULES += syscall_test
# The board's drivers take every grant slot of the default 10: one more for the test driver.
BOARD_CFLAGS   += -DBOARD_TEST_DRIVERS -DCONFIG_GRANT_SLOTS=11
KERNEL_OUT     ?= $(BUILD)/$(BOARD)-test
endif
# KERNEL_SHELL=0: a kernel without the process console (the operator's shell; console input
# then goes to apps only), built into build/<board>-noshell/kernel.elf. make bench measures its
# text as kernel_text_noshell: what a board that leaves the shell out would link. The demo
# kernel keeps the shell.
ifeq ($(KERNEL_SHELL),0)
BOARD_CAPSULES := $(filter-out process_console,$(BOARD_CAPSULES))
BOARD_CFLAGS   += -DBOARD_NO_SHELL
# Tracing is switched on only by the shell's trace command, so nothing here can choose trap.S's
# traced entry; its call then names the untraced dispatcher, and kernel/trace.c is not linked.
BOARD_LDFLAGS  := -Wl,--defsym=syscall_dispatch_traced=syscall_dispatch
KERNEL_OUT     ?= $(BUILD)/$(BOARD)-noshell
endif
# Debian package with the board's emulator (make deps).
BOARD_DEBS     := qemu-system-misc
