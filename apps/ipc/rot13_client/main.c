/* rot13_client: finds the rot13 service, shares a buffer with it and has it rot13 the text over and over, checking every answer. */
#include <stdio.h>
#include <string.h>
#include <tick.h>
#include "../rot13.h"

#define REPORT 10000u     /* a progress line every REPORT round trips (and for the first three) */
#define REPLY_MS 1000u    /* a request unanswered this long is sent again */
#define BURST 1000u       /* round trips between short rests, so that the system goes quiet */
#define REST_MS 20u

/* 64 bytes aligned to 64, as libtock-c's example shares it (Tick needs only 4). */
static char buf[64] __attribute__((aligned(64)));

/* One round trip: notifies the service and waits for its answer. A request the service missed
 * (it had not subscribed yet: Tock's IPC drops such a notification) is sent again. */
static void round_trip(size_t svc) {
  for (;;) {
    int rc = tick_ipc_notify_service(svc);
    if (rc < 0) {
      printf("rot13_client: notify failed (error %d)\n", rc);
      tick_sleep_ms(100);
      continue;
    }
    tick_upcall_args_t a;
    if (tick_ipc_wait_timeout(svc, REPLY_MS, &a) == TICK_OK) return;
  }
}

int main(void) {
  size_t svc;
  int rc = tick_ipc_discover(ROT13_SERVICE, &svc);
  if (rc < 0) {
    printf("rot13_client: no rot13 service (error %d)\n", rc);
    return 1;
  }
  printf("rot13_client: rot13 service is process %u\n", (unsigned)svc);
  struct rot13_buf *rb = (struct rot13_buf *)buf;
  strcpy(rb->buf, "Hello World!");
  rb->length = (int8_t)strlen(rb->buf);
  rc = tick_ipc_share(svc, buf, sizeof buf);
  if (rc < 0) {
    printf("rot13_client: cannot share (error %d)\n", rc);
    return 1;
  }
  uint32_t rounds = 0, errors = 0;
  char expect[sizeof rb->buf];
  for (;;) {
    for (int i = 0; i < rb->length; i++) expect[i] = rot13_char(rb->buf[i]);
    round_trip(svc);
    rounds++;
    if (memcmp(rb->buf, expect, (size_t)rb->length) != 0) {
      errors++;
      printf("rot13_client: MISMATCH in round %lu: %s\n", (unsigned long)rounds, rb->buf);
    }
    if (rounds % BURST == 0) tick_sleep_ms(REST_MS);
    if (rounds <= 3 || rounds % REPORT == 0)
      printf("rot13_client: round %lu: %s (%lu errors)\n", (unsigned long)rounds, rb->buf,
             (unsigned long)errors);
  }
}
