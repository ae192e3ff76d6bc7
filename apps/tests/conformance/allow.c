/* conformance: read-write, read-only and userspace-readable allow (classes 3, 4, 7), 1.8. */
#include <stdio.h>

#include "common.h"

#define U(x) ((uint32_t)(uintptr_t)(x))

static uint8_t buf_a[8], buf_b[16];
static const char flash_text[] = "flash";

/* One failed allow: Failure-2u32 with `err`, echoing the caller's (ptr, len). */
static void expect_fail(const char *name, tick_allow_result_t r, uint32_t err, const void *ptr,
                        uint32_t len) {
  expect(name, 4, r.variant, 2, r.error, err, U(r.ptr), U(ptr), (uint32_t)r.len, len);
}

/* One successful allow returning the previous (ptr, len). */
static void expect_prev(const char *name, tick_allow_result_t r, const void *ptr, uint32_t len) {
  expect(name, 3, r.variant, 130, U(r.ptr), U(ptr), (uint32_t)r.len, len);
}

static void swap_test(const char *cls, unsigned which) {
  char name[48];
  tick_allow_result_t r1, r2, r3;
  if (which == 0) {
    r1 = tick_allow_rw(CONSOLE, 0, buf_a, sizeof buf_a);
    r2 = tick_allow_rw(CONSOLE, 0, buf_b, sizeof buf_b);
    r3 = tick_allow_rw(CONSOLE, 0, NULL, 0);
  } else {
    r1 = tick_allow_ro(CONSOLE, 0, buf_a, sizeof buf_a);
    r2 = tick_allow_ro(CONSOLE, 0, buf_b, sizeof buf_b);
    r3 = tick_allow_ro(CONSOLE, 0, NULL, 0);
  }
  snprintf(name, sizeof name, "allow_%s_first_returns_null", cls);
  expect_prev(name, r1, NULL, 0);
  snprintf(name, sizeof name, "allow_%s_returns_previous", cls);
  expect_prev(name, r2, buf_a, sizeof buf_a);
  snprintf(name, sizeof name, "allow_%s_take_back_returns_buffer", cls);
  expect_prev(name, r3, buf_b, sizeof buf_b);
}

void test_allow(void) {
  swap_test("rw", 0);
  swap_test("ro", 1);

  uint32_t brk = (uint32_t)tick_memop(TICK_MEMOP_SBRK, 0).value;
  void *kernel_flash = (void *)(uintptr_t)KERNEL_FLASH, *kernel_ram = (void *)(uintptr_t)KERNEL_RAM;
  void *other = (void *)(uintptr_t)other_slot_ram(), *past_brk = (void *)(uintptr_t)(brk - 4);
  expect_fail("allow_rw_flash_inval", tick_allow_rw(CONSOLE, 0, (void *)flash_text, 4),
              TICK_ERR_INVAL, flash_text, 4);
  expect_fail("allow_rw_kernel_ram_inval", tick_allow_rw(CONSOLE, 0, kernel_ram, 4),
              TICK_ERR_INVAL, kernel_ram, 4);
  expect_fail("allow_rw_other_app_ram_inval", tick_allow_rw(CONSOLE, 0, other, 4), TICK_ERR_INVAL,
              other, 4);
  expect_fail("allow_rw_past_break_inval", tick_allow_rw(CONSOLE, 0, past_brk, 16),
              TICK_ERR_INVAL, past_brk, 16);
  expect_prev("allow_rw_failures_keep_slot", tick_allow_rw(CONSOLE, 0, NULL, 0), NULL, 0);

  expect_prev("allow_ro_flash_ok", tick_allow_ro(CONSOLE, 0, flash_text, 4), NULL, 0);
  expect_prev("allow_ro_ram_ok", tick_allow_ro(CONSOLE, 0, buf_a, 4), flash_text, 4);
  expect_fail("allow_ro_kernel_flash_inval", tick_allow_ro(CONSOLE, 0, kernel_flash, 4),
              TICK_ERR_INVAL, kernel_flash, 4);
  expect_fail("allow_ro_other_app_ram_inval", tick_allow_ro(CONSOLE, 0, other, 4),
              TICK_ERR_INVAL, other, 4);
  expect_prev("allow_ro_failures_keep_slot", tick_allow_ro(CONSOLE, 0, NULL, 0), buf_a, 4);

  expect_prev("allow_rw_zero_length_any_address", tick_allow_rw(CONSOLE, 0, kernel_flash, 0),
              NULL, 0);
  expect_prev("allow_rw_zero_length_returned", tick_allow_rw(CONSOLE, 0, NULL, 0), kernel_flash,
              0);
  expect_prev("allow_ro_zero_length_any_address", tick_allow_ro(CONSOLE, 0, kernel_ram, 0), NULL,
              0);
  expect_prev("allow_ro_zero_length_returned", tick_allow_ro(CONSOLE, 0, NULL, 0), kernel_ram, 0);

  expect_fail("allow_rw_missing_driver_nodevice", tick_allow_rw(MISSING_DRIVER, 0, buf_a, 4),
              TICK_ERR_NODEVICE, buf_a, 4);
  expect_fail("allow_ro_missing_driver_nodevice", tick_allow_ro(MISSING_DRIVER, 0, buf_a, 4),
              TICK_ERR_NODEVICE, buf_a, 4);
  expect_fail("allow_ur_missing_driver_nodevice",
              tick_allow_userspace_r(MISSING_DRIVER, 0, buf_a, 4), TICK_ERR_NODEVICE, buf_a, 4);
  expect_fail("allow_rw_bad_slot_nosupport", tick_allow_rw(CONSOLE, 7, buf_a, 4),
              TICK_ERR_NOSUPPORT, buf_a, 4);
  expect_fail("allow_ro_bad_slot_nosupport", tick_allow_ro(CONSOLE, 7, buf_a, 4),
              TICK_ERR_NOSUPPORT, buf_a, 4);
  expect_fail("allow_ur_bad_slot_nosupport", tick_allow_userspace_r(CONSOLE, 9, buf_a, 4),
              TICK_ERR_NOSUPPORT, buf_a, 4);

  /* Userspace-readable allow: swap on the first slot that a driver declares, if any. */
  static const uint32_t ur_drivers[] = {0x9, CONSOLE, ALARM, LLDB};
  int found = -1;
  for (unsigned i = 0; i < sizeof ur_drivers / sizeof ur_drivers[0] && found < 0; i++)
    if (tick_allow_userspace_r(ur_drivers[i], 0, NULL, 0).variant == 130) found = (int)i;
  if (found < 0) {
    skip("allow_ur_swap", "no driver on this board declares a userspace-readable slot");
  } else {
    uint32_t d = ur_drivers[found];
    tick_allow_result_t r1 = tick_allow_userspace_r(d, 0, buf_a, sizeof buf_a);
    tick_allow_result_t r2 = tick_allow_userspace_r(d, 0, buf_b, sizeof buf_b);
    tick_allow_result_t r3 = tick_allow_userspace_r(d, 0, NULL, 0);
    expect_prev("allow_ur_first_returns_null", r1, NULL, 0);
    expect_prev("allow_ur_returns_previous", r2, buf_a, sizeof buf_a);
    expect_prev("allow_ur_take_back_returns_buffer", r3, buf_b, sizeof buf_b);
    expect_fail("allow_ur_flash_inval", tick_allow_userspace_r(d, 0, (void *)flash_text, 4),
                TICK_ERR_INVAL, flash_text, 4);
    expect_prev("allow_ur_zero_length_any_address", tick_allow_userspace_r(d, 0, kernel_flash, 0),
                NULL, 0);
    expect_prev("allow_ur_zero_length_returned", tick_allow_userspace_r(d, 0, NULL, 0),
                kernel_flash, 0);
  }

  /* The break may not move below the end of an allowed buffer. */
  uint8_t *top = tick_sbrk(64);
  tick_allow_rw(CONSOLE, 0, top + 48, 16);
  expect("brk_below_allowed_buffer_nomem", 2, tick_memop(TICK_MEMOP_BRK, U(top + 32)).variant, 0,
         tick_memop(TICK_MEMOP_BRK, U(top + 32)).error, TICK_ERR_NOMEM);
  tick_allow_rw(CONSOLE, 0, NULL, 0);
}
