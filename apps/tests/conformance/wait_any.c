/* conformance: Yield-WaitAny (yield 0x100), the Tick extension specified in docs/abi.md. */
#include "common.h"

#define TIMEOUT TICK_WAITANY_DEADLINE
#define BADARGS TICK_WAITANY_BADARGS

static const tick_upcall_id_t alarm_in_flash[1] = {{ALARM, 0}};

void test_wait_any(void) {
  tick_waitany_result_t r;
  quiet_alarm();
  tick_subscribe(ALARM, 0, on_upcall, &tag_a);

  uint32_t deadline = now() + 2 * ticks_per_ms;
  r = tick_yield_wait_any(NULL, 0, true, deadline);
  uint32_t after = now();
  expect_that("wait_any_sleep_until_deadline", r.index == TIMEOUT && after - deadline < 0x80000000u,
              r.index, "0xffffffff, returning at or after the deadline");
  r = tick_yield_wait_any(NULL, 0, true, now() - 10);
  expect("wait_any_past_deadline_returns_at_once", 1, r.index, TIMEOUT);

  tick_upcall_id_t two[2] = {{CONSOLE, 1}, {ALARM, 0}};
  uint32_t before = upcalls;
  uint32_t exp = arm_ms(2);
  r = tick_yield_wait_any(two, 2, true, now() + 500 * ticks_per_ms);
  expect("wait_any_event_index_and_args", 4, r.index, 1, r.arg1, exp, r.arg2, 0,
         upcalls - before, 0);

  r = tick_yield_wait_any(&two[1], 1, true, now() + 2 * ticks_per_ms);
  expect("wait_any_times_out_without_event", 1, r.index, TIMEOUT);

  exp = arm_ms(1);
  sleep_ms(3);
  r = tick_yield_wait_any(&two[1], 1, true, now() - 1);
  expect("wait_any_queued_event_beats_passed_deadline", 2, r.index, 0, r.arg1, exp);

  tick_subscribe(ALARM, 0, NULL, NULL);
  exp = arm_ms(1);
  sleep_ms(3);
  r = tick_yield_wait_any(&two[1], 1, false, 0);
  expect("wait_any_gets_null_upcall_record", 2, r.index, 0, r.arg1, exp);
  tick_subscribe(ALARM, 0, on_upcall, &tag_a);

  /* Queue order: the alarm fires first, then a zero-length console write completes. */
  exp = arm_ms(1);
  sleep_ms(3);
  tick_allow_ro(CONSOLE, 1, NULL, 0);
  tick_result_t w = tick_command(CONSOLE, 1, 0, 0);
  sleep_ms(20);
  r = tick_yield_wait_any(two, 2, true, now() + 100 * ticks_per_ms);
  tick_waitany_result_t r2 = tick_yield_wait_any(two, 2, true, now() + 100 * ticks_per_ms);
  expect("wait_any_takes_events_in_queue_order", 5, w.variant, 128, r.index, 1, r.arg1, exp,
         r2.index, 0, r2.arg0, 0);

  r = tick_yield_wait_any(alarm_in_flash, 1, true, now() + ticks_per_ms);
  expect("wait_any_list_in_flash_ok", 1, r.index, TIMEOUT);
  tick_upcall_id_t eight[8] = {{CONSOLE, 1}, {CONSOLE, 2}, {ALARM, 0}, {LLDB, 0},
                               {CONSOLE, 0}, {MISSING_DRIVER, 0}, {CONSOLE, 1}, {ALARM, 0}};
  r = tick_yield_wait_any(eight, 8, true, now() + ticks_per_ms);
  expect("wait_any_eight_ids_ok", 1, r.index, TIMEOUT);

  r = tick_yield_wait_any_raw(eight, 9 | TICK_WAITANY_HAS_DEADLINE, now());
  expect("wait_any_nine_ids_inval", 2, r.index, BADARGS, r.arg0, TICK_ERR_INVAL);
  r = tick_yield_wait_any_raw(NULL, 0, 0);
  expect("wait_any_nothing_to_wait_for_inval", 2, r.index, BADARGS, r.arg0, TICK_ERR_INVAL);
  r = tick_yield_wait_any_raw(two, 1 | TICK_WAITANY_HAS_DEADLINE | 0x200, now());
  expect("wait_any_unknown_flag_inval", 2, r.index, BADARGS, r.arg0, TICK_ERR_INVAL);
  r = tick_yield_wait_any_raw((const void *)(uintptr_t)KERNEL_RAM, 1 | TICK_WAITANY_HAS_DEADLINE,
                              now());
  expect("wait_any_list_in_kernel_ram_inval", 2, r.index, BADARGS, r.arg0, TICK_ERR_INVAL);
  r = tick_yield_wait_any_raw((const void *)(uintptr_t)other_slot_ram(),
                              1 | TICK_WAITANY_HAS_DEADLINE, now());
  expect("wait_any_list_in_other_app_inval", 2, r.index, BADARGS, r.arg0, TICK_ERR_INVAL);
  quiet_alarm();
}
