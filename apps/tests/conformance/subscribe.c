/* conformance: Subscribe (class 1) and Command (class 2), as TRD104 and Tock's alarm driver define them. */
#include "common.h"

#define U(x) ((uint32_t)(uintptr_t)(x))

static volatile uint32_t ram_word;

void test_subscribe(void) {
  tick_subscribe_result_t r;
  r = tick_subscribe(ALARM, 0, on_upcall, &tag_a);
  expect("subscribe_first_returns_null_pair", 3, r.variant, 130, U(r.fn), 0, U(r.data), 0);
  r = tick_subscribe(ALARM, 0, on_upcall_b, &tag_b);
  expect("subscribe_returns_previous_pair", 3, r.variant, 130, U(r.fn), U(on_upcall), U(r.data),
         U(&tag_a));

  tick_upcall_fn *bad = (tick_upcall_fn *)(uintptr_t)(KERNEL_FLASH + 4);
  r = tick_subscribe(ALARM, 0, bad, &tag_c);
  expect("subscribe_bad_fn_inval", 4, r.variant, 2, r.error, TICK_ERR_INVAL, U(r.fn), U(bad),
         U(r.data), U(&tag_c));
  uint32_t flash_end = (uint32_t)tick_memop(TICK_MEMOP_FLASH_END, 0).value;
  bad = (tick_upcall_fn *)(uintptr_t)(flash_end + 0x100);
  r = tick_subscribe(ALARM, 0, bad, &tag_c);
  expect("subscribe_fn_past_flash_end_inval", 2, r.variant, 2, r.error, TICK_ERR_INVAL);
  r = tick_subscribe(ALARM, 0, NULL, NULL);
  expect("subscribe_failure_keeps_registration", 3, r.variant, 130, U(r.fn), U(on_upcall_b),
         U(r.data), U(&tag_b));
  r = tick_subscribe(ALARM, 0, NULL, NULL);
  expect("subscribe_null_upcall_returned", 3, r.variant, 130, U(r.fn), 0, U(r.data), 0);

  tick_upcall_fn *in_ram = (tick_upcall_fn *)(uintptr_t)&ram_word;
  r = tick_subscribe(ALARM, 0, in_ram, NULL);
  expect("subscribe_fn_in_app_ram_ok", 1, r.variant, 130);
  r = tick_subscribe(ALARM, 0, NULL, NULL);
  expect("subscribe_fn_in_app_ram_returned", 2, r.variant, 130, U(r.fn), U(in_ram));

  r = tick_subscribe(MISSING_DRIVER, 0, on_upcall, &tag_a);
  expect("subscribe_missing_driver_nodevice", 4, r.variant, 2, r.error, TICK_ERR_NODEVICE,
         U(r.fn), U(on_upcall), U(r.data), U(&tag_a));
  r = tick_subscribe(ALARM, 100, on_upcall, &tag_a);
  expect("subscribe_bad_number_nosupport", 4, r.variant, 2, r.error, TICK_ERR_NOSUPPORT,
         U(r.fn), U(on_upcall), U(r.data), U(&tag_a));
}

void test_command(void) {
  tick_result_t c;
  c = tick_command(CONSOLE, 0, 0, 0);
  expect("command0_console_exists", 1, c.variant, 128);
  c = tick_command(ALARM, 0, 0, 0);
  expect("command0_alarm_exists", 1, c.variant, 128);
  c = tick_command(LLDB, 0, 0, 0);
  expect("command0_lldb_exists", 1, c.variant, 128);
  c = tick_command(MISSING_DRIVER, 0, 0, 0);
  expect("command0_missing_driver_nodevice", 2, c.variant, 0, c.r1, TICK_ERR_NODEVICE);
  c = tick_command(MISSING_DRIVER, 1, 2, 3);
  expect("command_missing_driver_nodevice", 2, c.variant, 0, c.r1, TICK_ERR_NODEVICE);
  c = tick_command(CONSOLE, 99, 0, 0);
  expect("command_unknown_nosupport", 2, c.variant, 0, c.r1, TICK_ERR_NOSUPPORT);
  c = tick_command(ALARM, 4, 0, 0);
  expect("command_alarm_legacy_4_nosupport", 2, c.variant, 0, c.r1, TICK_ERR_NOSUPPORT);

  c = tick_command(ALARM, 1, 0, 0);
  expect_that("alarm_frequency_u32", c.variant == 129 && c.r1 >= 1000, c.r1,
              "variant 129 and >= 1000 Hz");
  uint32_t t1 = tick_command(ALARM, 2, 0, 0).r1;
  c = tick_command(ALARM, 2, 0, 0);
  expect_that("alarm_now_u32_monotonic", c.variant == 129 && c.r1 - t1 < 0x80000000u, c.r1 - t1,
              "variant 129, not going back");
  quiet_alarm();
  c = tick_command(ALARM, 3, 0, 0);
  expect("alarm_stop_unarmed_already", 2, c.variant, 0, c.r1, TICK_ERR_ALREADY);
  uint32_t ref = now();
  c = tick_command(ALARM, 6, ref, 1000 * ticks_per_ms);
  expect("alarm_absolute_returns_expiration", 2, c.variant, 129, c.r1, ref + 1000 * ticks_per_ms);
  c = tick_command(ALARM, 3, 0, 0);
  expect("alarm_stop_armed_success", 1, c.variant, 128);
  uint32_t before = now();
  c = tick_command(ALARM, 5, 1000 * ticks_per_ms, 0);
  uint32_t after = now();
  expect_that("alarm_relative_returns_expiration",
              c.variant == 129 && c.r1 - before >= 1000 * ticks_per_ms &&
                  c.r1 - after <= 1000 * ticks_per_ms,
              c.r1 - before, "now + dt");
  quiet_alarm();
}
