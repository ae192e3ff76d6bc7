/* conformance: Memop (class 5) operations 0-11 and unknown ones, as Tock defines them. */
#include "common.h"

#define U(x) ((uint32_t)(uintptr_t)(x))

extern char _sram_origin[], _endflash[], _start[];

void test_memop(void) {
  tick_memop_result_t m;
  m = tick_memop(TICK_MEMOP_RAM_START, 0);
  uint32_t ram_start = (uint32_t)m.value;
  expect("memop2_ram_start", 2, m.variant, 129, ram_start, U(_sram_origin));
  m = tick_memop(TICK_MEMOP_RAM_END, 0);
  uint32_t ram_end = (uint32_t)m.value;
  expect_that("memop3_ram_end", m.variant == 129 && ram_end > ram_start, ram_end,
              "variant 129, above RAM start");
  m = tick_memop(TICK_MEMOP_FLASH_START, 0);
  uint32_t flash_start = (uint32_t)m.value;
  expect_that("memop4_flash_start_is_tbf_header",
              m.variant == 129 && flash_start + 16 <= U(_start) - 40 &&
                  U(_start) - 40 - flash_start <= 256,
              flash_start, "variant 129, the TBF header just before the app binary");
  m = tick_memop(TICK_MEMOP_FLASH_END, 0);
  expect_that("memop5_flash_end", m.variant == 129 && m.value >= U(_endflash), (uint32_t)m.value,
              "variant 129, past the end of the binary");
  uint32_t brk = (uint32_t)tick_memop(TICK_MEMOP_SBRK, 0).value;
  m = tick_memop(TICK_MEMOP_GRANT_START, 0);
  uint32_t grant = (uint32_t)m.value;
  expect_that("memop6_grant_start", m.variant == 129 && grant >= brk && grant <= ram_end, grant,
              "variant 129, between the break and RAM end");
  m = tick_memop(TICK_MEMOP_WFR_COUNT, 0);
  expect("memop7_wfr_count_zero", 2, m.variant, 129, (uint32_t)m.value, 0);
  m = tick_memop(TICK_MEMOP_WFR_START, 0);
  expect("memop8_bad_region_fail", 2, m.variant, 0, m.error, TICK_ERR_FAIL);
  m = tick_memop(TICK_MEMOP_WFR_END, 0);
  expect("memop9_bad_region_fail", 2, m.variant, 0, m.error, TICK_ERR_FAIL);
  m = tick_memop(TICK_MEMOP_STACK_TOP, U(_sram_origin) + 1024);
  expect("memop10_stack_hint_success", 1, m.variant, 128);
  m = tick_memop(TICK_MEMOP_HEAP_START, brk);
  expect("memop11_heap_hint_success", 1, m.variant, 128);
  m = tick_memop(12, 0);
  expect("memop12_unknown_nosupport", 2, m.variant, 0, m.error, TICK_ERR_NOSUPPORT);
  m = tick_memop(0xFFFF, 0);
  expect("memop_large_unknown_nosupport", 2, m.variant, 0, m.error, TICK_ERR_NOSUPPORT);

  /* The break moves in the protection unit's steps: 4 bytes with the PMP, 1/64 of the RAM
   * block with the ARMv7-M MPU (a break in between is rounded up). */
#if defined(__arm__)
  const uint32_t inc = (ram_end - ram_start) / 64, up = inc;
#else
  const uint32_t inc = 16, up = 64;
#endif
  /* sbrk: returns the previous break. */
  m = tick_memop(TICK_MEMOP_SBRK, inc);
  uint32_t after = (uint32_t)tick_memop(TICK_MEMOP_SBRK, 0).value;
  expect("memop1_sbrk_returns_previous_break", 3, m.variant, 129, (uint32_t)m.value, brk, after,
         brk + inc);
  m = tick_memop(TICK_MEMOP_SBRK, (uintptr_t)-(intptr_t)inc);
  expect("memop1_sbrk_negative", 2, m.variant, 129, (uint32_t)tick_memop(1, 0).value, brk);
  m = tick_memop(TICK_MEMOP_SBRK, 0x7FFFFFF0u);
  expect("memop1_sbrk_too_far_nomem", 2, m.variant, 0, m.error, TICK_ERR_NOMEM);
  m = tick_memop(TICK_MEMOP_SBRK, (uintptr_t)-0x7FFFFFF0);
  expect("memop1_sbrk_below_start_nomem", 2, m.variant, 0, m.error, TICK_ERR_NOMEM);

  /* brk: moves within [RAM start, grant start]; newly exposed bytes read as zero. */
  m = tick_memop(TICK_MEMOP_BRK, brk + up);
  expect("memop0_brk_up", 2, m.variant, 128, (uint32_t)tick_memop(1, 0).value, brk + up);
  volatile uint8_t *p = (volatile uint8_t *)(uintptr_t)brk;
  for (uint32_t i = 0; i < up; i++) p[i] = 0xA5;
  tick_memop(TICK_MEMOP_BRK, brk);
  tick_memop(TICK_MEMOP_BRK, brk + up);
  uint32_t nonzero = 0;
  for (uint32_t i = 0; i < up; i++) nonzero += p[i] != 0;
  expect("memop0_brk_exposes_zeroed_memory", 1, nonzero, 0);
  m = tick_memop(TICK_MEMOP_BRK, brk);
  expect("memop0_brk_down", 1, m.variant, 128);
  m = tick_memop(TICK_MEMOP_BRK, ram_end + 16);
  expect("memop0_brk_past_ram_end_nomem", 2, m.variant, 0, m.error, TICK_ERR_NOMEM);
  m = tick_memop(TICK_MEMOP_BRK, grant + 4);
  expect("memop0_brk_into_grant_nomem", 2, m.variant, 0, m.error, TICK_ERR_NOMEM);
  m = tick_memop(TICK_MEMOP_BRK, ram_start - 4);
  expect("memop0_brk_below_ram_start_nomem", 2, m.variant, 0, m.error, TICK_ERR_NOMEM);
  expect("memop0_failures_keep_break", 1, (uint32_t)tick_memop(1, 0).value, brk);

  /* Memop answers in r0-r1 (a0-a1) only: libtock-c's and libtock-rs's memop wrappers declare
   * just those two as outputs, so the compiler keeps values live in r2-r3 across the call (on
   * Arm libtock-c's struct-return pointer sits in r3 there). Both the success and the failure
   * answer must leave r2-r3 as they were. */
  tick_regs_t k = tick_syscall4(TICK_CLASS_MEMOP, TICK_MEMOP_RAM_START, 0, 0x2222A5A5u, 0x3333A5A5u);
  expect("memop_success_keeps_r2_r3", 3, (uint32_t)k.r0, 129, (uint32_t)k.r2, 0x2222A5A5u,
         (uint32_t)k.r3, 0x3333A5A5u);
  k = tick_syscall4(TICK_CLASS_MEMOP, 12, 0, 0x2222A5A5u, 0x3333A5A5u);
  expect("memop_failure_keeps_r2_r3", 3, (uint32_t)k.r0, 0, (uint32_t)k.r2, 0x2222A5A5u,
         (uint32_t)k.r3, 0x3333A5A5u);
}
