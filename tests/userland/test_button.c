/* Host tests: layer 1 buttons: count, state, blocking waits, timeouts and edges around them. */
#include <tick.h>

#include "harness.h"
#include "in_upcall.h"

#define CMD TICK_CLASS_COMMAND

TEST(button_count_and_read) {
  CHECK_EQ(tick_button_count(), 4);
  fk.buttons = 0x4;
  CHECK_EQ(tick_button_read(2), 1);
  CHECK_EQ(tick_button_read(1), 0);
  CHECK_EQ(tick_button_read(4), TICK_EINVAL);
}

TEST(button_missing_driver) {
  fk.absent = 1u << TICK_DRIVER_BUTTONS;
  uint64_t t0 = fk.now;
  CHECK_EQ(tick_button_count(), TICK_ENODEVICE);
  CHECK_EQ(tick_button_read(0), TICK_ENODEVICE);
  CHECK_EQ(tick_button_wait(0), TICK_ENODEVICE);
  CHECK_EQ(tick_button_wait_timeout(0, 10), TICK_ENODEVICE);
  CHECK_EQ(fk.now, t0); /* nothing waited */
}

TEST(button_wait_bad_index_does_not_wait) {
  uint64_t t0 = fk.now;
  CHECK_EQ(tick_button_wait(4), TICK_EINVAL);
  CHECK_EQ(tick_button_wait_timeout(7, 10), TICK_EINVAL);
  CHECK_EQ(fk.now, t0);
}

/* The wait enables the interrupt, returns the edge's state and turns the interrupt off. */
TEST(button_wait_press_then_release) {
  uint64_t t0 = fk.now;
  fk_button_at(t0 + fk_ms(5), 2, 1);
  fk_button_at(t0 + fk_ms(9), 2, 0);
  CHECK_EQ(tick_button_wait(2), 1);
  CHECK_EQ(fk.now - t0, fk_ms(5));
  CHECK_EQ(fk.buttons_enabled, 0);
  CHECK_EQ(tick_button_wait_timeout(2, 100), 0);
  CHECK_EQ(fk.now - t0, fk_ms(9));
  CHECK_EQ(fk.buttons_enabled, 0);
  CHECK_EQ(fk_count(CMD, TICK_DRIVER_BUTTONS, 1), 2);
  CHECK_EQ(fk_count(CMD, TICK_DRIVER_BUTTONS, 2), 2);
}

/* Another button's interrupt is on (here a raw layer 0 enable): its edges are not this wait's. */
TEST(button_wait_skips_other_buttons) {
  uint64_t t0 = fk.now;
  tick_command(TICK_DRIVER_BUTTONS, 1, 0, 0);
  fk.buttons = 0x2; /* button 1 held down */
  fk_button_at(t0 + fk_ms(1), 0, 1);
  fk_button_at(t0 + fk_ms(3), 1, 0);
  CHECK_EQ(tick_button_wait_timeout(1, 50), 0);
  CHECK_EQ(fk.now - t0, fk_ms(3));
}

TEST(button_wait_timeout_turns_interrupt_off) {
  uint64_t t0 = fk.now;
  CHECK_EQ(tick_button_wait_timeout(3, 10), TICK_ETIMEOUT);
  CHECK_EQ(fk.now - t0, fk_ms(10));
  CHECK_EQ(fk.buttons_enabled, 0);
  /* A press after the timeout reaches no queue: nobody waits for it. */
  fk_button_at(fk.now + fk_ms(1), 3, 1);
  CHECK_EQ(tick_sleep_ms(2), TICK_OK);
  CHECK_EQ(fk_queued(TICK_DRIVER_BUTTONS, 0), 0);
}

/* The race at a timeout: an edge the kernel queued after the deadline but before the disable
 * (fired here by hand). The next wait must not take it for its own: it returns the edge that
 * comes after it started. */
TEST(button_timeout_then_late_edge_not_taken_by_next_wait) {
  CHECK_EQ(tick_button_wait_timeout(1, 10), TICK_ETIMEOUT);
  fk_fire(TICK_DRIVER_BUTTONS, 0, 1, 1, 0); /* the late press */
  CHECK_EQ(fk_queued(TICK_DRIVER_BUTTONS, 0), 1);
  fk.buttons = 0x2;
  uint64_t t0 = fk.now;
  fk_button_at(t0 + fk_ms(4), 1, 0);
  CHECK_EQ(tick_button_wait_timeout(1, 20), 0);
  CHECK_EQ(fk.now - t0, fk_ms(4));
  CHECK_EQ(fk_queued(TICK_DRIVER_BUTTONS, 0), 0);
}

static int refused[2];
static void wait_inside(void) {
  refused[0] = tick_button_wait(0);
  refused[1] = tick_button_wait_timeout(0, 5);
}

TEST(button_wait_inside_upcall_is_refused) {
  run_in_upcall(wait_inside);
  CHECK_EQ(refused[0], TICK_EINUPCALL);
  CHECK_EQ(refused[1], TICK_EINUPCALL);
  CHECK_EQ(fk_count(CMD, TICK_DRIVER_BUTTONS, ~(uintptr_t)0), 0);
}
