# Capsules (system call drivers): a board links the ones it names in BOARD_CAPSULES
# (capsules/<name>.c). Those off the fast paths (the shell, rarely used drivers) are cold code
# (built with the arch's ARCH_COLD_FLAGS).
# A hot capsule's set-up, where it has one (capsules/<name>_init.c), is cold code too: linked
# with its capsule, link-time optimized into the board's boot code, and the capsule's grant
# layout and hooks stay in its private header instead of in the one boards include.
CAPSULES_INIT := $(wildcard capsules/*_init.c)
CAPSULES_COLD := $(CAPSULES_INIT) capsules/process_console.c capsules/process_info.c capsules/app_loader.c capsules/mgmt.c capsules/leds.c \
                 capsules/console.c capsules/uart_mux.c \
                 capsules/buttons.c capsules/gpio.c capsules/rng.c
