/* Host "architecture" for unit tests and fuzzers: what the fake CPU, protection and board recorded. */
#ifndef ARCH_HOST_H
#define ARCH_HOST_H

#include <setjmp.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <arch/context.h>
#include <arch/mpu.h>

struct process;

struct host_arch {
	/* Memory protection as arch_mpu_* loaded it (arch/host/mpu.c). */
	struct arch_mpu mpu;              /* the image "in the hardware" */
	const struct process *mpu_owner;  /* whose image that is; NULL after invalidating it */
	unsigned mpu_loads, mpu_invalidates;
	/* Context switches and idle. */
	unsigned switches, wfi_calls;
	void (*on_switch)(struct arch_context *ctx);   /* "runs" the process; NULL: returns at once */
	void (*on_wfi)(void);                          /* NULL: returns at once */
	/* Board hooks (kernel_loop calls them). NULL: nothing pending. */
	void (*service_interrupts)(void);
	bool (*interrupts_pending)(void);
	/* board_halt: longjmp here with code + 1 when set, else print and abort(). */
	jmp_buf *halt_jmp;
	int halt_code;
	unsigned halts;
	/* arch_trace_syscalls: env_syscall dispatches through syscall_dispatch_traced. */
	bool trace_syscalls;
};

extern struct host_arch host_arch;

/* Clears everything recorded (hooks too) and the captured console. */
void host_arch_reset(void);

/* Bytes written by board_console_putc_blocking (the kernel log before a UART mux exists, and
 * kpanic), NUL-terminated. Output beyond the capture size is dropped. */
const char *host_console(void);
size_t host_console_len(void);
void host_console_clear(void);

/* Fills *m with the given regions as the host protection unit would hold them; false (and
 * *m grants nothing) unless they are what a word-granular unit can express: start <= end,
 * both multiples of 4, rights within MPU_R/W/X, no two sharing a byte, at most
 * MPU_MAX_REGIONS. arch_mpu_* panic on a process whose regions fail this. */
bool host_mpu_set(struct arch_mpu *m, const struct mpu_region *r, unsigned n);

/* True if every byte of [addr, addr+size) lies in a region of m granting all bits of access
 * (MPU_R, MPU_W, MPU_X); size 0 is always allowed, a range that wraps never. */
bool host_mpu_allows(const struct arch_mpu *m, uint32_t addr, uint32_t size, uint8_t access);

/* True if any byte of [start, end) is reachable under m with any of the rights in access
 * (MPU_R | MPU_W | MPU_X: with anything); *first (if not NULL) gets the lowest such byte. */
bool host_mpu_reaches(const struct arch_mpu *m, uint32_t start, uint32_t end, uint8_t access,
		      uint32_t *first);

#endif
