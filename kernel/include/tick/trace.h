/* System call tracing (the process console's "trace"): every system call of chosen processes in the kernel log. */
#ifndef TICK_TRACE_H
#define TICK_TRACE_H

#include <stdbool.h>
#include <stdint.h>

struct process;

/*
 * Starts (on) or stops tracing p's system calls; p NULL means every process, also those
 * started later (off with NULL stops all tracing). While any process is traced the
 * architecture routes system calls through syscall_dispatch_traced (arch_trace_syscalls);
 * when none is, the trap path is the plain fast path again, instruction for instruction.
 * Each call of a traced process becomes one log line: class, driver and arguments, result;
 * a yield that blocks gets a second line when the process runs again, saying what woke it.
 * At most TRACE_LINES lines per tenth of a second; the rest are counted and the count is
 * logged. Returns false, changing nothing, when the architecture cannot trace.
 */
bool trace_set(struct process *p, bool on);

/* True when p's calls are traced (trace_all: every process is). */
bool trace_enabled(const struct process *p);
bool trace_all(void);

#define TRACE_LINES 20

/* The traced trap path's dispatcher: logs p's call and result around syscall_dispatch (for
 * a process that is not traced, just syscall_dispatch). Same contract as syscall_dispatch. */
uint32_t syscall_dispatch_traced(struct process *p);

/* Arch: makes system calls go through syscall_dispatch_traced (on) or syscall_dispatch
 * (off), e.g. by switching the trap vector, so that nothing is added to the untraced path.
 * Returns false if the architecture cannot (a weak default in kernel/trace.c says so). */
bool arch_trace_syscalls(bool on);

#endif
