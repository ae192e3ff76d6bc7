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

# Build steps print one short line each ("  CC      main.c"), as the kernel's do; V=1 prints
# the full commands instead. $(Q) starts a command line; $(call say,STEP,WHAT) is the short line.
V ?=
Q = $(if $(V),,@)
say = $(if $(V),@:,@printf '  %-7s %s\n' '$(1)' '$(2)')

# Test suites append their target names here; `make test` runs them all and
# scripts/test-summary.sh prints the final "N passed, N failed" line from
# the PASS/FAIL lines they write under $(BUILD)/test-results/.
TEST_SUITES  :=

# Outputs depend on the flags they are built with, so that changed flags (a pulled arch.mk, or
# KERNEL_SHELL=0, APP_DEBUG=1, APP_CFLAGS=...) rebuild what they affect and nothing else:
# $(call flags_stamp,FILE,FLAGS) names FILE, which holds FLAGS; it is rewritten when make
# expands the call (before any rule runs), and only when FLAGS differ from what it holds, so
# unchanged flags keep its time. List it as a prerequisite; name it *.flags.
flags_stamp = $(shell new='$(subst ','\'',$(strip $(2)))'; { IFS= read -r old < $(1); } 2>/dev/null; \
                [ "$$old" = "$$new" ] || { mkdir -p $(dir $(1)) && printf '%s\n' "$$new" > $(1); })$(1)
# A stamp removed after it was written (make clean all) counts as changed, not as an error.
%.flags: ;
