/* payload32k: a 32 KiB app for the app store benchmark: a 31 KiB constant table, then exit 0. */
#include <stdint.h>

/* volatile: kept whole, and read at run time */
static const volatile uint8_t table[31 * 1024] = { 1 };

int main(void) {
  return table[0] - 1;
}
