/* Host "architecture" for unit tests and fuzzers: what the fake CPU, protection and board recorded. */
#ifndef ARCH_HOST_H
#define ARCH_HOST_H

#include <setjmp.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <arch/context.h>
#include <arch/pmp.h>

struct process;

struct host_arch {
	/* Memory protection as arch_mpu_* would have loaded it (computed with arch/rv32/pmp.c). */
	struct pmp_config pmp;            /* the register image "in the CSRs"; all OFF after invalidate */
	const struct process *pmp_owner;  /* whose regions are loaded; NULL after invalidate */
	enum pmp_error pmp_error;         /* result of the last pmp_compute */
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
};

extern struct host_arch host_arch;

/* Clears everything recorded (hooks too) and the captured console. */
void host_arch_reset(void);

/* Bytes written by board_console_putc_blocking (the kernel log before a UART mux exists, and
 * kpanic), NUL-terminated. Output beyond the capture size is dropped. */
const char *host_console(void);
size_t host_console_len(void);
void host_console_clear(void);

/* True if any byte of [start, end) is reachable under c with any of R, W or X; *first gets
 * the lowest such byte. Exact: reachability only changes at entry boundaries, and every
 * candidate is checked with pmp_allows. */
bool host_pmp_reaches(const struct pmp_config *c, uint32_t start, uint32_t end, uint32_t *first);

#endif
