/* conformance: helpers shared by the test groups. */
#include "common.h"

uint32_t ticks_per_ms;
volatile uint32_t upcalls, upcalls_b, up_a0, up_a1, up_a2;
void *volatile up_data;
int tag_a, tag_b, tag_c;

uint32_t now(void) { return tick_command(ALARM, 2, 0, 0).r1; }

void sleep_ms(uint32_t ms) { tick_yield_wait_any(NULL, 0, true, now() + ms * ticks_per_ms); }

uint32_t arm_ms(uint32_t ms) { return tick_command(ALARM, 5, ms * ticks_per_ms, 0).r1; }

void quiet_alarm(void) {
  static const tick_upcall_id_t alarm_id = {ALARM, 0};
  tick_command(ALARM, 3, 0, 0);
  uint32_t past = now();
  for (int i = 0; i < 16; i++) {
    if (tick_yield_wait_any(&alarm_id, 1, true, past).index != 0) break;
  }
}

void on_upcall(uint32_t a0, uint32_t a1, uint32_t a2, void *data) {
  upcalls++;
  up_a0 = a0;
  up_a1 = a1;
  up_a2 = a2;
  up_data = data;
}

void on_upcall_b(uint32_t a0, uint32_t a1, uint32_t a2, void *data) {
  (void)a0, (void)a1, (void)a2, (void)data;
  upcalls_b++;
}

uint32_t other_slot_ram(void) {
  uint32_t mine = (uint32_t)tick_memop(TICK_MEMOP_RAM_START, 0).value;
  return mine == 0x80300000u ? 0x80310000u : 0x80300000u;
}
