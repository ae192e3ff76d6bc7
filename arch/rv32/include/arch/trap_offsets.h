/* Offsets in struct process and struct driver that trap.S's command fast path reads; arch/rv32/mpu.c checks each. */
#ifndef ARCH_TRAP_OFFSETS_H
#define ARCH_TRAP_OFFSETS_H

#define TRAP_P_PERMISSIONS 180   /* struct process: permissions (NULL = everything allowed) */
#define TRAP_P_SYSCALLS 192      /* struct process: syscall_count */
#define TRAP_DRV_COMMAND 12      /* struct driver: command */
#define TRAP_DRV_SELF 16         /* struct driver: self */
#define TRAP_DRIVER_DIRECT 16    /* DRIVER_DIRECT_SLOTS */

#endif
