/* Layer 1: the library's upcall trampoline (tracks upcall depth) and the event-loop yields. */
#ifndef TICK_UPCALL_H
#define TICK_UPCALL_H

#include <stdbool.h>
#include <tick/errors.h>
#include <tick/syscall.h>

/* A caller-owned upcall registration; it must stay alive while subscribed. */
struct tick_upcall {
  tick_upcall_fn *fn;
  void *data;
};

/* Number of library-dispatched upcalls currently running (0 = not in an upcall). */
extern volatile uint8_t tick__upcall_depth;

/* True while a library-dispatched upcall (tick_subscribe_upcall, software alarm) runs. */
static inline bool tick_in_upcall(void) { return tick__upcall_depth != 0; }

/* The first line of every blocking call: inside an upcall (or a layer 2 callback or coroutine)
 * it returns TICK_EINUPCALL at once. The debug library also prints a line naming the call. */
#ifdef TICK_DEBUG
int tick__refused(const char *what);
#define TICK__REFUSE_IN_UPCALL(what) \
  do {                               \
    if (tick_in_upcall()) return tick__refused(what); \
  } while (0)
#else
#define TICK__REFUSE_IN_UPCALL(what) \
  do {                               \
    if (tick_in_upcall()) return TICK_EINUPCALL; \
  } while (0)
#endif

/* Subscribes `u->fn` for (driver, subscribe) through the library trampoline, so that blocking
 * calls made inside it are refused with TICK_EINUPCALL. `u` NULL unsubscribes (Null Upcall).
 * Returns TICK_OK or a negative error. */
int tick_subscribe_upcall(uint32_t driver, uint32_t subscribe, struct tick_upcall *u);

/* Yield-Wait: runs exactly one upcall, then flushes output buffered by upcalls.
 * Returns TICK_OK, or TICK_EINUPCALL when called from inside an upcall. */
int tick_yield(void);

/* Yield-NoWait: runs at most one pending upcall. Returns 1 if one ran, 0 if none was pending,
 * TICK_EINUPCALL when called from inside an upcall. */
int tick_poll(void);

#endif /* TICK_UPCALL_H */
