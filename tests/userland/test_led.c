/* Host tests: layer 1 LED calls: count, on, off, toggle, read, bad index, missing driver. */
#include <tick.h>

#include "harness.h"
#include "in_upcall.h"

TEST(led_count_on_off_toggle_read) {
  CHECK_EQ(tick_led_count(), 4);
  CHECK_EQ(tick_led_on(1), TICK_OK);
  CHECK_EQ(fk.leds, 0x2);
  CHECK_EQ(tick_led_read(1), 1);
  CHECK_EQ(tick_led_read(0), 0);
  CHECK_EQ(tick_led_toggle(3), TICK_OK);
  CHECK_EQ(fk.leds, 0xA);
  CHECK_EQ(tick_led_toggle(1), TICK_OK);
  CHECK_EQ(fk.leds, 0x8);
  CHECK_EQ(tick_led_off(3), TICK_OK);
  CHECK_EQ(fk.leds, 0);
  CHECK_EQ(tick_led_read(3), 0);
  /* Each call is one command and never waits. */
  CHECK_EQ(fk_count(TICK_CLASS_COMMAND, TICK_DRIVER_LEDS, ~(uintptr_t)0), 8);
  CHECK_EQ(fk_count(TICK_CLASS_YIELD, ~(uintptr_t)0, ~(uintptr_t)0), 0);
}

TEST(led_bad_index_is_refused) {
  CHECK_EQ(tick_led_on(4), TICK_EINVAL);
  CHECK_EQ(tick_led_toggle(99), TICK_EINVAL);
  CHECK_EQ(tick_led_read(4), TICK_EINVAL);
  CHECK_EQ(fk.leds, 0);
}

TEST(led_missing_driver) {
  fk.absent = 1u << TICK_DRIVER_LEDS;
  CHECK_EQ(tick_led_count(), TICK_ENODEVICE);
  CHECK_EQ(tick_led_on(0), TICK_ENODEVICE);
  CHECK_EQ(tick_led_off(0), TICK_ENODEVICE);
  CHECK_EQ(tick_led_toggle(0), TICK_ENODEVICE);
  CHECK_EQ(tick_led_read(0), TICK_ENODEVICE);
}

static int in_upcall_rc = -1;
static void toggle_inside(void) {
  in_upcall_rc = tick_led_toggle(2);
}

/* LED calls never block, so unlike the waits they are allowed inside upcalls. */
TEST(led_calls_work_inside_upcalls) {
  run_in_upcall(toggle_inside);
  CHECK_EQ(in_upcall_rc, TICK_OK);
  CHECK_EQ(fk.leds, 0x4);
}
