# Chip drivers: a board links the ones it names in BOARD_CHIPS (chips/<name>.c).
# Drivers used only at boot or rarely are cold code (built with the arch's ARCH_COLD_FLAGS).
# A hot driver's set-up, where it has one (chips/<name>_init.c), is cold code too: linked with
# its driver, link-time optimized into the board's boot code, and the driver's registers stay
# in the driver's own files instead of in the header boards include.
CHIPS_INIT := $(wildcard chips/*_init.c)
CHIPS_COLD := $(CHIPS_INIT) chips/virtio_mmio.c chips/virtio_rng.c chips/virtio_console.c chips/gpio_bank.c chips/cfi_pflash.c
