/* CFI parallel NOR flash with the Intel/Sharp command set on a 32-bit bus (QEMU's pflash), offering the flash HIL. */
#ifndef CHIPS_CFI_PFLASH_H
#define CHIPS_CFI_PFLASH_H

#include <stdint.h>
#include <tick/deferred.h>
#include <tick/hil/flash.h>

struct cfi_pflash {
	struct flash flash;          /* first: the HIL device clients are given */
	struct flash_client *client;
	struct deferred_call turn;   /* polls the device and carries the operation on */
	uint32_t lanes;              /* 1 per chip lane of the bus: 0x00010001 for two x16 chips */
	uint32_t at;                 /* offset of the command being polled */
	uint32_t pos, end;           /* write: next offset and end; otherwise pos == end */
	const uint8_t *src;          /* write: the bytes for pos */
	uint8_t busy;                /* an operation runs (until done is called) */
	uint8_t inflight;            /* a program or erase command waits for the device */
	uint8_t erasing;             /* an erase waits for its command (issued from turn) */
};

/* Probes the bank at base with a CFI query ("QRY") and fills f->flash: size, erase page and a
 * write unit of 4 bytes (the bus width). Accepts 1, 2 or 4 chips side by side on the 32-bit
 * bus (x32, x16 or x8 lanes) with the Intel/Sharp command set (CFI 0x0001 or 0x0003) and
 * one uniform erase block region (a chip's bytes <= 256 MiB). Returns 0, or -ERR_NODEVICE if no such flash answers: then
 * f->flash.size is 0 and every operation answers -ERR_NODEVICE. base must be flash or
 * harmless to write (the query writes a command to it). Leaves the bank in read-array mode.
 *
 * Operations: every command is issued from the deferred call and polled at once there, so
 * a device that completes at once (QEMU's) reads as memory again before the kernel loop can
 * run a process executing in place from the bank. A write programs one word at a time (old AND new: words with nothing to clear
 * are skipped), at most 64 words per kernel-loop turn; the status register is polled from a
 * deferred call until the device is ready, its error bits become the done status (locked
 * block -ERR_RESERVE, programming voltage low -ERR_OFF, erase or program failure -ERR_FAIL)
 * and are cleared, and the bank is back in read-array mode before done. Block locks are left
 * as they are: a page locked in hardware answers -ERR_RESERVE. */
int cfi_pflash_init(struct cfi_pflash *f, uintptr_t base);

extern const struct flash_ops cfi_pflash_ops;

#endif
