/* bench.c: result printing shared by the benchmark apps. */
#include "bench.h"

uint32_t bench_boot_instret;
volatile uint32_t bench_upcall_instret;

static char line[256];

static unsigned put_str(unsigned at, const char *s)
{
	while (*s && at < sizeof line - 1)
		line[at++] = *s++;
	return at;
}

static unsigned put_u32(unsigned at, uint32_t v)
{
	char tmp[10];
	unsigned n = 0;
	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n && at < sizeof line - 1)
		line[at++] = tmp[--n];
	return at;
}

void bench_print(const char *key, const uint32_t *vals, unsigned n)
{
	unsigned at = put_str(0, "BENCH ");
	at = put_str(at, key);
	for (unsigned i = 0; i < n; i++) {
		at = put_str(at, " ");
		at = put_u32(at, vals[i]);
	}
	at = put_str(at, "\n");
	/* RO allow 1, write command 1, Yield-WaitFor (console, write done). */
	struct sysret4 r = syscall4(4, TICK_DRIVER_CONSOLE, 1, (uint32_t)(uintptr_t)line, at);
	if (r.r0 != 130) {   /* Success with 2 u32 */
		lldb_print(0xdead0001);
		return;
	}
	r = command(TICK_DRIVER_CONSOLE, 1, at, 0);
	if (r.r0 != 128) {
		lldb_print(0xdead0002);
		return;
	}
	yield3(2, TICK_DRIVER_CONSOLE, 1);
	syscall4(4, TICK_DRIVER_CONSOLE, 1, 0, 0);
}
