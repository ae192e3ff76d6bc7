# Chip drivers: a board links the ones it names in BOARD_CHIPS (chips/<name>.c).
# Drivers used only at boot or rarely are cold code (built with the arch's ARCH_COLD_FLAGS).
CHIPS_COLD := chips/virtio_mmio.c chips/virtio_rng.c chips/virtio_console.c chips/gpio_bank.c chips/cfi_pflash.c
