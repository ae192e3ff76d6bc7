/* Host tests: frequency, tick/ms conversion, sleeps and their timeouts, wrap-around. */
#include <tick.h>

#include "harness.h"

TEST(time_frequency_is_cached) {
  CHECK_EQ(tick_time_frequency(), 10000000);
  CHECK_EQ(tick_time_frequency(), 10000000);
  CHECK_EQ(fk_count(TICK_CLASS_COMMAND, 0, 1), 1);
}

TEST(time_ms_to_ticks_conversions) {
  CHECK_EQ(tick_ms_to_ticks(1), 10000);
  CHECK_EQ(tick_ms_to_ticks(1000), 10000000);
  CHECK_EQ(tick_ms_to_ticks(300000), 0x7FFFFFFF); /* saturates below 2^31 */
  CHECK_EQ(tick_ticks_to_ms(25000), 2);
}

TEST(time_ms_to_ticks_odd_frequency) {
  fk.freq = 32768;
  CHECK_EQ(tick_ms_to_ticks(1000), 32768);
  CHECK_EQ(tick_ms_to_ticks(1), 32);
  CHECK_EQ(tick_ms_to_ticks(3000), 98304);
}

TEST(sleep_advances_exactly_and_runs_no_upcall) {
  static struct tick_upcall u;
  u.fn = (tick_upcall_fn *)abort; /* must never run */
  CHECK_EQ(tick_subscribe_upcall(1, 0, &u), TICK_OK);
  fk_event_at(fk.now + fk_ms(5), 1, 0, 0, 0, 0);
  uint64_t t0 = fk.now;
  CHECK_EQ(tick_sleep_ms(20), TICK_OK);
  CHECK_EQ(fk.now - t0, fk_ms(20));
  CHECK_EQ(fk_queued(1, 0), 1); /* still queued for a later yield */
  CHECK_EQ(fk.upcalls_run, 0);
}

TEST(sleep_timeout_cuts_short) {
  uint64_t t0 = fk.now;
  CHECK_EQ(tick_sleep_ms_timeout(500, 100), TICK_ETIMEOUT);
  CHECK_EQ(fk.now - t0, fk_ms(100));
  t0 = fk.now;
  CHECK_EQ(tick_sleep_ms_timeout(100, 500), TICK_OK);
  CHECK_EQ(fk.now - t0, fk_ms(100));
}

TEST(sleep_until_across_wraparound) {
  fk.now = 0xFFFFFF00u;
  uint32_t deadline = (uint32_t)fk.now + 0x200; /* wraps to 0x100 */
  CHECK_EQ(tick_sleep_until(deadline), TICK_OK);
  CHECK_EQ(fk.now, 0x100000100ull);
}

TEST(sleep_until_past_deadline_returns_at_once) {
  uint64_t t0 = fk.now;
  CHECK_EQ(tick_sleep_until((uint32_t)fk.now - 5), TICK_OK);
  CHECK_EQ(fk.now, t0);
}

TEST(sleep_until_timeout) {
  uint64_t t0 = fk.now;
  CHECK_EQ(tick_sleep_until_timeout((uint32_t)fk.now + (uint32_t)fk_ms(50), 10), TICK_ETIMEOUT);
  CHECK_EQ(fk.now - t0, fk_ms(10));
  CHECK_EQ(tick_sleep_until_timeout((uint32_t)fk.now + (uint32_t)fk_ms(5), 10), TICK_OK);
  CHECK_EQ(fk.now - t0, fk_ms(15));
}

TEST(sleep_longer_than_one_deadline_is_split) {
  uint64_t t0 = fk.now;
  CHECK_EQ(tick_sleep_ms(400000), TICK_OK); /* 400 s > 2^31 ticks at 10 MHz */
  CHECK_EQ(fk.now - t0, fk_ms(400000));
}

TEST(drain_removes_queued_events_only_of_that_id) {
  fk_event_at(fk.now, 1, 1, 7, 0, 0);
  fk_event_at(fk.now, 1, 1, 8, 0, 0);
  fk_event_at(fk.now, 1, 2, 9, 0, 0);
  fk_advance(fk.now);
  uint64_t t0 = fk.now;
  CHECK_EQ(tick_drain(1, 1), 2);
  CHECK_EQ(fk.now, t0);
  CHECK_EQ(fk_queued(1, 1), 0);
  CHECK_EQ(fk_queued(1, 2), 1);
}

TEST(wait_event_returns_args_or_timeout) {
  tick_upcall_args_t a = {0, 0, 0};
  fk_event_at(fk.now + fk_ms(3), 1, 2, 4, 5, 6);
  CHECK_EQ(tick_wait_event(1, 2, tick_deadline_in_ms(10), &a), TICK_OK);
  CHECK_EQ(a.arg0, 4);
  CHECK_EQ(a.arg1, 5);
  CHECK_EQ(a.arg2, 6);
  CHECK_EQ(tick_wait_event(1, 2, tick_deadline_in_ms(10), &a), TICK_ETIMEOUT);
}
