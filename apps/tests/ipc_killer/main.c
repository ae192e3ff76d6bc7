/* ipc_killer: kills ipc_stress_client and ipc_stress_server alternately while a call is in flight between them (KILLS kills, through process info), and checks that neither hangs and that the kernel memory each holds (kernel area and grants) returns to its baseline. */
#include <stdio.h>
#include <string.h>
#include <tick.h>

#ifndef KILLS
#define KILLS 1000
#endif
#define WARMUP 4   /* kills before the baseline */
#define PINFO TICK_DRIVER_PROCESS_INFO
enum { STAT_SYSCALLS = 1, STAT_STATE = 3, STAT_KERNEL_BYTES = 4, STATE_YIELDED_FOR = 2 };
enum { ACT_TERMINATE = 4, ACT_BOOT = 5 };

static uint32_t ids[8], stat[5];
static uint32_t hang_ticks;   /* 2 s of the alarm */
static char name[24];

/* The current process id of slot (ids change with every start). */
static uint32_t id_of(uint32_t slot) {
  tick_allow_rw(PINFO, 0, ids, sizeof ids);
  uint32_t n = tick_command(PINFO, 2, 0, 0).r1;
  for (uint32_t i = 0; i < n && i < 8; i++)
    if ((ids[i] & 0xffu) == slot) return ids[i];
  return 0xffffffffu;
}

static uint32_t slot_named(const char *want) {
  tick_allow_rw(PINFO, 0, ids, sizeof ids);
  uint32_t n = tick_command(PINFO, 2, 0, 0).r1;
  uint32_t copy[8];
  memcpy(copy, ids, sizeof copy);
  for (uint32_t i = 0; i < n && i < 8; i++) {
    memset(name, 0, sizeof name);
    tick_allow_rw(PINFO, 0, name, sizeof name);
    tick_command(PINFO, 4, copy[i], 0);
    if (strcmp(name, want) == 0) return copy[i] & 0xffu;
  }
  return 0xffffffffu;
}

static uint32_t stat_of(uint32_t slot, unsigned which) {
  uint32_t id = id_of(slot);   /* before the allow: it allows its own buffer */
  tick_allow_rw(PINFO, 0, stat, sizeof stat);
  tick_command(PINFO, 5, id, 0);
  return stat[which];
}

static uint32_t now(void) { return tick_command(TICK_DRIVER_ALARM, 2, 0, 0).r1; }

/* Lets the others run: a wait of about a millisecond for an event that never comes. */
static void pause_briefly(void) {
  static const tick_upcall_id_t never = {TICK_DRIVER_IPC, TICK_IPC_SUB_NOTIFIED};
  tick_yield_wait_any(&never, 1, true, now() + hang_ticks / 2000);
}

static uint32_t ks, cs, ss, last_c, last_s;   /* slots, and their syscall counts at the last look */

/* Waits until the client is blocked in a call that the server holds: the server says so
 * (Tock's IPC notify), and both are blocked, both having made system calls since the last
 * look. False after 2 s: someone hangs. */
static bool wait_mid_call(void) {
  tick_upcall_args_t a;
  int rc = tick_wait_event(TICK_DRIVER_IPC_LEGACY, ks, tick_deadline_in_ms(2000), &a);
  for (unsigned tries = 0; rc == TICK_OK && tries < 2000; tries++) {
    uint32_t c_state = stat_of(cs, STAT_STATE), c_calls = stat[STAT_SYSCALLS];
    uint32_t s_state = stat_of(ss, STAT_STATE), s_calls = stat[STAT_SYSCALLS];
    if (c_state == STATE_YIELDED_FOR && s_state == STATE_YIELDED_FOR && c_calls != last_c &&
        s_calls != last_s) {
      last_c = c_calls;
      last_s = s_calls;
      return true;
    }
    pause_briefly();
  }
  printf("ipc_killer: FAIL hang (%d): client state %lu, server state %lu\n", rc,
         (unsigned long)stat_of(cs, STAT_STATE), (unsigned long)stat_of(ss, STAT_STATE));
  return false;
}

static tick_ipc_handle_t server;

/* The server answers the call it holds. */
static bool poke(void) {
  int rc = tick_ipc_notify_bits(server, 1);
  if (rc == TICK_ESTALE) {
    rc = tick_ipc_find_timeout("stress.echo", 2000, &server);
    if (rc == TICK_OK) rc = tick_ipc_notify_bits(server, 1);
  }
  if (rc != TICK_OK) printf("ipc_killer: FAIL poke %d\n", rc);
  return rc == TICK_OK;
}

static bool kill(uint32_t slot) {
  uint32_t id = id_of(slot);
  tick_result_t t = tick_command(PINFO, 6, id, ACT_TERMINATE);
  tick_result_t b = tick_command(PINFO, 6, id, ACT_BOOT);
  if (t.variant < TICK_SUCCESS || b.variant < TICK_SUCCESS) {
    printf("ipc_killer: FAIL kill slot %lu: %lu %lu\n", (unsigned long)slot,
           (unsigned long)t.error, (unsigned long)b.error);
    return false;
  }
  return true;
}

int main(void) {
  hang_ticks = tick_command(TICK_DRIVER_ALARM, 1, 0, 0).r1 * 2;
  cs = slot_named("ipc_stress_client");
  ss = slot_named("ipc_stress_server");
  ks = slot_named("ipc_killer");
  if (cs > 7 || ss > 7 || ks > 7 || tick_ipc_find_timeout("stress.echo", 2000, &server) < 0) {
    printf("ipc_killer: FAIL setup\n");
    return 1;
  }
  if (!wait_mid_call()) return 1;
  printf("ipc_killer: %u kills of ipc_stress_client (slot %lu) and ipc_stress_server (slot %lu)\n",
         KILLS, (unsigned long)cs, (unsigned long)ss);
  uint32_t start = now(), base_c = 0, base_s = 0, base_k = 0;
  unsigned kills = 0, answered = 0;
  while (kills < KILLS) {
    /* The baseline: after the first kills of each side, once every grant each process uses
     * exists (a process's grants are made on first use; the killer's own, too). */
    if (kills == WARMUP) {
      base_c = stat_of(cs, STAT_KERNEL_BYTES);
      base_s = stat_of(ss, STAT_KERNEL_BYTES);
      base_k = stat_of(ks, STAT_KERNEL_BYTES);
      printf("ipc_killer: baseline after %u kills: kernel bytes: client %lu, server %lu, killer %lu\n",
             WARMUP, (unsigned long)base_c, (unsigned long)base_s, (unsigned long)base_k);
    }
    /* Mid-call: kill one side (client and server alternately)... */
    if (!kill(kills % 2 ? ss : cs) || !wait_mid_call()) return 1;
    kills++;
    /* ... and let one call complete normally (checked by the client). */
    if (!poke() || !wait_mid_call()) return 1;
    answered++;
    if (kills % 1000 == 0) printf("ipc_killer: %u kills\n", kills);
  }
  uint32_t c = stat_of(cs, STAT_KERNEL_BYTES), s = stat_of(ss, STAT_KERNEL_BYTES);
  uint32_t k = stat_of(ks, STAT_KERNEL_BYTES);
  bool same = c == base_c && s == base_s && k == base_k;
  printf("ipc_killer: %s: %u kills mid-call (%u of each side), %u calls answered, in %lu ms; "
         "kernel bytes: client %lu, server %lu, killer %lu\n",
         same ? "done" : "FAIL leak", kills, kills / 2, answered,
         (unsigned long)tick_ticks_to_ms(now() - start), (unsigned long)c, (unsigned long)s,
         (unsigned long)k);
  return same ? 0 : 1;
}
