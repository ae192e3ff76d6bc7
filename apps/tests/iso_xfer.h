/* What the three apps of iso_ipc_transfer.scn agree on: service names and the buffer's size. */
#ifndef ISO_XFER_H
#define ISO_XFER_H

#include <stdint.h>

#define ISO_XFER_PEER "iso.xfer.peer"
#define ISO_XFER_THIRD "iso.xfer.third"
#define ISO_XFER_LEN 256   /* aligned to its size: one MPU region on Cortex-M */

/* A buffer of ISO_XFER_LEN aligned to its size inside `pool` (2 * ISO_XFER_LEN bytes). */
static inline char *iso_xfer_buffer(uint8_t *pool) {
  return (char *)(((uintptr_t)pool + ISO_XFER_LEN - 1) & ~(uintptr_t)(ISO_XFER_LEN - 1));
}

#endif
