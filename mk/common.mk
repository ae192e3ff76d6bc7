# Shared build settings: toolchain names, flags and the output tree.
BUILD        ?= build
CROSS        ?= riscv64-unknown-elf-
CC_RV        := $(CROSS)gcc
OBJCOPY_RV   := $(CROSS)objcopy
OBJDUMP_RV   := $(CROSS)objdump
SIZE_RV      := $(CROSS)size
QEMU_RV      ?= qemu-system-riscv32
HOST_CC      ?= cc

# rv32imac, no gp relaxation (apps and kernel never set up gp), zicsr for CSR access.
RV_ARCH      := -march=rv32imac_zicsr -mabi=ilp32 -mcmodel=medany
# For linking: Debian's multilib list knows rv32imac/ilp32 but not the _zicsr spelling, so
# this picks the rv32 libgcc (its save/restore routines back -msave-restore).
RV_LINK_ARCH := -march=rv32imac -mabi=ilp32 -mcmodel=medany
RV_CFLAGS    := $(RV_ARCH) -Os -g -std=c11 -ffreestanding -fno-common -Wall -Wextra -Werror \
                -ffunction-sections -fdata-sections -mno-relax
HOST_CFLAGS  := -O1 -g -std=c11 -Wall -Wextra -Werror -D_DEFAULT_SOURCE

# Test suites append their target names here; `make test` runs them all and
# scripts/test-summary.sh prints the final "N passed, N failed" line from
# the PASS/FAIL lines they write under $(BUILD)/test-results/.
TEST_SUITES  :=
