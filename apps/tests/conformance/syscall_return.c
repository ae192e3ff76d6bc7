/* conformance: Tock's system call return test driver (0xA0000, test kernels only): every return
 * variant of Command, and allow and subscribe success and failure, as docs/capsules.md lists. */
#include <stdio.h>

#include "common.h"

#define U(x) ((uint32_t)(uintptr_t)(x))
#define DRV TICK_DRIVER_SYSCALL_TEST

/* What command i answers: variant and raw a1..a3 (a u64 is low word, then high word). */
static const struct {
  const char *name;
  uint32_t variant, r1, r2, r3;
} answers[] = {
    {"success", TICK_SUCCESS, 0, 0, 0},
    {"failure_fail", TICK_FAILURE, TICK_ERR_FAIL, 0, 0},
    {"failure_u32", TICK_FAILURE_U32, TICK_ERR_BUSY, 0x10000001u, 0},
    {"failure_2u32", TICK_FAILURE_2U32, TICK_ERR_NOMEM, 0x20000001u, 0x20000002u},
    {"failure_u64", TICK_FAILURE_U64, TICK_ERR_INVAL, 0x00000001u, 0x40000000u},
    {"success_again", TICK_SUCCESS, 0, 0, 0},
    {"success_u32", TICK_SUCCESS_U32, 0x60000001u, 0, 0},
    {"success_2u32", TICK_SUCCESS_2U32, 0x70000001u, 0x70000002u, 0},
    {"success_3u32", TICK_SUCCESS_3U32, 0x80000001u, 0x80000002u, 0x80000003u},
    {"success_u64", TICK_SUCCESS_U64, 0x00000001u, 0x90000000u, 0},
    {"success_u32_u64", TICK_SUCCESS_U32_U64, 0xA0000001u, 0x00000002u, 0xA0000000u},
};

static uint8_t bufs[3][16];

enum { RO, RW, UR };

static tick_allow_result_t allow(int cls, uint32_t slot, void *ptr, size_t len) {
  if (cls == RO) return tick_allow_ro(DRV, slot, ptr, len);
  if (cls == RW) return tick_allow_rw(DRV, slot, ptr, len);
  return tick_allow_userspace_r(DRV, slot, ptr, len);
}

/* One allow class on slot 0 (and 1): swap, echo of a refused buffer, NOSUPPORT elsewhere. */
static void allow_class(const char *name_of_class, int cls, uint8_t *buf) {
  char name[64];
  void *bad = (void *)(uintptr_t)0x90;
  tick_allow_result_t r;
  r = allow(cls, 0, buf, 16);
  snprintf(name, sizeof name, "syscall_return_allow_%s_first_returns_null", name_of_class);
  expect(name, 3, r.variant, TICK_SUCCESS_2U32, U(r.ptr), 0, (uint32_t)r.len, 0);
  r = allow(cls, 0, buf, 16);
  snprintf(name, sizeof name, "syscall_return_allow_%s_returns_previous", name_of_class);
  expect(name, 3, r.variant, TICK_SUCCESS_2U32, U(r.ptr), U(buf), (uint32_t)r.len, 16);
  r = allow(cls, 0, bad, 4);
  snprintf(name, sizeof name, "syscall_return_allow_%s_bad_pointer_inval", name_of_class);
  expect(name, 4, r.variant, TICK_FAILURE_2U32, r.error, TICK_ERR_INVAL, U(r.ptr), 0x90,
         (uint32_t)r.len, 4);
  r = allow(cls, 1, buf, 16);
  snprintf(name, sizeof name, "syscall_return_allow_%s_slot_1_nosupport", name_of_class);
  expect(name, 4, r.variant, TICK_FAILURE_2U32, r.error, TICK_ERR_NOSUPPORT, U(r.ptr), U(buf),
         (uint32_t)r.len, 16);
  r = allow(cls, 0, NULL, 0);
  snprintf(name, sizeof name, "syscall_return_allow_%s_take_back", name_of_class);
  expect(name, 3, r.variant, TICK_SUCCESS_2U32, U(r.ptr), U(buf), (uint32_t)r.len, 16);
}

void test_syscall_return(void) {
  if (!tick_driver_exists(DRV)) {
    skip("syscall_return", "driver 0xA0000 is in test kernels only (make TEST_DRIVERS=1)");
    return;
  }
  char name[64];
  for (uint32_t i = 0; i < sizeof answers / sizeof answers[0]; i++) {
    tick_result_t c = tick_command(DRV, i, 0, 0);
    snprintf(name, sizeof name, "syscall_return_cmd%lu_%s", (unsigned long)i, answers[i].name);
    expect(name, 4, c.variant, answers[i].variant, c.r1, answers[i].r1, c.r2, answers[i].r2, c.r3,
           answers[i].r3);
  }
  tick_result_t c = tick_command(DRV, 11, 0, 0);
  expect("syscall_return_cmd11_nosupport", 2, c.variant, TICK_FAILURE, c.r1, TICK_ERR_NOSUPPORT);

  allow_class("ro", RO, bufs[0]);
  allow_class("rw", RW, bufs[1]);
  allow_class("ur", UR, bufs[2]);

  void *data = (void *)(uintptr_t)(UINTPTR_MAX - 1);
  tick_upcall_fn *bad = (tick_upcall_fn *)(uintptr_t)0x90;
  tick_subscribe_result_t s = tick_subscribe(DRV, 0, on_upcall, NULL);
  expect("syscall_return_subscribe_first_returns_null", 3, s.variant, TICK_SUCCESS_2U32, U(s.fn),
         0, U(s.data), 0);
  s = tick_subscribe(DRV, 0, on_upcall, NULL);
  expect("syscall_return_subscribe_returns_previous", 3, s.variant, TICK_SUCCESS_2U32, U(s.fn),
         U(on_upcall), U(s.data), 0);
  s = tick_subscribe(DRV, 0, bad, data);
  expect("syscall_return_subscribe_bad_fn_inval", 4, s.variant, TICK_FAILURE_2U32, s.error,
         TICK_ERR_INVAL, U(s.fn), 0x90, U(s.data), U(data));
  s = tick_subscribe(DRV, 1, on_upcall, &tag_a);
  expect("syscall_return_subscribe_1_nosupport", 4, s.variant, TICK_FAILURE_2U32, s.error,
         TICK_ERR_NOSUPPORT, U(s.fn), U(on_upcall), U(s.data), U(&tag_a));
  s = tick_subscribe(DRV, 0, NULL, NULL);
  expect("syscall_return_unsubscribe_returns_previous", 3, s.variant, TICK_SUCCESS_2U32, U(s.fn),
         U(on_upcall), U(s.data), 0);
}
