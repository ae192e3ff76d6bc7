/* Benchmark app for the app store's boots: reports reset -> its first instruction (the store's
 * apps checked and created before it), then sleeps, so that a setup run can install apps beside
 * it through the management channel. bench/bench.py boots it on store flashes holding 1, 4 and
 * 16 installed apps. */
#include "bench.h"

/* 20 x 30 s: long enough for a setup run (no icount) to install 16 apps through tick-load,
 * which then stops QEMU; under -icount shift=0,sleep=off the idle time takes no wall time. */
#define NAPS 20
#define NAP_TICKS 300000000u   /* 30 s of the 10 MHz alarm */

int main(void)
{
	uint32_t b[1] = { bench_boot_instret };
	bench_print("store_boot", b, 1);
	for (int i = 0; i < NAPS; i++) {
		/* alarm: set relative (command 5), then Yield-WaitFor its upcall 0 */
		if (command(TICK_DRIVER_ALARM, 5, NAP_TICKS, 0).r0 != 129)
			return 1;
		yield3(2, TICK_DRIVER_ALARM, 0);
	}
	return 0;
}
