/* installer: installs the app it carries (hello, linked for the store's slot 0) through the app loader driver 0x10001, as libtock-c's app_loader example does, then exits. */
#include <stdio.h>
#include <string.h>
#include <tick.h>

#define LOADER TICK_DRIVER_APP_LOADER
#define CHUNK 512

/* The carried TBF, in this app's flash. */
__asm__(".section .rodata.carried,\"a\"\n"
        ".balign 4\n"
        "carried: .incbin \"" EMBED_TBF "\"\n"
        "carried_end:\n"
        ".previous\n");
extern const uint8_t carried[], carried_end[];

/* One command, then its upcall: the status it carries (0: done), or the command's error. */
static uint32_t call(uint32_t cmd, uint32_t a0, uint32_t a1, const char *what) {
  tick_result_t r = tick_command(LOADER, cmd, a0, a1);
  if (r.error) {
    printf("installer: %s refused: error %lu\n", what, (unsigned long)r.error);
    return r.error;
  }
  /* command k's completion is upcall k - 1 */
  tick_upcall_args_t u = tick_yield_wait_for(LOADER, cmd - 1);
  if (u.arg0)
    printf("installer: %s failed: error %lu\n", what, (unsigned long)u.arg0);
  return u.arg0;
}

int main(void) {
  uint32_t size = (uint32_t)(carried_end - carried);
  if (!tick_driver_exists(LOADER)) {
    printf("installer: no app loader driver\n");
    return 1;
  }
  printf("installer: installing a %lu-byte app\n", (unsigned long)size);
  if (call(1, size, 0, "setup"))
    return 1;
  for (uint32_t off = 0; off < size; off += CHUNK) {
    uint32_t n = size - off < CHUNK ? size - off : CHUNK;
    tick_allow_ro(LOADER, 0, carried + off, n);   /* read-only allows may point into flash */
    if (call(2, off, n, "write")) {
      call(5, 0, 0, "abort");
      tick_command(LOADER, 0, 0, 0);
      return 1;
    }
  }
  tick_allow_ro(LOADER, 0, NULL, 0);
  if (call(3, 0, 0, "finalize") || call(4, 0, 0, "load"))
    return 1;
  printf("installer: installed and started\n");
  return 0;
}
