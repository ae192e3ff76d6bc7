/* Sizing constants of the kernel, one place for all of them (a board may override before use). */
#ifndef TICK_CONFIG_H
#define TICK_CONFIG_H

/* Process slots. The loader stops when they are used up. */
#ifndef CONFIG_MAX_PROCS
#define CONFIG_MAX_PROCS 8
#endif

/* Depth of each process's upcall queue (Tock uses 10). */
#ifndef CONFIG_UPCALL_QUEUE_LEN
#define CONFIG_UPCALL_QUEUE_LEN 10
#endif

/* Drivers that may own per-process grant memory; each costs one pointer per process. */
#ifndef CONFIG_GRANT_SLOTS
#define CONFIG_GRANT_SLOTS 10
#endif

/* Faults a process may take before the default policy stops restarting it. */
#ifndef CONFIG_RESTART_LIMIT
#define CONFIG_RESTART_LIMIT 3
#endif

/* Scheduler timeslice in alarm ticks (10 ms at the 10 MHz CLINT). */
#ifndef CONFIG_TIMESLICE_TICKS
#define CONFIG_TIMESLICE_TICKS 100000u
#endif

/* App store (kernel/store.c): whether the board has one (its board.mk says), slots it manages at most (a slot number fits a byte), and how
 * long a new version must run without a fault before it replaces the old one (1 s at the
 * 10 MHz CLINT). */
#ifndef CONFIG_APP_STORE
#define CONFIG_APP_STORE 1     /* 0: a board without store flash; the console's store says "none" */
#endif
#ifndef CONFIG_STORE_SLOTS
#define CONFIG_STORE_SLOTS 128
#endif
#ifndef CONFIG_STORE_TRIAL_TICKS
#define CONFIG_STORE_TRIAL_TICKS 10000000u
#endif

/* 1: the kernel applies Tick's relocation table (tick/reloc.h, docs/tbf.md) to the apps that
 * carry one. 0: it ignores the table, as a kernel that does not know it would (such an app is
 * then the fixed-address app its FixedAddresses TLV says). The table has rv32 encodings only so
 * far, so an Arm kernel leaves it out (and its code: about 2.2 KB). */
#ifndef CONFIG_RELOCATABLE_APPS
#if defined(__arm__) || defined(__thumb__)
#define CONFIG_RELOCATABLE_APPS 0
#else
#define CONFIG_RELOCATABLE_APPS 1
#endif
#endif

/* 1: the board's boot app flash is writable by the kernel (on QEMU it is RAM), so relocatable
 * apps stored away from their link address are patched in place at boot (kernel/loader.c). A
 * board whose app flash is real flash sets 0: they then run only where they were linked, and
 * an installer relocates apps as it writes them (docs/apps.md). */
#ifndef CONFIG_RELOCATE_BOOT_APPS
#define CONFIG_RELOCATE_BOOT_APPS 1
#endif

/* Kernel version reported to and checked against TBF KernelVersion TLVs. */
#define TICK_KERNEL_MAJOR 2
#define TICK_KERNEL_MINOR 3

/* Entries a Yield-WaitAny call may list. */
#define CONFIG_WAIT_ANY_MAX 8

#endif
