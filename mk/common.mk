# Shared build settings: the output tree, host compiler flags and the flags every freestanding
# target build uses. Toolchains belong to an architecture (arch/<arch>/arch.mk).
BUILD        ?= build
HOST_CC      ?= cc
HOST_CFLAGS  := -O1 -g -std=c11 -Wall -Wextra -Werror -D_DEFAULT_SOURCE

# Freestanding code for a target (kernel, benchmark apps): small, warning-free C11, one section
# per function and object so that --gc-sections drops what nothing uses. Added to an arch's
# code generation flags (ARCH_KERNEL_FLAGS or ARCH_APP_FLAGS).
FREESTANDING_CFLAGS := -Os -g -std=c11 -ffreestanding -fno-common -Wall -Wextra -Werror \
                       -ffunction-sections -fdata-sections

# Test suites append their target names here; `make test` runs them all and
# scripts/test-summary.sh prints the final "N passed, N failed" line from
# the PASS/FAIL lines they write under $(BUILD)/test-results/.
TEST_SUITES  :=
