/* Layer 2, debug library only (TICK_DEBUG): buffer-lifetime checks and their reports. */
#ifdef TICK_DEBUG
#include <tick/debug_report.h>
#include <tick/syscall.h>

#include "async_private.h"

#ifdef TICK_HOST
/* Host tests: the stack lies within 1 MiB below the loop's frame. */
#define STACK_LOW(frame) ((const char *)(frame) - (1u << 20))
#else
extern char _sram_origin[]; /* tick_app.ld: the stack grows down toward the RAM origin */
#define STACK_LOW(frame) ((const char *)_sram_origin)
#endif

static char msg[160];
static unsigned len;

static void put(const char *s) {
  while (*s && len < sizeof msg - 1) msg[len++] = *s++;
}

static void put_hex(uintptr_t v) {
  char d[3 + 2 * sizeof v] = "0x"; /* zeros after the digits: a NUL-terminated string */
  tick__debug_hex(d + 2, v);
  put(d);
}

/* Writes the report and ends the process. */
_Noreturn void tick__debug_fail(const char *what, const tick_op_t *op) {
  const struct tick__op_kind *k = op->kind;
  len = 0;
  put("tick: ");
  put(k ? k->name : "timer");
  put(" (driver ");
  put_hex(k ? k->driver : 0);
  put("): ");
  put(what);
  put(": buffer ");
  put_hex((uintptr_t)op->buf);
  put(" (");
  put_hex(op->arg);
  put(" bytes), op ");
  put_hex((uintptr_t)op);
  put("\n");
  tick__debug_write(msg, len);
  tick_exit_terminate(TICK_DEBUG_EXIT_CODE);
}

static bool in(const void *p, const char *lo, const char *hi) {
  return (const char *)p >= lo && (const char *)p < hi;
}

void tick__debug_check_frames(const void *loop_frame) {
  const char *low = STACK_LOW(loop_frame), *high = loop_frame;
  for (tick_op_t *op = tick__loop.ops; op; op = op->next) {
    if (op->kind && op->buf && in(op->buf, low, high))
      tick__debug_fail("buffer still lent to the kernel lies in a stack frame that has returned", op);
    if (in(op, low, high)) tick__debug_fail("pending op lies in a stack frame that has returned", op);
  }
}

void tick__debug_check_free(const void *block, size_t size) {
  const char *lo = block, *hi = lo + size;
  for (tick_op_t *op = tick__loop.ops; op; op = op->next) {
    if (op->kind && (in(op, lo, hi) || in(op->buf, lo, hi)))
      tick__debug_fail("coroutine state freed while the kernel holds its buffer", op);
    if (in(op, lo, hi)) tick__debug_fail("coroutine state freed while its op is pending", op);
  }
}
#endif
