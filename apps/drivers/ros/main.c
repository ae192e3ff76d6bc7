/* ros: the read-only state driver (0x9): counters and time read from memory, refreshed by the kernel. */
#include <stdio.h>
#include <tick.h>

#define ROS 0x9u

static volatile uint32_t state[16];   /* libtock-c allocates 64 bytes */

int main(void) {
  tick_result_t v = tick_command(ROS, 1, 0, 0);
  if (tick_command_check(v, TICK_SUCCESS_U32)) {
    printf("ros: no read-only state driver\n");
    return 1;
  }
  if (tick_allow_userspace_r(ROS, 0, (void *)state, sizeof state).error) return 1;
  tick_sleep_ms(10);   /* a blocking call: the kernel loop switches back to us */
  uint32_t s0 = state[0], t0 = state[2];
  for (int i = 0; i < 3; i++) tick_sleep_ms(10);
  uint32_t s1 = state[0], t1 = state[2];
  bool ok = v.r1 == 1 && s0 >= 1 && s1 > s0 && t1 - t0 >= 3 * tick_ms_to_ticks(10);
  printf("ros: version %lu, switches %lu -> %lu, ticks advanced %lu, pending %lu: %s\n",
         (unsigned long)v.r1, (unsigned long)s0, (unsigned long)s1, (unsigned long)(t1 - t0),
         (unsigned long)state[1], ok ? "ok" : "FAILED");
  return ok ? 0 : 1;
}
