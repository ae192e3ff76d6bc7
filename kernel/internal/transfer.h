/* Buffer ownership transfer (IPC zero-copy): what the rest of the kernel asks of kernel/ipc/transfer.c. */
#ifndef TICK_INTERNAL_TRANSFER_H
#define TICK_INTERNAL_TRANSFER_H

#include <stdbool.h>
#include <stdint.h>
#include <tick/syscall.h>
#include "process.h"

/*
 * A process declares buffers of its own app RAM as transferable (at most TRANSFER_BUFFERS,
 * fixed storage per process), then hands one to a connected peer: the buffer leaves the
 * sender's protection (a hole in its RAM region) and enters the receiver's (an extra
 * region), one holder at a time. The holder gives it back, or on to another peer; when the
 * holder ends, it goes home by itself; when the home ends, every holder loses it before the
 * home's RAM is reused. docs/ipc.md, "Buffer transfer".
 *
 * Invariants (checked by the unit tests): a buffer lies in its home's app RAM below
 * allow_high_water (so the home's break cannot shrink over it); a buffer that is away is
 * reachable by its holder alone: not by its home (protection, allows, kernel copies), not
 * by a share or allow made before; a process's regions (own pieces, shares, held) always
 * fit MPU_MAX_REGIONS and its protection unit (arch_mpu_fits).
 */
#define TRANSFER_BUFFERS 4

/* Commands 12-14 of driver 0xE0000 (arguments as docs/ipc.md). */
struct sysret transfer_command(struct process *p, uint32_t cmd, uint32_t arg0, uint32_t arg1);

/* False if [addr, addr + len) overlaps a buffer of p's that another process holds now
 * (process_in_ram asks, only when p->xfer_away). */
bool transfer_keeps(const struct process *p, uint32_t addr, uint32_t len);

/* p ends or restarts: buffers it holds go home (their homes are told), buffers it is home
 * to leave their holders' protection, its declarations are dropped. Before its RAM is reused. */
void transfer_process_ended(struct process *p);

/* Entry k (< TRANSFER_BUFFERS) of the buffers declared by slot home: false if free, else
 * its bounds and the slot of its holder. For checks and reports. */
bool transfer_entry(unsigned home, unsigned k, uint32_t *start, uint32_t *end, unsigned *holder);

/* Whether p's home memory overlaps a live allow of p (any driver). */
bool transfer_allowed_anywhere(struct process *p, uint32_t start, uint32_t end);

#endif
