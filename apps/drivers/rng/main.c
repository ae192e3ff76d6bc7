/* rng: asks the RNG driver (0x40001) for random bytes three ways and checks what comes back. */
#include <stdio.h>
#include <string.h>
#include <tick.h>

#define RNG 0x40001u

/* Lends buf[0..len), asks for `want` bytes and waits: returns the bytes the driver filled. */
static int get_random(uint8_t *buf, uint32_t len, uint32_t want) {
  tick_allow_rw(RNG, 0, buf, len);
  tick_result_t r = tick_command(RNG, 1, want, 0);
  if (r.error) return -(int)r.error;
  tick_upcall_args_t a = tick_yield_wait_for(RNG, 0);
  tick_allow_rw(RNG, 0, NULL, 0);
  return (int)a.arg1;
}

static bool all_zero(const uint8_t *b, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (b[i]) return false;
  return true;
}

int main(void) {
  static uint8_t a[16], b[100], c[8];
  if (!tick_driver_exists(RNG)) {
    printf("rng: no RNG driver\n");
    return 1;
  }
  int na = get_random(a, sizeof a, sizeof a);
  int nb = get_random(b, sizeof b, sizeof b);        /* more than one device fill */
  int nc = get_random(c, sizeof c, 20);              /* asks more than the buffer holds */
  printf("rng: got %d, %d and %d bytes:", na, nb, nc);
  for (size_t i = 0; i < sizeof a; i++) printf(" %02x", a[i]);
  printf("\n");
  bool ok = na == 16 && nb == 100 && nc == 8 && !all_zero(a, sizeof a) &&
            !all_zero(b + 84, 16) && memcmp(a, b, sizeof a) != 0;
  printf("rng: %s\n", ok ? "ok" : "FAILED");
  return ok ? 0 : 1;
}
