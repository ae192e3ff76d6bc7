/* payload32k: a 32 KiB app for the app store benchmark: a constant table, a 1 s sleep, then exit 0. */
#include <stdint.h>
#include <tick/time.h>

/* volatile: kept whole, and read at run time. Its size makes the TBF that store_bench installs
 * (with a ShortId and a SHA-256 credential) 32,140 bytes, as before the sleep was added, so
 * that the benchmark's figures per install stay comparable. */
#define TABLE_BYTES 31284
static const volatile uint8_t table[TABLE_BYTES] = { 1 };

/* The sleep keeps the process alive (an alarm subscribed, blocked in a yield) when the store
 * benchmark removes it: a remove then stops a running process, as it would in use. Under
 * -icount shift=0,sleep=off the idle second takes no wall time. */
int main(void) {
  tick_sleep_ms(1000);
  return table[0] - 1;
}
