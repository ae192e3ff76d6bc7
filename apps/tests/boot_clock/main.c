/* boot_clock: prints how many instructions ran from reset to its main; under qemu -icount this is the boot's length. */
#include <stdint.h>
#include <stdio.h>

int main(void)
{
	uint32_t n;
	/* The board lets U-mode read instret (mcounteren). Its low word is enough: a boot
	 * that took 2^32 instructions would fail any bound a test sets anyway. */
	__asm__ volatile("csrr %0, instret" : "=r"(n));
	printf("boot_clock: main after %lu instructions\n", (unsigned long)n);
	return 0;
}
