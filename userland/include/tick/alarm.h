/* Layer 1: any number of software alarms per process, multiplexed on the one kernel alarm. */
#ifndef TICK_ALARM_H
#define TICK_ALARM_H

#include <stdbool.h>
#include <stdint.h>
#include <tick/errors.h>

typedef struct tick_alarm tick_alarm_t;

/* Runs as an upcall (blocking calls are refused inside it) when the alarm expires. */
typedef void tick_alarm_fn(tick_alarm_t *alarm, void *data);

/* A software alarm; caller-owned, must stay alive while armed. Fields are private. */
struct tick_alarm {
  uint32_t reference; /* expires at reference + dt (wrapping) */
  uint32_t dt;
  tick_alarm_fn *fn;
  void *data;
  tick_alarm_t *next;
  bool armed;
};

/* Arms `a` to fire at reference + dt ticks (dt < 2^32; wrap-safe). Re-arming an armed alarm
 * moves it. The callback runs from tick_yield()/tick_poll() once the time has passed.
 * Returns TICK_OK or a negative error (no alarm driver, subscribe failed). */
int tick_alarm_at(tick_alarm_t *a, uint32_t reference, uint32_t dt, tick_alarm_fn *fn,
                  void *data);

/* Arms `a` to fire `ms` milliseconds from now. */
int tick_alarm_in_ms(tick_alarm_t *a, uint32_t ms, tick_alarm_fn *fn, void *data);

/* Re-arms `a` for one more period, drift-free: reference += dt (call from its callback). */
int tick_alarm_repeat(tick_alarm_t *a);

/* Disarms `a` (no effect if not armed). When no alarm remains the kernel alarm is stopped
 * (command 3) and any expiry that already fired is drained. */
void tick_alarm_cancel(tick_alarm_t *a);

/* True while `a` is armed. */
static inline bool tick_alarm_armed(const tick_alarm_t *a) { return a->armed; }

/* Expiry time of `a` in ticks. */
static inline uint32_t tick_alarm_expiration(const tick_alarm_t *a) {
  return a->reference + a->dt;
}

#endif /* TICK_ALARM_H */
