/* Layer 1: software alarms multiplexed on the one kernel alarm (wrap-around safe). */
#include <stddef.h>
#include <tick/alarm.h>
#include <tick/syscall.h>
#include <tick/time.h>
#include <tick/upcall.h>
#include <tick/wait.h>

enum { CMD_STOP = 3, CMD_SET_RELATIVE = 5, CMD_SET_ABSOLUTE = 6, SUB_ALARM = 0 };

static tick_alarm_t *armed;      /* armed alarms, unordered */
static struct tick_upcall upcall; /* kernel alarm upcall, via the trampoline */
static bool subscribed, kernel_armed, dispatching;

/* Wrap-safe: true once `now` is dt or more ticks past the reference. */
static bool expired(const tick_alarm_t *a, uint32_t now) { return now - a->reference >= a->dt; }

static void unlink_alarm(tick_alarm_t *a) {
  for (tick_alarm_t **p = &armed; *p; p = &(*p)->next) {
    if (*p == a) {
      *p = a->next;
      break;
    }
  }
  a->armed = false;
  a->next = NULL;
}

/* Stops the kernel alarm and drops an expiry that was already queued. */
static void stop_kernel_alarm(void) {
  if (!kernel_armed) return;
  tick_command(TICK_DRIVER_ALARM, CMD_STOP, 0, 0);
  tick_drain(TICK_DRIVER_ALARM, SUB_ALARM);
  kernel_armed = false;
}

/* Arms the kernel alarm for the earliest software alarm, or stops it when none is armed. */
static int reprogram(void) {
  if (!armed) {
    stop_kernel_alarm();
    return TICK_OK;
  }
  uint32_t now = tick_time_now();
  tick_alarm_t *first = NULL;
  uint32_t first_left = 0;
  for (tick_alarm_t *a = armed; a; a = a->next) {
    uint32_t left = expired(a, now) ? 0 : a->dt - (now - a->reference);
    if (!first || left < first_left) {
      first = a;
      first_left = left;
    }
  }
  tick_result_t r = first_left == 0
                        ? tick_command(TICK_DRIVER_ALARM, CMD_SET_RELATIVE, 1, 0)
                        : tick_command(TICK_DRIVER_ALARM, CMD_SET_ABSOLUTE, first->reference,
                                       first->dt);
  uint32_t err = tick_command_check(r, TICK_SUCCESS_U32);
  if (err) return tick_rc_from_error(err);
  kernel_armed = true;
  return TICK_OK;
}

/* Kernel alarm upcall: runs every expired alarm once, most overdue first, then re-arms. */
static void fired(uint32_t now_ticks, uint32_t expiration, uint32_t unused, void *data) {
  (void)now_ticks, (void)expiration, (void)unused, (void)data;
  kernel_armed = false;
  dispatching = true;
  uint32_t now = tick_time_now();
  tick_alarm_t *due = NULL; /* sorted by lateness, most overdue first */
  for (tick_alarm_t *a = armed, *next; a; a = next) {
    next = a->next;
    if (!expired(a, now)) continue;
    unlink_alarm(a);
    uint32_t late = now - a->reference - a->dt;
    tick_alarm_t **p = &due;
    while (*p && now - (*p)->reference - (*p)->dt >= late) p = &(*p)->next;
    a->next = *p;
    *p = a;
  }
  while (due) {
    tick_alarm_t *a = due;
    due = a->next;
    a->next = NULL;
    a->fn(a, a->data); /* may re-arm or cancel any alarm */
  }
  dispatching = false;
  reprogram();
}

int tick_alarm_at(tick_alarm_t *a, uint32_t reference, uint32_t dt, tick_alarm_fn *fn,
                  void *data) {
  if (!subscribed) {
    upcall.fn = fired;
    int rc = tick_subscribe_upcall(TICK_DRIVER_ALARM, SUB_ALARM, &upcall);
    if (rc != TICK_OK) return rc;
    subscribed = true;
  }
  if (a->armed) unlink_alarm(a);
  a->reference = reference;
  a->dt = dt;
  a->fn = fn;
  a->data = data;
  a->next = armed;
  armed = a;
  a->armed = true;
  if (dispatching) return TICK_OK; /* fired() re-arms the kernel alarm when it is done */
  int rc = reprogram();
  if (rc != TICK_OK) unlink_alarm(a);
  return rc;
}

int tick_alarm_in_ms(tick_alarm_t *a, uint32_t ms, tick_alarm_fn *fn, void *data) {
  uint32_t now = tick_time_now();
  return tick_alarm_at(a, now, tick_ms_to_ticks(ms), fn, data);
}

int tick_alarm_repeat(tick_alarm_t *a) {
  return tick_alarm_at(a, a->reference + a->dt, a->dt, a->fn, a->data);
}

void tick_alarm_cancel(tick_alarm_t *a) {
  if (!a->armed) return;
  unlink_alarm(a);
  if (!dispatching) reprogram();
}
