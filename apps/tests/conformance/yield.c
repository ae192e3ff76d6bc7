/* conformance: Yield no-wait / wait / wait-for (class 0), TRD104 and docs/abi.md. */
#include "common.h"

#define U(x) ((uint32_t)(uintptr_t)(x))

static const uint8_t flash_byte = 0x5A;

void test_yield(void) {
  volatile uint8_t flag = 0xAA;
  quiet_alarm();
  tick_subscribe(ALARM, 0, on_upcall, &tag_a);

  uint32_t before = upcalls;
  tick_yield_no_wait_flag(&flag);
  expect("yield_nowait_nothing_pending_flag0", 2, flag, 0, upcalls - before, 0);

  uint32_t exp = arm_ms(1);
  sleep_ms(3);
  expect("wait_any_sleep_runs_no_upcall", 1, upcalls - before, 0);
  flag = 0xAA;
  tick_yield_no_wait_flag(&flag);
  expect("yield_nowait_pending_runs_one_flag1", 5, flag, 1, upcalls - before, 1, up_a1, exp,
         U(up_data), U(&tag_a), up_a2, 0);
  expect_that("alarm_upcall_now_after_expiration", up_a0 - exp < 0x80000000u, up_a0 - exp,
              "now >= expiration");

  before = upcalls;
  arm_ms(1);
  sleep_ms(3);
  tick_yield_no_wait_flag(NULL);
  expect("yield_nowait_null_flag_runs_upcall", 1, upcalls - before, 1);

  before = upcalls;
  arm_ms(1);
  sleep_ms(3);
  tick_yield_no_wait_flag((volatile uint8_t *)&flash_byte);
  expect("yield_nowait_flag_in_flash_skipped", 2, upcalls - before, 1, flash_byte, 0x5A);

  before = upcalls;
  arm_ms(2);
  tick_yield_wait();
  expect("yield_wait_runs_one_upcall", 1, upcalls - before, 1);

  before = upcalls;
  exp = arm_ms(2);
  tick_upcall_args_t a = tick_yield_wait_for(ALARM, 0);
  expect("yield_wait_for_returns_args_no_upcall", 3, upcalls - before, 0, a.arg1, exp, a.arg2, 0);

  /* Null upcall: the event is latched and Yield-WaitFor still gets it, even if it came first. */
  tick_subscribe(ALARM, 0, NULL, NULL);
  exp = arm_ms(1);
  sleep_ms(3);
  flag = 0xAA;
  tick_yield_no_wait_flag(&flag);
  expect("yield_nowait_ignores_null_upcall_record", 1, flag, 0);
  a = tick_yield_wait_for(ALARM, 0);
  expect("yield_wait_for_gets_latched_event", 1, a.arg1, exp);

  /* Subscribe drops invocations already queued for the id. */
  tick_subscribe(ALARM, 0, on_upcall, &tag_a);
  before = upcalls;
  arm_ms(1);
  sleep_ms(3);
  tick_subscribe(ALARM, 0, on_upcall_b, &tag_b);
  uint32_t before_b = upcalls_b;
  flag = 0xAA;
  tick_yield_no_wait_flag(&flag);
  expect("subscribe_drops_queued_invocations", 3, flag, 0, upcalls - before, 0,
         upcalls_b - before_b, 0);
  tick_subscribe(ALARM, 0, on_upcall, &tag_a);
  quiet_alarm();
}
