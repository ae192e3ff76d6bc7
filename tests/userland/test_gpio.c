/* Host tests: layer 1 GPIO: modes, levels, blocking edge waits, timeouts and edges around them. */
#include <tick.h>

#include "harness.h"
#include "in_upcall.h"

#define CMD TICK_CLASS_COMMAND

TEST(gpio_count_output_set_clear_toggle_read) {
  CHECK_EQ(tick_gpio_count(), 8);
  CHECK_EQ(tick_gpio_enable_output(5), TICK_OK);
  CHECK_EQ(fk.gpio_output, 0x20);
  CHECK_EQ(tick_gpio_set(5), TICK_OK);
  CHECK_EQ(tick_gpio_read(5), 1);
  CHECK_EQ(tick_gpio_clear(5), TICK_OK);
  CHECK_EQ(tick_gpio_read(5), 0);
  CHECK_EQ(tick_gpio_toggle(5), TICK_OK);
  CHECK_EQ(fk.gpio_level, 0x20);
  CHECK_EQ(tick_gpio_toggle(5), TICK_OK);
  CHECK_EQ(fk.gpio_level, 0);
  CHECK_EQ(tick_gpio_disable(5), TICK_OK);
  CHECK_EQ(fk.gpio_output, 0);
}

TEST(gpio_input_with_pull_and_errors) {
  CHECK_EQ(tick_gpio_enable_output(2), TICK_OK);
  CHECK_EQ(tick_gpio_enable_input(2, TICK_GPIO_PULL_DOWN), TICK_OK);
  CHECK_EQ(fk.gpio_output, 0);
  CHECK_EQ(fk_count(CMD, TICK_DRIVER_GPIO, 5), 1);
  CHECK_EQ(tick_gpio_enable_input(2, 3), TICK_ENOSUPPORT);
  CHECK_EQ(tick_gpio_enable_input(8, TICK_GPIO_PULL_UP), TICK_EINVAL);
  CHECK_EQ(tick_gpio_set(8), TICK_EINVAL);
  CHECK_EQ(tick_gpio_read(9), TICK_EINVAL);
}

TEST(gpio_missing_driver) {
  fk.absent = 1u << TICK_DRIVER_GPIO;
  uint64_t t0 = fk.now;
  CHECK_EQ(tick_gpio_count(), TICK_ENODEVICE);
  CHECK_EQ(tick_gpio_enable_output(0), TICK_ENODEVICE);
  CHECK_EQ(tick_gpio_enable_input(0, 0), TICK_ENODEVICE);
  CHECK_EQ(tick_gpio_set(0), TICK_ENODEVICE);
  CHECK_EQ(tick_gpio_clear(0), TICK_ENODEVICE);
  CHECK_EQ(tick_gpio_toggle(0), TICK_ENODEVICE);
  CHECK_EQ(tick_gpio_read(0), TICK_ENODEVICE);
  CHECK_EQ(tick_gpio_disable(0), TICK_ENODEVICE);
  CHECK_EQ(tick_gpio_wait(0, TICK_GPIO_EITHER), TICK_ENODEVICE);
  CHECK_EQ(tick_gpio_wait_timeout(0, TICK_GPIO_EITHER, 10), TICK_ENODEVICE);
  CHECK_EQ(fk.now, t0);
}

TEST(gpio_wait_rising_then_falling) {
  uint64_t t0 = fk.now;
  CHECK_EQ(tick_gpio_enable_input(0, TICK_GPIO_PULL_DOWN), TICK_OK);
  fk_gpio_at(t0 + fk_ms(2), 0, 1);
  fk_gpio_at(t0 + fk_ms(6), 0, 0);
  CHECK_EQ(tick_gpio_wait(0, TICK_GPIO_RISING), 1);
  CHECK_EQ(fk.now - t0, fk_ms(2));
  CHECK_EQ(fk.gpio_edge[0], TICK_GPIO_RISING);
  CHECK_EQ(fk.gpio_irq, 0);
  CHECK_EQ(tick_gpio_wait_timeout(0, TICK_GPIO_FALLING, 50), 0);
  CHECK_EQ(fk.now - t0, fk_ms(6));
  CHECK_EQ(fk.gpio_edge[0], TICK_GPIO_FALLING);
  CHECK_EQ(fk.gpio_irq, 0);
}

TEST(gpio_wait_bad_pin_or_edge_does_not_wait) {
  uint64_t t0 = fk.now;
  CHECK_EQ(tick_gpio_wait(8, TICK_GPIO_EITHER), TICK_EINVAL);
  CHECK_EQ(tick_gpio_wait_timeout(0, 3, 10), TICK_ENOSUPPORT);
  CHECK_EQ(fk.gpio_irq, 0);
  CHECK_EQ(fk.now, t0);
}

/* The GPIO driver reports every pin's edges to every process using it: another pin's edge
 * (its interrupt on here through layer 0) does not end the wait. */
TEST(gpio_wait_skips_other_pins) {
  uint64_t t0 = fk.now;
  tick_command(TICK_DRIVER_GPIO, 7, 1, 0);
  fk.gpio_level = 0x1; /* pin 0 high */
  fk_gpio_at(t0 + fk_ms(1), 1, 1);
  fk_gpio_at(t0 + fk_ms(3), 0, 0);
  CHECK_EQ(tick_gpio_wait_timeout(0, TICK_GPIO_EITHER, 50), 0);
  CHECK_EQ(fk.now - t0, fk_ms(3));
  CHECK_EQ(fk.gpio_irq, 0x2); /* pin 1's interrupt is not this wait's to turn off */
}

/* The GPIO driver has one edge setting per pin for all processes: another process can turn a
 * rising-edge interrupt into an either-edge one. The falling edge it then reports (queued by
 * hand here) does not end a wait for a rising edge. */
TEST(gpio_wait_rising_ignores_a_falling_report) {
  uint64_t t0 = fk.now;
  fk_event_at(t0 + fk_ms(1), TICK_DRIVER_GPIO, 0, 0, 0, 0);
  fk_gpio_at(t0 + fk_ms(3), 0, 1);
  CHECK_EQ(tick_gpio_wait_timeout(0, TICK_GPIO_RISING, 50), 1);
  CHECK_EQ(fk.now - t0, fk_ms(3));
}

TEST(gpio_wait_timeout_turns_interrupt_off) {
  uint64_t t0 = fk.now;
  CHECK_EQ(tick_gpio_wait_timeout(4, TICK_GPIO_EITHER, 10), TICK_ETIMEOUT);
  CHECK_EQ(fk.now - t0, fk_ms(10));
  CHECK_EQ(fk.gpio_irq, 0);
  fk_gpio_at(fk.now + fk_ms(1), 4, 1);
  CHECK_EQ(tick_sleep_ms(2), TICK_OK);
  CHECK_EQ(fk_queued(TICK_DRIVER_GPIO, 0), 0);
}

/* An edge queued after a wait's deadline but before its interrupt went off (fired here by
 * hand) is not the next wait's: that one returns the edge after its own start. */
TEST(gpio_timeout_then_late_edge_not_taken_by_next_wait) {
  CHECK_EQ(tick_gpio_wait_timeout(3, TICK_GPIO_EITHER, 10), TICK_ETIMEOUT);
  fk_fire(TICK_DRIVER_GPIO, 0, 3, 1, 0);
  fk.gpio_level = 0x8;
  uint64_t t0 = fk.now;
  fk_gpio_at(t0 + fk_ms(4), 3, 0);
  CHECK_EQ(tick_gpio_wait_timeout(3, TICK_GPIO_EITHER, 20), 0);
  CHECK_EQ(fk.now - t0, fk_ms(4));
  CHECK_EQ(fk_queued(TICK_DRIVER_GPIO, 0), 0);
}

static int refused[2];
static void wait_inside(void) {
  refused[0] = tick_gpio_wait(0, TICK_GPIO_EITHER);
  refused[1] = tick_gpio_wait_timeout(0, TICK_GPIO_RISING, 5);
}

TEST(gpio_wait_inside_upcall_is_refused) {
  run_in_upcall(wait_inside);
  CHECK_EQ(refused[0], TICK_EINUPCALL);
  CHECK_EQ(refused[1], TICK_EINUPCALL);
  CHECK_EQ(fk_count(CMD, TICK_DRIVER_GPIO, ~(uintptr_t)0), 0);
}
