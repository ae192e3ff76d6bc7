# rv32 architecture (RISC-V rv32imac, kernel in M-mode, PMP): toolchain, flags and sources.
# Included by a board.mk that says ARCH := rv32, and by userland/app.mk for standalone app builds.
# An arch.mk defines every ARCH_* variable below; docs/porting.md says what each one means.

ARCH_CROSS   ?= riscv64-unknown-elf-
ARCH_CC      := $(ARCH_CROSS)gcc
ARCH_AR      := $(ARCH_CROSS)ar
ARCH_OBJCOPY := $(ARCH_CROSS)objcopy
ARCH_OBJDUMP := $(ARCH_CROSS)objdump
ARCH_SIZE    := $(ARCH_CROSS)size
# Debian packages that provide the toolchain and the C library apps link (make deps).
ARCH_DEBS    := gcc-riscv64-unknown-elf picolibc-riscv64-unknown-elf

# Code generation: rv32imac, zicsr for CSR access.
ARCH_FLAGS   := -march=rv32imac_zicsr -mabi=ilp32 -mcmodel=medany
# The kernel is linked with relaxation: calls and address loads shrink from 8 to 4 or 2 bytes
# (about 2 KB of text, and fewer instructions). layout.ld defines no __global_pointer$, so no
# gp-relative access is ever made (nothing sets gp in the kernel). GCC's size cost model
# (-mtune=size): -652 B, and under icount no path is longer (the alarm's 11 instructions shorter).
# -malign-data=natural: string literals and constant arrays at their own alignment, not padded
# to 4 bytes each as GCC's rv32 default does (Arm's -Os already does so): -340 B of .rodata, no
# instruction changes (every kernel object's data still at the alignment its type needs).
# -mcmodel=medlow (the kernel only; apps stay medany, position independent): addresses as
# lui+addi instead of auipc+addi, the same size each, but a lui's upper bits are one value for
# the whole function, so GCC loads them once where auipc (relative to its own pc) cannot be
# shared: -92 B, no instruction count changes. Safe on rv32: lui reaches all 4 GiB, and the
# kernel runs where it is linked. The link passes it too (ARCH_KERNEL_LINK_FLAGS): the cold
# objects' code is generated there (LTO), -64 B of the 92.
ARCH_KERNEL_FLAGS := $(ARCH_FLAGS) -mtune=size -malign-data=natural -mcmodel=medlow
# Apps and other U-mode code (the userland library, app code, bench and test apps) carry
# relaxation marks: the link shortens their calls from 8-byte auipc+jalr to 4-byte jal or
# 2-byte c.jal (pc-relative within flash, so still position-independent; 5-9 % of an app's
# text). tick-pack checks every relocation against the linked bytes and refuses any it cannot
# move. No link script for U-mode code defines __global_pointer$, so nothing is relaxed to a
# gp-relative access (apps never set gp).
ARCH_APP_FLAGS := $(ARCH_FLAGS) -mrelax
ARCH_ASFLAGS := $(ARCH_FLAGS)
# For linking: Debian's multilib list knows rv32imac/ilp32 but not the _zicsr spelling, so
# this picks the rv32 libgcc (its save/restore routines back -msave-restore).
ARCH_LINK_FLAGS := -march=rv32imac -mabi=ilp32 -mcmodel=medany
# Added to ARCH_LINK_FLAGS for the kernel's link (code generation of its LTO objects).
ARCH_KERNEL_LINK_FLAGS := -mcmodel=medlow
# Cold code (KERNEL_COLD, the userland's async layers): register saves become calls to shared
# libgcc routines, smaller and a few instructions slower.
ARCH_COLD_FLAGS := -msave-restore
# Cold kernel code also: compare-and-branch ladders instead of jump tables (-130 B), and no
# values kept in caller-saved registers across calls (-fno-caller-saves, -136 B: they go to
# callee-saved ones, whose saves -msave-restore's shared routines make cheap, instead of a
# store and a load around each call). Not -fno-inline-small-functions (-34 B more): the
# SHA-256 rounds would call a helper, every app check at boot slower.
ARCH_KERNEL_COLD_FLAGS := $(ARCH_COLD_FLAGS) -fno-jump-tables -fno-caller-saves
# Cold files but those with budgeted loops (KERNEL_COLD_LOOPS, mk/kernel.mk) also: jump
# threading copies at most 6 statements to skip a test (GCC's default 15): -314 B. On all
# cold files (-368 B) ipc_handoff is 26 instructions longer and store_install_32k 1.2 %
# slower, over their budgets; -fno-thread-jumps (as on Arm) would be slower still. And no
# interprocedural scalar replacement (-fno-ipa-sra: GCC's clones that take a struct's fields
# as arguments instead of its address, each beside callers that are not specialized): -44 B.
ARCH_KERNEL_COLD_SMALL_FLAGS := --param=max-jump-thread-duplication-stmts=6 -fno-ipa-sra
# No LTO-only flags: -fno-thread-jumps (as on Arm) takes -74 B here, but makes SHA-256 and the
# store's install 1.4 % slower, over its budget.
ARCH_KERNEL_LTO_FLAGS :=

ARCH_INC     := -Iarch/rv32/include
ARCH_SRCS    := $(wildcard arch/rv32/*.c) arch/rv32/start.S arch/rv32/trap.S
# Arch files built as cold kernel code (mk/kernel.mk): context.c, whose hot functions
# (upcall delivery, wfi) are leaves that save no register, the same code either way, and the
# rest cold (the fault report, process start's register set-up, which LTO folds into it): -60 B.
ARCH_COLD_SRCS := arch/rv32/context.c

# Apps: the name of this target in ELF and TAB file names (libtock-c's), the app linker
# script (userland/), and extra app link flags. rv32 apps are linked for fixed slots.
ARCH_APP_TARGET := rv32imac
ARCH_APP_LD     := tick_app.ld
ARCH_APP_LINK_FLAGS :=
ARCH_APP_PIC    := 0
ARCH_APPS_DIR   := apps
