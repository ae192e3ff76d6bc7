/* Host tests: software alarms multiplexed on the kernel alarm, including wrap-around. */
#include <tick.h>

#include "harness.h"

static uint32_t order[16];
static uint64_t fired_at[16];
static int nfired;

static void note(tick_alarm_t *a, void *data) {
  (void)a;
  order[nfired] = (uint32_t)(uintptr_t)data;
  fired_at[nfired] = fk.now;
  nfired++;
}

/* Runs upcalls until `n` alarms fired (bounded). */
static void run_until_fired(int n) {
  for (int i = 0; i < 100 && nfired < n; i++) CHECK_EQ(tick_yield(), TICK_OK);
}

TEST(alarms_fire_in_expiry_order) {
  static tick_alarm_t a, b, c;
  uint64_t t0 = fk.now;
  CHECK_EQ(tick_alarm_in_ms(&a, 30, note, (void *)3), TICK_OK);
  CHECK_EQ(tick_alarm_in_ms(&b, 10, note, (void *)1), TICK_OK);
  CHECK_EQ(tick_alarm_in_ms(&c, 20, note, (void *)2), TICK_OK);
  CHECK_EQ(fk.alarm_expiration, (uint32_t)(t0 + fk_ms(10))); /* kernel armed for the earliest */
  run_until_fired(3);
  CHECK_EQ(nfired, 3);
  CHECK_EQ(order[0], 1);
  CHECK_EQ(order[1], 2);
  CHECK_EQ(order[2], 3);
  CHECK_EQ(fired_at[0] - t0, fk_ms(10));
  CHECK_EQ(fired_at[2] - t0, fk_ms(30));
  CHECK(!tick_alarm_armed(&a));
  CHECK(!fk.alarm_armed);
}

TEST(alarms_across_counter_wraparound) {
  static tick_alarm_t a, b;
  fk.now = 0xFFFFFFFFull - fk_ms(5); /* the 32-bit counter wraps 5 ms from now */
  CHECK_EQ(tick_alarm_in_ms(&a, 10, note, (void *)2), TICK_OK);
  CHECK_EQ(tick_alarm_in_ms(&b, 2, note, (void *)1), TICK_OK);
  run_until_fired(2);
  CHECK_EQ(nfired, 2);
  CHECK_EQ(order[0], 1);
  CHECK_EQ(order[1], 2);
  CHECK(fired_at[1] > 0xFFFFFFFFull); /* fired after the wrap, not early */
  CHECK_EQ(fired_at[1], 0xFFFFFFFFull - fk_ms(5) + fk_ms(10));
}

TEST(alarm_cancel_last_stops_kernel_alarm_and_drains) {
  static tick_alarm_t a, b;
  CHECK_EQ(tick_alarm_in_ms(&a, 10, note, (void *)1), TICK_OK);
  CHECK_EQ(tick_alarm_in_ms(&b, 20, note, (void *)2), TICK_OK);
  tick_alarm_cancel(&a);
  CHECK(!tick_alarm_armed(&a));
  run_until_fired(1);
  CHECK_EQ(order[0], 2);
  /* An expiry that already fired but was not yet delivered is drained on the last cancel. */
  CHECK_EQ(tick_alarm_in_ms(&a, 5, note, (void *)3), TICK_OK);
  fk_advance(fk.now + fk_ms(6));
  CHECK_EQ(fk_queued(0, 0), 1);
  tick_alarm_cancel(&a);
  CHECK_EQ(fk_queued(0, 0), 0);
  CHECK(!fk.alarm_armed);
  CHECK_EQ(fk_count(TICK_CLASS_COMMAND, 0, 3), 1);
  CHECK_EQ(nfired, 1);
}

static void periodic(tick_alarm_t *a, void *data) {
  note(a, data);
  if (nfired < 5) tick_alarm_repeat(a);
}

TEST(alarm_repeat_is_drift_free) {
  static tick_alarm_t a;
  uint64_t t0 = fk.now;
  CHECK_EQ(tick_alarm_in_ms(&a, 10, periodic, NULL), TICK_OK);
  /* The app is slow: it only yields after sleeping 3 ms past each expiry. */
  while (nfired < 5) {
    CHECK_EQ(tick_sleep_ms(13), TICK_OK);
    CHECK_EQ(tick_yield(), TICK_OK);
  }
  for (int i = 0; i < 5; i++) CHECK(fired_at[i] >= t0 + fk_ms(10) * (uint64_t)(i + 1));
  CHECK_EQ(tick_alarm_expiration(&a), (uint32_t)(t0 + fk_ms(50)));
}

static tick_alarm_t chained;
static void arm_another(tick_alarm_t *a, void *data) {
  note(a, data);
  CHECK_EQ(tick_alarm_in_ms(&chained, 5, note, (void *)9), TICK_OK);
}

TEST(alarm_armed_from_callback) {
  static tick_alarm_t a;
  CHECK_EQ(tick_alarm_in_ms(&a, 5, arm_another, (void *)1), TICK_OK);
  run_until_fired(2);
  CHECK_EQ(nfired, 2);
  CHECK_EQ(order[1], 9);
  CHECK_EQ(fired_at[1] - fired_at[0], fk_ms(5));
}

TEST(alarms_due_while_blocked_run_most_overdue_first) {
  static tick_alarm_t a, b;
  CHECK_EQ(tick_alarm_in_ms(&a, 8, note, (void *)2), TICK_OK);
  CHECK_EQ(tick_alarm_in_ms(&b, 4, note, (void *)1), TICK_OK);
  CHECK_EQ(tick_sleep_ms(20), TICK_OK); /* both expire; no upcall runs while sleeping */
  CHECK_EQ(nfired, 0);
  CHECK_EQ(tick_yield(), TICK_OK);
  CHECK_EQ(nfired, 2);
  CHECK_EQ(order[0], 1);
  CHECK_EQ(order[1], 2);
}

static void blocking_in_alarm(tick_alarm_t *a, void *data) {
  note(a, data);
  CHECK_EQ(tick_sleep_ms(1), TICK_EINUPCALL);
  CHECK_EQ(tick_console_write("x", 1), TICK_EINUPCALL);
  uint8_t b;
  CHECK_EQ(tick_rng_read(&b, 1), TICK_EINUPCALL);
}

TEST(alarm_callback_cannot_block) {
  static tick_alarm_t a;
  CHECK_EQ(tick_alarm_in_ms(&a, 1, blocking_in_alarm, NULL), TICK_OK);
  run_until_fired(1);
  CHECK_EQ(nfired, 1);
  CHECK_EQ(fk.out_len, 0);
}

TEST(alarm_rearm_moves_it) {
  static tick_alarm_t a;
  uint64_t t0 = fk.now;
  CHECK_EQ(tick_alarm_in_ms(&a, 50, note, NULL), TICK_OK);
  CHECK_EQ(tick_alarm_in_ms(&a, 5, note, NULL), TICK_OK);
  run_until_fired(1);
  CHECK_EQ(fired_at[0] - t0, fk_ms(5));
  CHECK(!fk.alarm_armed);
}
