# cortex-m architecture (ARMv7-M, Cortex-M4; kernel in privileged thread mode, apps unprivileged
# on their own stack, ARMv7-M MPU): toolchain, flags and sources.
# Included by a board.mk that says ARCH := cortex-m, and by userland/app.mk for app builds.
# An arch.mk defines every ARCH_* variable below; docs/porting.md says what each one means.

ARCH_CROSS   ?= arm-none-eabi-
ARCH_CC      := $(ARCH_CROSS)gcc
ARCH_AR      := $(ARCH_CROSS)ar
ARCH_OBJCOPY := $(ARCH_CROSS)objcopy
ARCH_OBJDUMP := $(ARCH_CROSS)objdump
ARCH_SIZE    := $(ARCH_CROSS)size
# Debian packages that provide the toolchain and the C library apps link (make deps).
ARCH_DEBS    := gcc-arm-none-eabi libnewlib-arm-none-eabi picolibc-arm-none-eabi

# Code generation: Thumb-2 for the Cortex-M4, no FPU (the kernel saves no FP registers and
# leaves the FPU off, so an app's FP instruction faults).
ARCH_FLAGS   := -mcpu=cortex-m4 -mthumb -mfloat-abi=soft
ARCH_KERNEL_FLAGS := $(ARCH_FLAGS)
# App code is position independent the way libtock-c's ARM apps are: data through r9 (the
# GOT's address, set by crt0), code PC-relative, so one ELF runs wherever it is loaded.
ARCH_APP_FLAGS := $(ARCH_FLAGS) -fPIC -msingle-pic-base -mpic-register=r9 \
                  -mno-pic-data-is-text-relative -ftls-model=local-exec
ARCH_ASFLAGS := $(ARCH_FLAGS)
ARCH_LINK_FLAGS := $(ARCH_FLAGS)
ARCH_KERNEL_LINK_FLAGS :=
# Thumb-2 code is already compact; nothing extra for cold code (the userland's async layers).
ARCH_COLD_FLAGS :=
# Cold kernel code: no tail calls (GCC's Thumb sibling calls pop and push around them) and
# small functions left out of line: -116 B; values live across calls in callee-saved
# registers, pushed once, not stored and loaded around each call (-fno-caller-saves): -16 B.
ARCH_KERNEL_COLD_FLAGS := -fno-optimize-sibling-calls -fno-inline-small-functions -fno-caller-saves
# (rv32's limit on jump threading, mk/kernel.mk's KERNEL_COLD_LOOPS: nothing to limit here,
# the LTO flags below turn threading off.)
ARCH_KERNEL_COLD_SMALL_FLAGS :=
# And, only when cold code is link-time optimized (mk/kernel.mk): no jump threading (GCC copies
# blocks to skip a test on some paths: -176 B) and no loop-invariant motion (loads and address
# computations hoisted out of loops into registers kept across the loop: -212 B); larger code
# for speed cold code does not need (this board has no app store, whose SHA-256 and relocation
# need it on rv32); nor the dominator walk's simplifications (-fno-tree-dominator-opts: it
# threads jumps too, and copies blocks for it) and no scheduling after register allocation
# (-fno-schedule-insns2: its reordering leaves fewer 16-bit forms): -120 B; nor the scalar
# replacement of local structs and the mod/ref summaries (-fno-tree-sra -fno-ipa-modref): -28 B.
# Not as cold flags: compiled to code without LTO, GCC then warns falsely
# (maybe-uninitialized) in kernel/reloc.c, and -Werror stops the build.
ARCH_KERNEL_LTO_FLAGS := -fno-thread-jumps -fno-tree-loop-im -fno-move-loop-invariants \
                         -fno-tree-dominator-opts -fno-schedule-insns2 -fno-tree-sra -fno-ipa-modref

ARCH_INC     := -Iarch/cortex-m/include
ARCH_SRCS    := $(wildcard arch/cortex-m/*.c) arch/cortex-m/start.S arch/cortex-m/trap.S
# Arch files built as cold kernel code (mk/kernel.mk): the fault reports.
ARCH_COLD_SRCS := arch/cortex-m/fault.c

# Apps: one position-independent ELF, named like libtock-c's (cortex-m4.elf in the TAB),
# linked with its relocations kept (the packer turns .rel.data into crt0's fix-up list).
ARCH_APP_TARGET := cortex-m4
ARCH_APP_LD     := tick_app_pic.ld
ARCH_APP_LINK_FLAGS := -Wl,--emit-relocs
ARCH_APP_PIC    := 1
# Apps of this arch build beside rv32's, not over them.
ARCH_APPS_DIR   := cortex-m/apps
