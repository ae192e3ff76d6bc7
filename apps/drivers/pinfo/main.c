/* pinfo: the process info driver (0x10002): lists every process, then stops and restarts another one. */
#include <stdio.h>
#include <string.h>
#include <tick.h>

#define PINFO 0x10002u

static uint32_t words[16];
static char name[32];
static const char *const states[] = {"running", "yielded", "yielded-for", "stopped",
                                     "faulted", "terminated"};

static uint32_t stat_state(uint32_t id) {
  tick_allow_rw(PINFO, 0, words, sizeof words);
  tick_command(PINFO, 5, id, 0);
  return words[3] < 6 ? words[3] : 0;
}

int main(void) {
  uint32_t ids[8], other = 0;
  bool have_other = false;
  tick_sleep_ms(100);   /* let the other apps reach their loops */
  uint32_t count = tick_command(PINFO, 1, 0, 0).r1;
  tick_allow_rw(PINFO, 0, ids, sizeof ids);
  uint32_t n = tick_command(PINFO, 2, 0, 0).r1;
  printf("pinfo: %lu processes (%lu ids)\n", (unsigned long)count, (unsigned long)n);
  for (uint32_t i = 0; i < n && i < 8; i++) {
    tick_allow_rw(PINFO, 0, name, sizeof name);
    uint32_t len = tick_command(PINFO, 4, ids[i], 0).r1;
    tick_allow_rw(PINFO, 0, words, sizeof words);
    tick_command(PINFO, 5, ids[i], 0);
    printf("pinfo: id 0x%lx '%s' (name length %lu) %s, %lu syscalls, %lu restarts\n",
           (unsigned long)ids[i], name, (unsigned long)len, states[words[3] < 6 ? words[3] : 0],
           (unsigned long)words[1], (unsigned long)words[2]);
    if (strcmp(name, "pinfo") != 0 && !have_other) other = ids[i], have_other = true;
  }
  uint32_t bad = tick_command(PINFO, 5, 0xdead00u, 0).error;
  printf("pinfo: unknown id -> error %lu\n", (unsigned long)bad);
  if (have_other) {
    uint32_t e = tick_command(PINFO, 6, other, 2).error;
    printf("pinfo: stop 0x%lx -> error %lu, now %s\n", (unsigned long)other, (unsigned long)e,
           states[stat_state(other)]);
    e = tick_command(PINFO, 6, other, 1).error;
    printf("pinfo: start 0x%lx -> error %lu, now %s\n", (unsigned long)other, (unsigned long)e,
           states[stat_state(other)]);
    /* Restarting another process from this system call must leave our own memory
     * protection in place (we keep running on the fast path). */
    e = tick_command(PINFO, 6, other, 3).error;
    printf("pinfo: fault 0x%lx -> error %lu, now %s\n", (unsigned long)other, (unsigned long)e,
           states[stat_state(other)]);
  }
  tick_allow_rw(PINFO, 0, NULL, 0);
  printf("pinfo: done\n");
  return 0;
}
