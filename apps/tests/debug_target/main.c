/* debug_target: a known call chain for the debugging tools' tests (tests/scripts/test_debug.sh,
 * tests/qemu/symbolize_fault.scn): counts in a global across system calls, then faults in
 * write_flash() by storing to kernel memory. Line numbers matter to those tests. */
#include <stdint.h>
#include <stdio.h>

volatile uint32_t debug_counter;   /* the gdb test reads it */

/* Stores value at addr: at a kernel address, a store access fault on the marked line. */
static __attribute__((noinline)) void write_flash(uint32_t addr, uint32_t value)
{
	*(volatile uint32_t *)(uintptr_t)addr = value;   /* FAULT LINE */
}

static __attribute__((noinline)) int count_to(int n)
{
	int steps = 0;
	for (int i = 0; i < n; i++) {
		debug_counter++;
		steps += 2;
	}
	return steps;   /* COUNTED LINE */
}

int main(void)
{
	int steps = count_to(3);
	printf("debug_target: %d steps\n", steps);   /* PRINT LINE */
	write_flash(0x80200000u, 0xdeadbeefu);       /* CALL LINE */
	printf("debug_target: NOT FAULTED\n");
	return 1;
}
