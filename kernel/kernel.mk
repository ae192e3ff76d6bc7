# Portable kernel core: every kernel/*.c, kernel/lib/*.c and kernel/ipc/*.c is linked into every board's kernel
# (--gc-sections drops what a board does not call). Included by the top Makefile.
KERNEL_CORE_SRCS := $(wildcard kernel/*.c kernel/lib/*.c kernel/ipc/*.c)

# Code off the system call, switch and interrupt paths (boot, loading, logging, signature
# checks, the app store, system call tracing, relocation, IPC's slow paths and exposures) is
# built with the arch's ARCH_COLD_FLAGS: smaller, a little slower.
KERNEL_CORE_COLD := kernel/loader.c kernel/reloc.c kernel/store.c kernel/tbf.c kernel/app_signature.c \
                    kernel/klog.c kernel/lib/fmt.c kernel/lib/sha256.c kernel/lib/p256.c kernel/lib/mgmt_frame.c kernel/lib/strlist.c kernel/trace.c \
                    kernel/exposure.c kernel/ipc/legacy.c kernel/ipc/endpoint_slow.c \
                    kernel/ipc/transfer.c kernel/process.c kernel/upcall_latch.c kernel/driver_index.c
