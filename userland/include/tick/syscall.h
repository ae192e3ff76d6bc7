/* Layer 0: every Tick/Tock system call class as a header-only static inline function. */
#ifndef TICK_SYSCALL_H
#define TICK_SYSCALL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Classes, yield numbers, return variants, error codes, memops, driver numbers. */
#include <tick/abi.h>

/* Layer 0 is always inlined: no code is linked for calls an app does not make, and struct
 * results never go through memory. */
#define TICK_INLINE static inline __attribute__((always_inline))

/* The library's own error code, beside the kernel's (enum tick_error in tick/abi.h): the kernel
 * answered with a return variant the call does not define. */
enum { TICK_ERR_BADRVAL = 1024 };

/* The four argument/result registers a0..a3. */
typedef struct {
  uintptr_t r0, r1, r2, r3;
} tick_regs_t;

/* An upcall as the kernel invokes it: three arguments plus the subscriber's app data. */
typedef void tick_upcall_fn(uint32_t arg0, uint32_t arg1, uint32_t arg2, void *data);

/* Identifies one event source: (driver, subscribe number). Layout fixed by Yield-WaitAny. */
typedef struct {
  uint32_t driver;
  uint32_t subscribe;
} tick_upcall_id_t;

/* Three upcall arguments, as Yield-WaitFor returns them. */
typedef struct {
  uint32_t arg0, arg1, arg2;
} tick_upcall_args_t;

/* Generic result (command): variant and the raw values after it. For failures r1 is the
 * error code; `error` is 0 on success, the kernel error on failure. */
typedef struct {
  uint32_t variant;
  uint32_t error;
  uint32_t r1, r2, r3;
} tick_result_t;

/* Subscribe result: on success the previous (fn, data), on failure the caller's own. */
typedef struct {
  uint32_t variant;
  uint32_t error; /* 0 on success, TICK_ERR_BADRVAL on an unexpected variant */
  tick_upcall_fn *fn;
  void *data;
} tick_subscribe_result_t;

/* Allow result: on success the previously allowed (ptr, len), on failure the caller's own. */
typedef struct {
  uint32_t variant;
  uint32_t error;
  void *ptr;
  size_t len;
} tick_allow_result_t;

/* Memop result: `value` carries the u32 of Success-with-u32. */
typedef struct {
  uint32_t variant;
  uint32_t error;
  uintptr_t value;
} tick_memop_result_t;

/* Yield-WaitAny result: index of the event (or TICK_WAITANY_DEADLINE/BADARGS, tick/abi.h) and
 * its three arguments. */
typedef struct {
  uint32_t index;
  uint32_t arg0, arg1, arg2;
} tick_waitany_result_t;

/* ---- The trap ---------------------------------------------------------------------------- */

#ifdef TICK_HOST
/* Host builds (unit tests): a fake kernel implements every trap, including upcall delivery. */
tick_regs_t tick_host_syscall(uint32_t cls, uintptr_t a0, uintptr_t a1, uintptr_t a2,
                              uintptr_t a3);

TICK_INLINE tick_regs_t tick_syscall4(uint32_t cls, uintptr_t a0, uintptr_t a1,
                                        uintptr_t a2, uintptr_t a3) {
  return tick_host_syscall(cls, a0, a1, a2, a3);
}
#define tick_syscall_upcalls tick_syscall4
#elif defined(__arm__)
/* Arm (Tock's convention): `svc N` with N the class, arguments and results in r0-r3. The
 * class must be a constant after inlining (an svc immediate). */
TICK_INLINE tick_regs_t tick_syscall4(uint32_t cls, uintptr_t a0, uintptr_t a1,
                                        uintptr_t a2, uintptr_t a3) {
  register uintptr_t r0 __asm__("r0") = a0;
  register uintptr_t r1 __asm__("r1") = a1;
  register uintptr_t r2 __asm__("r2") = a2;
  register uintptr_t r3 __asm__("r3") = a3;
  __asm__ volatile("svc %4" : "+r"(r0), "+r"(r1), "+r"(r2), "+r"(r3) : "n"(cls) : "memory");
  return (tick_regs_t){r0, r1, r2, r3};
}

/* Yield-Wait/NoWait: an upcall runs as a call from the svc (lr = just after it), so every
 * caller-saved register is clobbered. */
TICK_INLINE tick_regs_t tick_syscall_upcalls(uint32_t cls, uintptr_t a0, uintptr_t a1,
                                               uintptr_t a2, uintptr_t a3) {
  register uintptr_t r0 __asm__("r0") = a0;
  register uintptr_t r1 __asm__("r1") = a1;
  register uintptr_t r2 __asm__("r2") = a2;
  register uintptr_t r3 __asm__("r3") = a3;
  __asm__ volatile("svc %4"
                   : "+r"(r0), "+r"(r1), "+r"(r2), "+r"(r3)
                   : "n"(cls)
                   : "memory", "r12", "lr", "cc");
  return (tick_regs_t){r0, r1, r2, r3};
}
#else
/* One trap that changes only a0..a3 (every class except Yield-Wait/NoWait; also WaitFor and
 * WaitAny, which never run userspace code). */
TICK_INLINE tick_regs_t tick_syscall4(uint32_t cls, uintptr_t a0, uintptr_t a1,
                                        uintptr_t a2, uintptr_t a3) {
  register uintptr_t r0 __asm__("a0") = a0;
  register uintptr_t r1 __asm__("a1") = a1;
  register uintptr_t r2 __asm__("a2") = a2;
  register uintptr_t r3 __asm__("a3") = a3;
  register uint32_t r4 __asm__("a4") = cls;
  __asm__ volatile("ecall" : "+r"(r0), "+r"(r1), "+r"(r2), "+r"(r3) : "r"(r4) : "memory");
  return (tick_regs_t){r0, r1, r2, r3};
}

/* A trap during which an upcall may run (Yield-Wait, Yield-NoWait): the upcall is an ordinary
 * C call, so every caller-saved register is clobbered. */
TICK_INLINE tick_regs_t tick_syscall_upcalls(uint32_t cls, uintptr_t a0, uintptr_t a1,
                                               uintptr_t a2, uintptr_t a3) {
  register uintptr_t r0 __asm__("a0") = a0;
  register uintptr_t r1 __asm__("a1") = a1;
  register uintptr_t r2 __asm__("a2") = a2;
  register uintptr_t r3 __asm__("a3") = a3;
  register uint32_t r4 __asm__("a4") = cls;
  __asm__ volatile("ecall"
                   : "+r"(r0), "+r"(r1), "+r"(r2), "+r"(r3), "+r"(r4)
                   :
                   : "memory", "ra", "a5", "a6", "a7", "t0", "t1", "t2", "t3", "t4", "t5",
                     "t6");
  return (tick_regs_t){r0, r1, r2, r3};
}
#endif

/* A system call whose class is known only at run time. Arm encodes the class in the svc
 * instruction, so there the call goes through one svc per class (subscribe, command, the
 * allows, memop); elsewhere it is tick_syscall4 itself. */
TICK_INLINE tick_regs_t tick_syscall4_any(uint32_t cls, uintptr_t a0, uintptr_t a1,
                                            uintptr_t a2, uintptr_t a3) {
#if defined(__arm__) && !defined(TICK_HOST)
  switch (cls) {
  case 1: return tick_syscall4(1, a0, a1, a2, a3);
  case 2: return tick_syscall4(2, a0, a1, a2, a3);
  case 3: return tick_syscall4(3, a0, a1, a2, a3);
  case 4: return tick_syscall4(4, a0, a1, a2, a3);
  case 5: return tick_syscall4(5, a0, a1, a2, a3);
  default: return tick_syscall4(7, a0, a1, a2, a3);
  }
#else
  return tick_syscall4(cls, a0, a1, a2, a3);
#endif
}

/* Error code of a result in r0/r1, or BADRVAL when r0 is neither `ok` nor `fail`. */
TICK_INLINE uint32_t tick__error_of(tick_regs_t r, uint32_t ok, uint32_t fail) {
  if (r.r0 == ok) return 0;
  if (r.r0 == fail) return (uint32_t)r.r1;
  return TICK_ERR_BADRVAL;
}

/* ---- Class 0: Yield ---------------------------------------------------------------------- */

/* Yield-NoWait: runs at most one pending upcall. `flag` (may be NULL) receives 1 if an upcall
 * ran, 0 otherwise; the kernel writes it only if it lies in app-owned RAM. */
TICK_INLINE void tick_yield_no_wait_flag(volatile uint8_t *flag) {
  tick_syscall_upcalls(TICK_CLASS_YIELD, TICK_YIELD_NO_WAIT, (uintptr_t)flag, 0, 0);
}

/* Yield-NoWait: returns true if an upcall ran. */
TICK_INLINE bool tick_yield_no_wait(void) {
  volatile uint8_t ran = 0;
  tick_yield_no_wait_flag(&ran);
  return ran != 0;
}

/* Yield-Wait: blocks until exactly one upcall has run. */
TICK_INLINE void tick_yield_wait(void) {
  tick_syscall_upcalls(TICK_CLASS_YIELD, TICK_YIELD_WAIT, 0, 0, 0);
}

/* Yield-WaitFor: blocks until an event for (driver, subscribe) is queued and returns its
 * arguments without running any upcall. */
TICK_INLINE tick_upcall_args_t tick_yield_wait_for(uint32_t driver, uint32_t subscribe) {
  tick_regs_t r = tick_syscall4(TICK_CLASS_YIELD, TICK_YIELD_WAIT_FOR, driver, subscribe, 0);
  return (tick_upcall_args_t){(uint32_t)r.r0, (uint32_t)r.r1, (uint32_t)r.r2};
}

/* Yield-WaitAny (Tick): waits for the first queued event among `ids[0..count)` or, if
 * `has_deadline`, until the alarm counter reaches `deadline`. Runs no upcall. count <= 8. */
TICK_INLINE tick_waitany_result_t tick_yield_wait_any(const tick_upcall_id_t *ids,
                                                        uint32_t count, bool has_deadline,
                                                        uint32_t deadline) {
  uint32_t flags = count | (has_deadline ? TICK_WAITANY_HAS_DEADLINE : 0u);
  tick_regs_t r = tick_syscall4(TICK_CLASS_YIELD, TICK_YIELD_WAIT_ANY, (uintptr_t)ids, flags,
                                deadline);
  return (tick_waitany_result_t){(uint32_t)r.r0, (uint32_t)r.r1, (uint32_t)r.r2,
                                 (uint32_t)r.r3};
}

/* Raw WaitAny with a caller-built flags word (conformance tests of bad arguments). */
TICK_INLINE tick_waitany_result_t tick_yield_wait_any_raw(const void *ids, uint32_t flags,
                                                            uint32_t deadline) {
  tick_regs_t r = tick_syscall4(TICK_CLASS_YIELD, TICK_YIELD_WAIT_ANY, (uintptr_t)ids, flags,
                                deadline);
  return (tick_waitany_result_t){(uint32_t)r.r0, (uint32_t)r.r1, (uint32_t)r.r2,
                                 (uint32_t)r.r3};
}

/* Yield-IPC-Call and Yield-IPC-Recv (Tick extensions, docs/ipc.md): a0 TICK_IPC_OK,
 * TICK_WAITANY_DEADLINE or TICK_IPC_FAILED (a1 the error), and the values after it. They
 * never run userspace code in this process. `spec` = payload length | TICK_IPC_HAS_DEADLINE
 * (Recv: | reply code << TICK_IPC_CODE_SHIFT). */
typedef struct {
  uint32_t status, v1, v2, v3;
} tick_ipc_result_t;

TICK_INLINE tick_ipc_result_t tick_yield_ipc_call(uint32_t handle, uint32_t spec,
                                                    uint32_t deadline) {
  tick_regs_t r = tick_syscall4(TICK_CLASS_YIELD, TICK_YIELD_IPC_CALL, handle, spec, deadline);
  return (tick_ipc_result_t){(uint32_t)r.r0, (uint32_t)r.r1, (uint32_t)r.r2, (uint32_t)r.r3};
}

TICK_INLINE tick_ipc_result_t tick_yield_ipc_recv(uint32_t token, uint32_t spec,
                                                    uint32_t deadline) {
  tick_regs_t r = tick_syscall4(TICK_CLASS_YIELD, TICK_YIELD_IPC_RECV, token, spec, deadline);
  return (tick_ipc_result_t){(uint32_t)r.r0, (uint32_t)r.r1, (uint32_t)r.r2, (uint32_t)r.r3};
}

/* ---- Class 1: Subscribe ------------------------------------------------------------------ */

/* Registers `fn` (NULL = the Null Upcall) with app data `data` for (driver, subscribe). */
TICK_INLINE tick_subscribe_result_t tick_subscribe(uint32_t driver, uint32_t subscribe,
                                                     tick_upcall_fn *fn, void *data) {
  tick_regs_t r = tick_syscall4(TICK_CLASS_SUBSCRIBE, driver, subscribe, (uintptr_t)fn,
                                (uintptr_t)data);
  tick_subscribe_result_t s;
  s.variant = (uint32_t)r.r0;
  s.error = tick__error_of(r, TICK_SUCCESS_2U32, TICK_FAILURE_2U32);
  s.fn = (tick_upcall_fn *)(r.r0 == TICK_SUCCESS_2U32 ? r.r1 : r.r2);
  s.data = (void *)(r.r0 == TICK_SUCCESS_2U32 ? r.r2 : r.r3);
  return s;
}

/* ---- Class 2: Command -------------------------------------------------------------------- */

/* Issues command `command` with two arguments to `driver`; the variant depends on the call. */
TICK_INLINE tick_result_t tick_command(uint32_t driver, uint32_t command, uint32_t arg0,
                                         uint32_t arg1) {
  tick_regs_t r = tick_syscall4(TICK_CLASS_COMMAND, driver, command, arg0, arg1);
  tick_result_t c;
  c.variant = (uint32_t)r.r0;
  c.error = c.variant >= TICK_SUCCESS ? 0 : (uint32_t)r.r1;
  c.r1 = (uint32_t)r.r1;
  c.r2 = (uint32_t)r.r2;
  c.r3 = (uint32_t)r.r3;
  return c;
}

/* Error of a command that must answer with `expected` (a success variant): 0, the kernel
 * error, or TICK_ERR_BADRVAL for any other variant. */
TICK_INLINE uint32_t tick_command_check(tick_result_t c, uint32_t expected) {
  if (c.variant == expected) return 0;
  if (c.variant < TICK_SUCCESS && c.error != 0) return c.error;
  return TICK_ERR_BADRVAL;
}

/* True if `driver` exists for this process (command 0 answers with any success variant). */
TICK_INLINE bool tick_driver_exists(uint32_t driver) {
  return tick_command(driver, 0, 0, 0).variant >= TICK_SUCCESS;
}

/* ---- Classes 3, 4, 7: Allow -------------------------------------------------------------- */

TICK_INLINE tick_allow_result_t tick__allow(uint32_t cls, uint32_t driver, uint32_t slot,
                                              const void *ptr, size_t len) {
  tick_regs_t r = tick_syscall4(cls, driver, slot, (uintptr_t)ptr, len);
  tick_allow_result_t a;
  a.variant = (uint32_t)r.r0;
  a.error = tick__error_of(r, TICK_SUCCESS_2U32, TICK_FAILURE_2U32);
  a.ptr = (void *)(r.r0 == TICK_SUCCESS_2U32 ? r.r1 : r.r2);
  a.len = (size_t)(r.r0 == TICK_SUCCESS_2U32 ? r.r2 : r.r3);
  return a;
}

/* Read-write allow: lends `ptr[0..len)` (app RAM) to the driver; (NULL, 0) takes it back. */
TICK_INLINE tick_allow_result_t tick_allow_rw(uint32_t driver, uint32_t slot, void *ptr,
                                                size_t len) {
  return tick__allow(TICK_CLASS_ALLOW_RW, driver, slot, ptr, len);
}

/* Read-only allow: lends `ptr[0..len)` (app RAM or app flash) to the driver. */
TICK_INLINE tick_allow_result_t tick_allow_ro(uint32_t driver, uint32_t slot,
                                                const void *ptr, size_t len) {
  return tick__allow(TICK_CLASS_ALLOW_RO, driver, slot, ptr, len);
}

/* Userspace-readable allow: the driver may write, the process may keep reading. */
TICK_INLINE tick_allow_result_t tick_allow_userspace_r(uint32_t driver, uint32_t slot,
                                                         void *ptr, size_t len) {
  return tick__allow(TICK_CLASS_ALLOW_UR, driver, slot, ptr, len);
}

/* ---- Class 5: Memop ---------------------------------------------------------------------- */

/* Raw memop: success variants 128 or 129 are both accepted. */
TICK_INLINE tick_memop_result_t tick_memop(uint32_t op, uintptr_t arg) {
  tick_regs_t r = tick_syscall4(TICK_CLASS_MEMOP, op, arg, 0, 0);
  tick_memop_result_t m;
  m.variant = (uint32_t)r.r0;
  if (r.r0 == TICK_SUCCESS || r.r0 == TICK_SUCCESS_U32) m.error = 0;
  else if (r.r0 == TICK_FAILURE) m.error = (uint32_t)r.r1;
  else m.error = TICK_ERR_BADRVAL;
  m.value = r.r0 == TICK_SUCCESS_U32 ? r.r1 : 0;
  return m;
}

/* Moves the app break to `addr`; returns 0 or a kernel error (NOMEM). */
TICK_INLINE uint32_t tick_brk(void *addr) {
  return tick_memop(TICK_MEMOP_BRK, (uintptr_t)addr).error;
}

/* Moves the app break by `incr` bytes; returns the previous break or NULL on failure. */
TICK_INLINE void *tick_sbrk(intptr_t incr) {
  tick_memop_result_t m = tick_memop(TICK_MEMOP_SBRK, (uintptr_t)incr);
  return m.error ? NULL : (void *)m.value;
}

/* Address-returning memops (2..7): the value, or 0 on failure. */
TICK_INLINE uintptr_t tick_memop_value(uint32_t op) { return tick_memop(op, 0).value; }

/* ---- Class 6: Exit ----------------------------------------------------------------------- */

/* Raw exit: returns only if the kernel rejects `number` (Failure NOSUPPORT). */
TICK_INLINE tick_result_t tick_exit_raw(uint32_t number, uint32_t code) {
  tick_regs_t r = tick_syscall4(TICK_CLASS_EXIT, number, code, 0, 0);
  tick_result_t c = {(uint32_t)r.r0, r.r0 < TICK_SUCCESS ? (uint32_t)r.r1 : 0, (uint32_t)r.r1,
                     (uint32_t)r.r2, (uint32_t)r.r3};
  return c;
}

/* Ends the process with completion code `code`. */
TICK_INLINE _Noreturn void tick_exit_terminate(uint32_t code) {
  for (;;) tick_exit_raw(0, code);
}

/* Asks the kernel to restart the process; `code` is recorded. */
TICK_INLINE _Noreturn void tick_exit_restart(uint32_t code) {
  for (;;) tick_exit_raw(1, code);
}

#endif /* TICK_SYSCALL_H */
