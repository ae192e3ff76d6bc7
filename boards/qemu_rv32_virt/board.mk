# qemu_rv32_virt board: QEMU's riscv32 virt machine. Chooses the arch, chips and capsules; the
# kernel core (kernel/kernel.mk) and the build rules (mk/kernel.mk) are the same for every board.
BOARD_DIR := boards/qemu_rv32_virt
ARCH      := rv32
include arch/$(ARCH)/arch.mk

BOARD_CHIPS    := uart16550 clint plic virtio_mmio virtio_rng gpio_bank cfi_pflash
BOARD_CAPSULES := uart_mux console alarm lldb leds buttons gpio rng ros process_info \
                  process_console
# Debian package with the board's emulator (make deps).
BOARD_DEBS     := qemu-system-misc
