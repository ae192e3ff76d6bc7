/* Fake flash (struct flash_ops) for host tests: the flash HIL's device rules on memory below 4 GiB, split phase, with power-cut and failure injection. */
#ifndef FAKES_FAKE_FLASH_H
#define FAKES_FAKE_FLASH_H

#include <stdbool.h>
#include <stdint.h>
#include <tick/deferred.h>
#include <tick/hil/flash.h>

/* The rules are those of tick/hil/flash.h: erase sets a page to 0xff, a write ANDs (1 -> 0
 * only), offsets and lengths are checked (-ERR_INVAL), one operation at a time (-ERR_BUSY).
 * An operation takes effect when it completes, in the deferred call that calls done: a read
 * fills its buffer and a write reads its source only then, so a client that touches its buffer
 * before done gets caught (the HIL says the buffer must stay untouched until done).
 *
 * Power cut: fake_flash_cut(f, n, keep) lets the next n operations complete normally; the one
 * after is cut short: only its first keep bytes reach the array (a write programs them, an
 * erase sets them to 0xff; the rest of its range is left as it was), and it completes with
 * -ERR_OFF. From then on the flash is off: operations are accepted but change nothing, a read
 * leaves its buffer untouched, and every one completes with -ERR_OFF, until
 * fake_flash_power_on (a reboot: the array keeps what it holds). */
struct fake_flash {
	struct flash flash;           /* first: the HIL device; base is the array's 32-bit address */
	uint8_t *mem;                 /* the array, flash.size bytes */
	struct flash_client *client;
	struct deferred_call complete;
	/* the operation waiting for its completion */
	uint8_t busy, kind;           /* kind: FAKE_FLASH_READ, _WRITE or _ERASE */
	uint32_t offset, len;
	uint8_t *dst;
	const uint8_t *src;
	/* what happened */
	uint32_t ops;                 /* operations accepted so far */
	uint32_t reads, writes, erases;   /* ... of each kind */
	uint32_t zero_to_one;         /* bits a write asked to set from 0 to 1 (left 0, not reported) */
	/* injection */
	uint32_t cut_in;              /* > 0: operations left before the cut one */
	uint32_t cut_keep;            /* bytes of the cut operation that still apply */
	bool cut_armed, off;
	uint32_t fail_in;             /* > 0: the fail_in-th next operation fails with fail_status */
	int fail_status;              /* (nothing of it applies) */
	bool stalled;                 /* operations wait for fake_flash_stall(f, false) */
};

enum { FAKE_FLASH_READ = 1, FAKE_FLASH_WRITE, FAKE_FLASH_ERASE };

/* Sets up an erased flash of size bytes with the given page and write unit (powers of two,
 * page_size divides size) and registers its deferred call: call after env_init, which resets
 * the deferred calls. The array is mapped below 4 GiB, so flash.base is its address; a flash
 * set up before is unmapped first (pass a zeroed struct the first time). */
void fake_flash_init(struct fake_flash *f, uint32_t size, uint32_t page_size, uint32_t write_size);

/* A reboot on the same flash: registers the deferred call again (env_init dropped it), forgets
 * the operation that was running, turns the power on and clears injected faults and counters;
 * the array keeps what it holds. Call after env_init. */
void fake_flash_reboot(struct fake_flash *f);

/* Unmaps the array. */
void fake_flash_free(struct fake_flash *f);

/* Arms a power cut: n more operations complete, the next is cut after keep bytes (see above). */
void fake_flash_cut(struct fake_flash *f, uint32_t n, uint32_t keep);

/* Power is back: the cut (armed or done) is over, the array is kept. */
void fake_flash_power_on(struct fake_flash *f);

/* stall: operations started from now on do not complete (a slow device, an operation in
 * flight while a test does other things) until fake_flash_stall(f, false), which lets the one
 * waiting complete from the next kernel-loop turn. */
void fake_flash_stall(struct fake_flash *f, bool stall);

/* The n-th next operation (n >= 1) completes with status (an -ERR_* code) and changes nothing,
 * as a device reporting a failure would. */
void fake_flash_fail(struct fake_flash *f, uint32_t n, int status);

#endif
