/* Debug library only (TICK_DEBUG): misuse reports written straight to the console. */
#ifdef TICK_DEBUG
#include <tick/debug_report.h>
#include <tick/upcall.h>

/* Raw system calls, no stdio: a report may come from inside a callback. The write waits for
 * its own completion only; if the console is busy with another write of this process the
 * report is dropped rather than taking that write's completion. */
void tick__debug_write(const char *text, size_t len) {
  tick_allow_ro(TICK_DRIVER_CONSOLE, 1, text, len);
  if (tick_command(TICK_DRIVER_CONSOLE, 1, len, 0).error == 0)
    tick_yield_wait_for(TICK_DRIVER_CONSOLE, 1);
  tick_allow_ro(TICK_DRIVER_CONSOLE, 1, NULL, 0);
}

char *tick__debug_hex(char *p, uintptr_t v) {
  int shift = (int)sizeof v * 8 - 4;
  while (shift > 0 && !(v >> shift)) shift -= 4;
  for (; shift >= 0; shift -= 4) *p++ = "0123456789abcdef"[(v >> shift) & 0xF];
  return p;
}

int tick__refused(const char *what) {
  static const char pre[] = "tick: ", post[] = " called inside a callback: refused "
                                               "(TICK_EINUPCALL); use its async form\n";
  tick__debug_write(pre, sizeof pre - 1);
  size_t n = 0;
  while (what[n]) n++;
  tick__debug_write(what, n);
  tick__debug_write(post, sizeof post - 1);
  return TICK_EINUPCALL;
}
#endif
