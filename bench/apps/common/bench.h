/* bench.h: raw Tock system calls, instruction counters and result printing for the
 * self-contained benchmark apps (no userland library: every instruction is visible here). */
#ifndef BENCH_H
#define BENCH_H

#include <stdint.h>
#include <tick/abi.h>   /* driver numbers */

/* Set by crt0: instret at the app's first instruction. */
extern uint32_t bench_boot_instret;
/* Set by bench_upcall_stamp: instret at the upcall's first instruction. */
extern volatile uint32_t bench_upcall_instret;
void bench_upcall_stamp(uint32_t, uint32_t, uint32_t, uint32_t);

static inline uint32_t rd_instret(void)
{
	uint32_t v;
	__asm__ volatile("csrr %0, instret" : "=r"(v));
	return v;
}

static inline uint32_t rd_time(void)
{
	uint32_t v;
	__asm__ volatile("csrr %0, time" : "=r"(v));
	return v;
}

struct sysret4 {
	uint32_t r0, r1, r2, r3;
};

/* A non-yield system call: changes only a0..a3. */
static inline struct sysret4 syscall4(uint32_t cls, uint32_t a0, uint32_t a1, uint32_t a2, uint32_t a3)
{
	register uint32_t r0 __asm__("a0") = a0;
	register uint32_t r1 __asm__("a1") = a1;
	register uint32_t r2 __asm__("a2") = a2;
	register uint32_t r3 __asm__("a3") = a3;
	register uint32_t r4 __asm__("a4") = cls;
	__asm__ volatile("ecall" : "+r"(r0), "+r"(r1), "+r"(r2), "+r"(r3) : "r"(r4) : "memory");
	return (struct sysret4){ r0, r1, r2, r3 };
}

/* Yield: an upcall may run inside it, so every caller-saved register is clobbered. */
static inline struct sysret4 yield3(uint32_t which, uint32_t a1, uint32_t a2)
{
	register uint32_t r0 __asm__("a0") = which;
	register uint32_t r1 __asm__("a1") = a1;
	register uint32_t r2 __asm__("a2") = a2;
	register uint32_t r3 __asm__("a3") = 0;
	register uint32_t r4 __asm__("a4") = 0;
	__asm__ volatile("ecall"
			 : "+r"(r0), "+r"(r1), "+r"(r2), "+r"(r3), "+r"(r4)
			 :
			 : "ra", "t0", "t1", "t2", "t3", "t4", "t5", "t6", "a5", "a6", "a7", "memory");
	return (struct sysret4){ r0, r1, r2, r3 };
}

static inline struct sysret4 command(uint32_t drv, uint32_t cmd, uint32_t a, uint32_t b)
{
	return syscall4(2, drv, cmd, a, b);
}

/* Prints "BENCH <words...>\n" on the console (driver 1) and waits for the write. */
void bench_print(const char *key, const uint32_t *vals, unsigned n);
/* Low-level debug print (driver 8, command 2): a fallback that needs no buffer. */
static inline void lldb_print(uint32_t v)
{
	command(TICK_DRIVER_LOW_LEVEL_DEBUG, 2, v, 0);
}

#endif
