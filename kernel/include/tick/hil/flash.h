/* Flash hardware interface: split-phase read, program and page erase of a NOR-like flash bank. */
#ifndef TICK_HIL_FLASH_H
#define TICK_HIL_FLASH_H

#include <stdint.h>

/* The device rules every driver keeps (and tests/unit/fakes/fake_flash.c models):
 *
 * - Offsets are bytes from the start of the bank, 0 <= offset < size.
 * - Erase works on one page (the erase unit, page_size bytes, a power of two) and sets every
 *   byte of it to 0xff.
 * - A write programs bits from 1 to 0 only: every byte of the range ends as (old AND new). A 1
 *   asked where the cell holds 0 stays 0 and is not reported (the write succeeds): programming
 *   may clear bits of data already written (flags), and 0xff bytes leave cells as they are.
 *   To get arbitrary content, erase the page first. Offset and length are multiples of
 *   write_size (a power of two).
 * - One operation at a time. While it runs, the bank's memory (base + offset, also code
 *   executed in place) may read as device status instead of data; the driver has restored
 *   normal reads before it calls the client back. An operation cut short (power loss) leaves
 *   its range undefined: partly programmed or partly erased.
 */
struct flash_client {
	/* The operation started by read, write or erase has ended: status is 0, or
	 *   -ERR_FAIL     the device reported a failure (the range's content is undefined);
	 *   -ERR_RESERVE  the page is write-protected (locked) and was not changed;
	 *   -ERR_OFF      programming is disabled (no programming voltage, power cut in a fake).
	 * Runs from the kernel loop, never inside the call that started the operation. The device
	 * is free again when done is called: done may start the next operation. */
	void (*done)(struct flash_client *c, int status);
};

/* Each call starts one operation and returns 0 (done follows), or an error and nothing
 * happens (no done): -ERR_NODEVICE no flash, -ERR_INVAL a zero length, a range beyond size or
 * an offset or length that breaks the alignment rule, -ERR_BUSY an operation is running.
 * Bad arguments are answered, never asserted: callers may pass what they were given. */
struct flash_ops {
	/* Copies [offset, offset+len) into buf, which must stay untouched until done. */
	int (*read)(void *dev, uint32_t offset, uint8_t *buf, uint32_t len);
	/* Programs buf[0..len) at offset (old AND new). offset and len are multiples of
	 * write_size; buf needs no alignment and must stay untouched until done. */
	int (*write)(void *dev, uint32_t offset, const uint8_t *buf, uint32_t len);
	/* Erases the page at offset (a multiple of page_size) to 0xff. */
	int (*erase)(void *dev, uint32_t offset);
	void (*set_client)(void *dev, struct flash_client *c);
};

/* A flash bank: ops, instance and geometry (the driver fills it when it finds the device). */
struct flash {
	const struct flash_ops *ops;
	void *dev;
	uint32_t base;        /* address of offset 0 in the memory map: apps execute in place here */
	uint32_t size;        /* bytes */
	uint32_t page_size;   /* erase unit in bytes, a power of two */
	uint32_t write_size;  /* program unit in bytes, a power of two */
};

#endif
