# Capsules (system call drivers): a board links the ones it names in BOARD_CAPSULES
# (capsules/<name>.c). Those off the fast paths (the shell, rarely used drivers) are cold code
# (built with the arch's ARCH_COLD_FLAGS).
CAPSULES_COLD := capsules/process_console.c capsules/process_info.c capsules/app_loader.c capsules/mgmt.c capsules/leds.c \
                 capsules/console.c capsules/uart_mux.c \
                 capsules/buttons.c capsules/gpio.c capsules/rng.c
