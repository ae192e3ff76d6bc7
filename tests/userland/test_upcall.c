/* Host tests: the trampoline's depth tracking, refusal of blocking calls inside upcalls. */
#include <tick.h>

#include "harness.h"

static int results[8];
static int calls;

static void blocking_inside(uint32_t a0, uint32_t a1, uint32_t a2, void *data) {
  (void)a0, (void)a1, (void)a2, (void)data;
  char c;
  calls++;
  results[0] = tick_in_upcall();
  results[1] = tick_console_write("x", 1);
  results[2] = tick_console_write_timeout("x", 1, 5);
  results[3] = tick_console_read(&c, 1);
  results[4] = tick_console_read_timeout(&c, 1, 5);
  results[5] = tick_sleep_ms(1);
  results[6] = tick_yield();
  results[7] = tick_poll();
}

TEST(upcall_blocking_calls_are_refused_inside) {
  static struct tick_upcall u = {blocking_inside, NULL};
  CHECK_EQ(tick_subscribe_upcall(1, 0, &u), TICK_OK);
  fk_event_at(fk.now + 10, 1, 0, 0, 0, 0);
  int syscalls_before;
  CHECK_EQ(tick_in_upcall(), 0);
  CHECK_EQ(tick_yield(), TICK_OK);
  CHECK_EQ(calls, 1);
  CHECK_EQ(results[0], 1);
  for (int i = 1; i < 8; i++) CHECK_EQ(results[i], TICK_EINUPCALL);
  CHECK_EQ(fk.out_len, 0);
  CHECK_EQ(tick_in_upcall(), 0); /* depth back to zero */
  syscalls_before = fk.nlog;
  CHECK_EQ(tick_console_write("ok", 2), 2);
  CHECK(fk.nlog > syscalls_before);
}

static void record(uint32_t a0, uint32_t a1, uint32_t a2, void *data) {
  int *seen = data;
  seen[0] = (int)a0;
  seen[1] = (int)a1;
  seen[2] = (int)a2;
  seen[3]++;
}

TEST(upcall_trampoline_passes_arguments_and_data) {
  static int seen[4];
  static struct tick_upcall u = {record, seen};
  CHECK_EQ(tick_subscribe_upcall(1, 2, &u), TICK_OK);
  fk_event_at(fk.now + 1, 1, 2, 11, 22, 33);
  CHECK_EQ(tick_yield(), TICK_OK);
  CHECK_EQ(seen[0], 11);
  CHECK_EQ(seen[1], 22);
  CHECK_EQ(seen[2], 33);
  CHECK_EQ(seen[3], 1);
}

TEST(upcall_poll_runs_at_most_one) {
  static int seen[4];
  static struct tick_upcall u = {record, seen};
  CHECK_EQ(tick_subscribe_upcall(1, 2, &u), TICK_OK);
  CHECK_EQ(tick_poll(), 0);
  fk_event_at(fk.now, 1, 2, 1, 0, 0);
  fk_event_at(fk.now, 1, 2, 2, 0, 0);
  CHECK_EQ(tick_poll(), 1);
  CHECK_EQ(seen[3], 1);
  CHECK_EQ(tick_poll(), 1);
  CHECK_EQ(tick_poll(), 0);
  CHECK_EQ(seen[3], 2);
}

TEST(upcall_unsubscribe_and_errors) {
  static struct tick_upcall u = {record, NULL};
  CHECK_EQ(tick_subscribe_upcall(0xDEAD, 0, &u), TICK_ENODEVICE);
  CHECK_EQ(tick_subscribe_upcall(1, 9, &u), TICK_ENOSUPPORT);
  CHECK_EQ(tick_subscribe_upcall(1, 2, &u), TICK_OK);
  CHECK_EQ(tick_subscribe_upcall(1, 2, NULL), TICK_OK);
  fk_event_at(fk.now, 1, 2, 1, 0, 0);
  CHECK_EQ(tick_poll(), 0); /* a null-upcall record is not a callable upcall */
  CHECK_EQ(fk_queued(1, 2), 1);
}

TEST(debug_commands_reach_driver_8) {
  CHECK_EQ(tick_debug_alert(TICK_DEBUG_ALERT_PANIC), TICK_OK);
  CHECK_EQ(fk.lldb_last[0], 1);
  CHECK_EQ(tick_debug_print1(0x1234), TICK_OK);
  CHECK_EQ(fk.lldb_last[1], 0x1234);
  CHECK_EQ(tick_debug_print2(5, 6), TICK_OK);
  CHECK_EQ(fk.lldb_last[0], 3);
  CHECK_EQ(fk.lldb_last[2], 6);
}
