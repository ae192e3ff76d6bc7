/* buttons: libtock-c's buttons example (a press toggles the LED of the same number), printing each event. */
#include <stdio.h>
#include <tick.h>

#define BUTTON 0x3u
#define LED 0x2u

static volatile uint32_t events[8];   /* button << 1 | pressed, filled by the upcall */
static volatile unsigned head;

static void on_button(uint32_t button, uint32_t pressed, uint32_t unused, void *data) {
  (void)unused, (void)data;
  if (pressed) tick_command(LED, 3, button, 0);
  events[head++ % 8] = button << 1 | (pressed & 1);
}

int main(void) {
  tick_result_t r = tick_command(BUTTON, 0, 0, 0);
  if (tick_command_check(r, TICK_SUCCESS_U32)) return 1;
  tick_subscribe(BUTTON, 0, on_button, NULL);
  for (uint32_t i = 0; i < r.r1; i++) tick_command(BUTTON, 1, i, 0);
  printf("buttons: %lu buttons ready\n", (unsigned long)r.r1);
  for (unsigned tail = 0;;) {
    tick_yield_wait();
    while (tail != head) {
      uint32_t e = events[tail++ % 8];
      printf("buttons: button %lu %s\n", (unsigned long)(e >> 1), e & 1 ? "pressed" : "released");
    }
  }
}
