/* Host tests: blocking console write/read, timeouts, cancellation and drain of late events. */
#include <string.h>
#include <tick.h>

#include "harness.h"

#define RO TICK_CLASS_ALLOW_RO
#define RW TICK_CLASS_ALLOW_RW
#define ANY ((uintptr_t)~0)

TEST(console_write_returns_bytes_and_takes_buffer_back) {
  CHECK_EQ(tick_console_write("hello", 5), 5);
  CHECK_EQ(fk.out_len, 5);
  CHECK(memcmp(fk.out, "hello", 5) == 0);
  CHECK_EQ(fk_allowed_ptr(RO, 1, 1), 0);
  CHECK_EQ(fk.now, 1000 + fk_ms(1));
}

TEST(console_write_reports_kernel_error) {
  fk.write_pending = true; /* someone else's write in flight: BUSY */
  CHECK_EQ(tick_console_write("x", 1), TICK_EBUSY);
  CHECK_EQ(fk_allowed_ptr(RO, 1, 1), 0);
}

TEST(console_write_timeout_cancels_and_returns_timeout) {
  fk.write_delay = FK_NEVER;
  uint64_t t0 = fk.now;
  CHECK_EQ(tick_console_write_timeout("slow", 4, 10), TICK_ETIMEOUT);
  CHECK_EQ(fk.now - t0, fk_ms(10));
  CHECK_EQ(fk_count(TICK_CLASS_COMMAND, 1, 1), 2); /* the write, then the zero-length cancel */
  CHECK_EQ(fk.log[fk.nlog - 2].a[2], 0);
  CHECK_EQ(fk_allowed_ptr(RO, 1, 1), 0);
  CHECK_EQ(fk_queued(1, 1), 0); /* the cancel's completion was consumed */
  fk.write_delay = fk_ms(1);
  CHECK_EQ(tick_console_write("next", 4), 4);
}

TEST(console_write_timeout_completes_in_time) {
  CHECK_EQ(tick_console_write_timeout("quick", 5, 10), 5);
  CHECK_EQ(fk_allowed_ptr(RO, 1, 1), 0);
}

TEST(console_late_write_completion_is_drained_before_next_write) {
  fk.write_delay = FK_NEVER;
  fk.ignore_write_cancel = true;
  CHECK_EQ(tick_console_write_timeout("slow", 4, 10), TICK_ETIMEOUT);
  /* The old write finishes 30 ms later, reporting 4 bytes. */
  fk_event_at(fk.now + fk_ms(30), 1, 1, 4, 0, 0);
  fk.write_pending = false;
  fk.write_delay = fk_ms(1);
  CHECK_EQ(tick_console_write("abcdefg", 7), 7); /* not the stale 4 */
  CHECK_EQ(fk_queued(1, 1), 0);
}

TEST(console_write_timeout_waits_out_busy_stale_write) {
  fk.write_delay = FK_NEVER;
  fk.ignore_write_cancel = true;
  CHECK_EQ(tick_console_write_timeout("slow", 4, 10), TICK_ETIMEOUT);
  /* The kernel stays busy with the old write for 200 ms (beyond the cleanup's grace). */
  fk.write_pending = true;
  fk_event_at(fk.now + fk_ms(200), 1, 1, 4, 0, 0);
  fk.write_delay = fk_ms(1);
  /* BUSY: waits for the old completion inside its own deadline, then retries. */
  int rc = tick_console_write_timeout("again", 5, 500);
  CHECK(rc == 5 || rc == TICK_EBUSY);
}

TEST(console_read_returns_input) {
  fk_input_at(fk.now + fk_ms(5), "abc");
  char buf[8] = {0};
  CHECK_EQ(tick_console_read(buf, 3), 3);
  CHECK(strcmp(buf, "abc") == 0);
  CHECK_EQ(fk_allowed_ptr(RW, 1, 1), 0);
}

TEST(console_read_timeout_aborts_without_input) {
  char c = 0;
  uint64_t t0 = fk.now;
  CHECK_EQ(tick_console_read_timeout(&c, 1, 20), TICK_ETIMEOUT);
  CHECK(fk.now - t0 >= fk_ms(20));
  CHECK_EQ(fk_count(TICK_CLASS_COMMAND, 1, 3), 1); /* abort */
  CHECK_EQ(fk_allowed_ptr(RW, 1, 1), 0);
  CHECK_EQ(fk_queued(1, 2), 0);
  CHECK(!fk.read_pending);
  fk_input_at(fk.now + fk_ms(1), "z");
  CHECK_EQ(tick_console_read_timeout(&c, 1, 20), 1);
  CHECK_EQ(c, 'z');
}

TEST(console_read_timeout_returns_partial_input) {
  char buf[4] = {0};
  fk_input_at(fk.now + fk_ms(2), "ab");
  CHECK_EQ(tick_console_read_timeout(buf, 4, 10), 2);
  CHECK(memcmp(buf, "ab", 2) == 0);
}

TEST(console_late_read_cancel_is_drained_before_next_read) {
  fk.cancel_delay = fk_ms(50); /* the abort reports long after the library's grace */
  char c = 0;
  CHECK_EQ(tick_console_read_timeout(&c, 1, 10), TICK_ETIMEOUT);
  fk_advance(fk.now + fk_ms(100)); /* the stale CANCEL completion is queued by now */
  CHECK_EQ(fk_queued(1, 2), 1);
  fk.cancel_delay = 0;
  fk_input_at(fk.now + fk_ms(1), "q");
  CHECK_EQ(tick_console_read(&c, 1), 1);
  CHECK_EQ(c, 'q');
  CHECK_EQ(fk_queued(1, 2), 0);
}

TEST(console_zero_length_calls) {
  char c;
  CHECK_EQ(tick_console_write("", 0), 0);
  CHECK_EQ(tick_console_read(&c, 0), 0);
  CHECK_EQ(tick_console_read_timeout(&c, 0, 5), 0);
  CHECK_EQ(fk_allowed_ptr(RW, 1, 1), 0);
}
