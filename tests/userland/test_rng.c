/* Host tests: blocking RNG reads, timeouts, a timed-out request's late report, errors. */
#include <string.h>
#include <tick.h>

#include "harness.h"

#define RW TICK_CLASS_ALLOW_RW

TEST(rng_read_fills_and_takes_buffer_back) {
  uint8_t buf[8] = {0};
  uint64_t t0 = fk.now;
  CHECK_EQ(tick_rng_read(buf, sizeof buf), 8);
  for (int i = 0; i < 8; i++) CHECK_EQ(buf[i], i + 1); /* the fake's fill pattern */
  CHECK_EQ(fk_allowed_ptr(RW, TICK_DRIVER_RNG, 0), 0);
  CHECK_EQ(fk.now - t0, fk_ms(1));
  CHECK_EQ(fk_count(TICK_CLASS_COMMAND, TICK_DRIVER_RNG, 1), 1);
}

TEST(rng_read_of_nothing_asks_nothing) {
  CHECK_EQ(tick_rng_read(NULL, 0), 0);
  CHECK_EQ(fk_count(TICK_CLASS_COMMAND, TICK_DRIVER_RNG, 1), 0);
}

TEST(rng_read_without_device_fails_and_takes_buffer_back) {
  uint8_t buf[4];
  fk.rng_absent = true;
  CHECK_EQ(tick_rng_read(buf, sizeof buf), TICK_ENODEVICE);
  CHECK_EQ(fk_allowed_ptr(RW, TICK_DRIVER_RNG, 0), 0);
}

TEST(rng_read_timeout_in_time) {
  uint8_t buf[4] = {0};
  CHECK_EQ(tick_rng_read_timeout(buf, sizeof buf, 10), 4);
  CHECK_EQ(buf[3], 4);
}

/* The timed-out request reports late, after the buffer was taken back: nothing is written
 * into the old buffer, and the next read waits for that report before it asks, then gets its
 * own bytes and its own count. */
TEST(rng_read_timeout_then_next_read_gets_its_own_bytes) {
  uint8_t old[4] = {0}, fresh[6] = {0};
  fk.rng_delay = fk_ms(50);
  uint64_t t0 = fk.now;
  CHECK_EQ(tick_rng_read_timeout(old, sizeof old, 10), TICK_ETIMEOUT);
  CHECK_EQ(fk.now - t0, fk_ms(10));
  CHECK_EQ(fk_allowed_ptr(RW, TICK_DRIVER_RNG, 0), 0);
  fk.rng_delay = fk_ms(1);
  CHECK_EQ(tick_rng_read(fresh, sizeof fresh), 6);
  CHECK_EQ(fk_count(TICK_CLASS_COMMAND, TICK_DRIVER_RNG, 1), 2);
  for (int i = 0; i < 4; i++) CHECK_EQ(old[i], 0);
  for (int i = 0; i < 6; i++) CHECK(fresh[i] != 0);
  CHECK_EQ(fk_queued(TICK_DRIVER_RNG, 0), 0);
}

/* The old request has still not reported when the next read's own deadline passes: that read
 * times out without asking (it would replace the old request), and a later one succeeds. */
TEST(rng_read_timeout_while_old_request_still_runs) {
  uint8_t buf[4];
  fk.rng_delay = fk_ms(100);
  CHECK_EQ(tick_rng_read_timeout(buf, sizeof buf, 10), TICK_ETIMEOUT);
  CHECK_EQ(tick_rng_read_timeout(buf, sizeof buf, 10), TICK_ETIMEOUT);
  CHECK_EQ(fk_count(TICK_CLASS_COMMAND, TICK_DRIVER_RNG, 1), 1);
  fk.rng_delay = fk_ms(1);
  CHECK_EQ(tick_rng_read_timeout(buf, sizeof buf, 200), 4);
  CHECK_EQ(fk_count(TICK_CLASS_COMMAND, TICK_DRIVER_RNG, 1), 2);
}
