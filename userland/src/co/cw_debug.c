/* Layer 3, lean form, debug library only (TICK_DEBUG): a coroutine started from a stack frame is reported. */
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

/* A started coroutine stays in the loop's list for good (<tick/cw.h>): one whose struct lies in
 * a stack frame would be read by the loop after that frame returns. Checked at the start,
 * where the mistake is made, rather than later as a corrupted list. */
void tick__cw_debug_check_start(const tick_cw_t *co) {
  if (!IN_STACK(co, __builtin_frame_address(0))) return;
  static const char msg[] = "tick: tick_cw_start: coroutine state lies in a stack frame; a started "
                            "coroutine stays listed for good: make it static\n";
  tick__debug_write(msg, sizeof msg - 1);
  tick_exit_terminate(TICK_DEBUG_EXIT_CODE);
}
#endif
