/* Layer 3, lean form, debug library only (TICK_DEBUG): misuse of coroutines and waits is reported by name. */
#ifdef TICK_DEBUG
#include <tick/async.h>
#include <tick/debug_report.h>

#include "cw_private.h"

#ifdef TICK_HOST
/* Host tests: the callers' frames lie within 1 MiB above this one. */
#define IN_STACK(p, frame) ((const char *)(p) >= (const char *)(frame) && \
                            (const char *)(p) < (const char *)(frame) + (1u << 20))
#else
extern char _sram_origin[], _stack_top[]; /* tick_app.ld: the stack's bounds */
#define IN_STACK(p, frame) ((const char *)(p) >= _sram_origin && (const char *)(p) < _stack_top)
#endif

/* Writes "tick: <what>" and ends the process. */
static _Noreturn void fail(const char *what, size_t len) {
  tick__debug_write("tick: ", 6);
  tick__debug_write(what, len);
  tick_exit_terminate(TICK_DEBUG_EXIT_CODE);
}

/* A started coroutine stays in the loop's list for good (<tick/cw.h>): one whose struct lies in
 * a stack frame would be read by the loop after that frame returns. Checked at the start,
 * where the mistake is made, rather than later as a corrupted list. */
void tick__cw_debug_check_start(const tick_cw_t *co) {
  if (!IN_STACK(co, __builtin_frame_address(0))) return;
  static const char msg[] = "tick_cw_start: coroutine state lies in a stack frame; a started "
                            "coroutine stays listed for good: make it static\n";
  fail(msg, sizeof msg - 1);
}

/* The waits' two rules (tick__cw_wait_on, <tick/cw.h>), which the release library does not
 * check: in the loop's list, where every wait of this turn is, not at each wait. */
void tick__cw_debug_check_list(unsigned n) {
  if (n > TICK_WAITANY_MAX) {
    static const char msg[] = "coroutines and ops wait for more than 8 upcall ids at once "
                              "(Yield-WaitAny's limit)\n";
    fail(msg, sizeof msg - 1);
  }
  for (unsigned i = 0; i < n; i++) {
    for (unsigned j = i + 1; j < n; j++) {
      const tick_upcall_id_t *a = &tick__cw.ids[i], *b = &tick__cw.ids[j];
      if (a->driver != b->driver || a->subscribe != b->subscribe) continue;
      char msg[128], *p = msg; /* 121 at most */
      static const char pre[] = "two waits for upcall id (driver 0x", mid[] = ", subscribe 0x",
                        post[] = ") at once: one coroutine or op waits for an id at a time\n";
      for (const char *s = pre; *s;) *p++ = *s++;
      p = tick__debug_hex(p, a->driver);
      for (const char *s = mid; *s;) *p++ = *s++;
      p = tick__debug_hex(p, a->subscribe);
      for (const char *s = post; *s;) *p++ = *s++;
      fail(msg, (size_t)(p - msg));
    }
  }
}
#endif
