/* store_bench: the app store's costs under qemu -icount: the boot, installs of a 32 KiB app, a 10 ms periodic alarm's lateness meanwhile, and its remove. */
#include <stdint.h>
#include <stdio.h>
#include <tick.h>
#include <tick/alarm.h>
#include <tick/upcall.h>

#define LOADER TICK_DRIVER_APP_LOADER
#define CHUNK 512
#define ROUNDS 4   /* installs aborted after finalize, the last one loaded (~17 ms: 1-2 alarm expiries) */

__asm__(".section .rodata.carried,\"a\"\n"
        ".balign 4\n"
        "carried: .incbin \"" EMBED_TBF "\"\n"
        "carried_end:\n"
        ".previous\n");
extern const uint8_t carried[], carried_end[];

static inline uint32_t instret(void) {
  uint32_t v;
  __asm__ volatile("csrr %0, instret" : "=r"(v));
  return v;
}

/* The periodic alarm: lateness of each callback in instructions (100 per 10 MHz tick under
 * -icount shift=0), the worst while idle and while installing. */
static tick_alarm_t alarm;
static int installing;
static uint32_t worst[2], samples[2];

static void on_alarm(tick_alarm_t *a, void *data) {
  (void)data;
  uint32_t late = instret() - 100u * tick_alarm_expiration(a);
  if (late > worst[installing])
    worst[installing] = late;
  samples[installing]++;
  tick_alarm_repeat(a);
}

/* The app loader's upcalls: their status, and that one came. */
static volatile uint32_t status, arrived;
static void on_loader(uint32_t s, uint32_t a1, uint32_t a2, void *data) {
  (void)a1, (void)a2, (void)data;
  status = s;
  arrived = 1;
}
static struct tick_upcall loader_upcall = {on_loader, NULL};

/* One command and its upcall, running alarm callbacks while it waits. */
static uint32_t call(uint32_t cmd, uint32_t a0, uint32_t a1) {
  arrived = 0;
  tick_result_t r = tick_command(LOADER, cmd, a0, a1);
  if (r.error)
    return r.error;
  while (!arrived)
    tick_yield();
  return status;
}

static uint32_t install(uint32_t size, uint32_t *writes) {
  uint32_t e = call(1, size, 0);
  for (uint32_t off = 0; !e && off < size; off += CHUNK) {
    uint32_t n = size - off < CHUNK ? size - off : CHUNK;
    tick_allow_ro(LOADER, 0, carried + off, n);
    e = call(2, off, n);
    (*writes)++;
  }
  return e ? e : call(3, 0, 0);
}

int main(void) {
  uint32_t boot = instret();
  uint32_t size = (uint32_t)(carried_end - carried), writes = 0;
  for (uint32_t k = 0; k < 6; k++)
    tick_subscribe_upcall(LOADER, k, &loader_upcall);
  printf("BENCH store_boot %lu\n", (unsigned long)boot);
  /* A previous boot on this flash installed the payload, which runs now (asleep in its 1 s
   * sleep): remove it (stop the process, mark the record removed, erase the slot). On an empty
   * store the uninstall fails at once (no app with that ShortId): install then. */
  uint32_t t0 = instret();
  uint32_t e = call(6, PAYLOAD_SHORT_ID, 0);
  uint32_t removal = instret() - t0;
  if (!e) {
    printf("BENCH store_remove %lu\n", (unsigned long)removal);
    return 0;
  }
  tick_alarm_in_ms(&alarm, 10, on_alarm, NULL);
  while (samples[0] < 5)
    tick_yield();
  installing = 1;
  uint32_t best = 0xffffffffu;
  e = 0;
  for (int round = 0; round < ROUNDS && !e; round++) {
    uint32_t t0 = instret();
    e = install(size, &writes);
    uint32_t t = instret() - t0;
    if (!e && t < best)
      best = t;
    if (!e)
      e = round < ROUNDS - 1 ? call(5, 0, 0) : call(4, 0, 0);
  }
  tick_alarm_cancel(&alarm);
  if (e) {
    printf("store_bench: install stopped with error %lu\n", (unsigned long)e);
    return 0;
  }
  printf("BENCH store_install %lu %lu %lu %lu\n", (unsigned long)size, (unsigned long)best,
         (unsigned long)(writes / ROUNDS), (unsigned long)ROUNDS);
  printf("BENCH store_lateness %lu %lu %lu %lu\n", (unsigned long)worst[0],
         (unsigned long)samples[0], (unsigned long)worst[1], (unsigned long)samples[1]);
  return 0;
}
