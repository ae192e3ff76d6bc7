# qemu_mps2_an386 board: QEMU's mps2-an386 machine (Cortex-M4, ARMv7-M MPU, CMSDK UART and
# timers). Chooses the arch, chips and capsules; the kernel core and the build rules are the
# same for every board.
BOARD_DIR := boards/qemu_mps2_an386
ARCH      := cortex-m
include arch/$(ARCH)/arch.mk

BOARD_CHIPS    := cmsdk_uart cmsdk_timer gpio_bank
BOARD_CAPSULES := uart_mux console alarm lldb leds buttons gpio rng ros process_info \
                  process_console
# The board's hot code (mk/kernel.mk): interrupt service, blocking console output.
BOARD_SRCS     := $(BOARD_DIR)/service.c
# Debian package with the board's emulator (make deps).
BOARD_DEBS     := qemu-system-arm
# The CMSDK timers count at the 25 MHz system clock: a 10 ms timeslice.
BOARD_CFLAGS   := -DCONFIG_TIMESLICE_TICKS=250000u
# No flash device for an app store on this machine: the kernel leaves the store out (the
# process console's store command answers "store: none").
BOARD_CFLAGS   += -DCONFIG_APP_STORE=0
# KERNEL_SHELL=0: a kernel without the process console and, since only its trace command
# switches tracing on, without system call tracing (trap.S's traced entry is then linked to the
# untraced dispatcher), built into build/<board>-noshell/kernel.elf; make bench-cortex-m
# measures its text as kernel_text_noshell. The demo kernel keeps the shell.
ifeq ($(KERNEL_SHELL),0)
BOARD_CAPSULES := $(filter-out process_console,$(BOARD_CAPSULES))
BOARD_CFLAGS   += -DBOARD_NO_SHELL
BOARD_LDFLAGS  := -Wl,--defsym=syscall_dispatch_traced=syscall_dispatch
KERNEL_OUT     ?= $(BUILD)/$(BOARD)-noshell
endif
# TEST_DRIVERS=1: a test kernel that adds the drivers only test apps use (the system call return
# test driver 0xA0000, capsules/syscall_test.c), as on qemu_rv32_virt; tests/qemu/images.mk
# builds it into build/<board>-test/kernel.elf.
ifeq ($(TEST_DRIVERS),1)
BOARD_CAPSULES += syscall_test
BOARD_CFLAGS   += -DBOARD_TEST_DRIVERS -DCONFIG_GRANT_SLOTS=11
KERNEL_OUT     ?= $(BUILD)/$(BOARD)-test
endif
