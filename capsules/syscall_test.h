/* System call return test capsule (driver 0xA0000, test kernels only): every return variant,
 * and allow and subscribe slots that succeed and fail, for conformance tests. */
#ifndef CAPSULES_SYSCALL_TEST_H
#define CAPSULES_SYSCALL_TEST_H

#include <tick/abi.h>
#include <tick/driver.h>

#define SYSCALL_TEST_DRIVER_NUM TICK_DRIVER_SYSCALL_TEST
/* Commands 0 .. SYSCALL_TEST_COMMANDS - 1 exist; any other is NOSUPPORT. */
#define SYSCALL_TEST_COMMANDS 11

struct syscall_test {
	struct driver driver;
};

/* Sets up the driver Tock's libtock-c test examples/tests/syscall-return expects (Tock's
 * capsules/extra syscall_return_test, driver number 0xA0000). Commands: 0 and 5 Success; 1
 * Failure FAIL; 2 Failure-u32 (BUSY, 0x10000001); 3 Failure-2u32 (NOMEM, 0x20000001,
 * 0x20000002); 4 Failure-u64 (INVAL, 0x4000000000000001); 6 Success-u32 0x60000001; 7
 * Success-2u32 (0x70000001, 0x70000002); 8 Success-3u32 (0x80000001, 0x80000002,
 * 0x80000003); 9 Success-u64 0x9000000000000001; 10 Success-u32-u64 (0xA0000001,
 * 0xA000000000000002). One slot of each allow class and one upcall, all number 0: the kernel
 * accepts those (and validates them as for any driver) and refuses other numbers with
 * NOSUPPORT. The board includes it only in a test build: it serves no app of its own. */
void syscall_test_init(struct syscall_test *t, uint8_t grant_slot);

#endif
