/* Host tests: a scripted fake kernel (alarm, console, LEDs, buttons, GPIO, low-level debug, RNG)
 * behind tick_host_syscall. */
#ifndef FAKE_KERNEL_H
#define FAKE_KERNEL_H

#include <setjmp.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <tick/syscall.h>

#define FK_NEVER UINT64_MAX /* a delay meaning "does not complete on its own" */
#define FK_QUEUE 16
#define FK_TIMED 64
#define FK_LOG 512

/* One queued upcall: a function call (fn != 0) or a null-upcall record (fn == 0). */
struct fk_entry {
  uint32_t driver, sub, args[3];
  uintptr_t fn, data;
};

/* Something that happens at a point of virtual time. */
enum fk_kind { FK_EVENT, FK_ALARM, FK_WRITE_DONE, FK_INPUT, FK_READ_CANCEL, FK_RNG_FILL, FK_BUTTON,
               FK_GPIO, FK_IPC_BITS, FK_IPC_REPLY, FK_IPC_DIE, FK_IPC_CALL_IN };
struct fk_timed {
  uint64_t at;
  enum fk_kind kind;
  uint32_t driver, sub, args[3];
  char byte;
};

/* One recorded system call. */
struct fk_call {
  uint32_t cls;
  uintptr_t a[4];
};

struct fake_kernel {
  uint64_t now; /* 64-bit virtual time; userspace sees the low 32 bits */
  uint32_t freq;
  struct fk_entry queue[FK_QUEUE];
  int nqueue;
  struct fk_timed timed[FK_TIMED];
  int ntimed;
  struct { uint32_t driver, sub; uintptr_t fn, data; } subs[16];
  int nsubs;
  struct { uint32_t cls, driver, slot; uintptr_t ptr; size_t len; } allows[16];
  int nallows;
  /* alarm */
  bool alarm_armed;
  uint32_t alarm_expiration;
  /* console */
  char out[4096];
  size_t out_len;
  uint64_t write_delay;  /* ticks until a write completes */
  uint64_t cancel_delay; /* ticks until a cancelled write/read reports completion */
  bool ignore_write_cancel;
  bool write_pending;
  uint32_t write_len;
  char in[256];
  size_t in_len, in_pos;
  bool read_pending;
  const char *input_on_abort; /* typed just before an abort (command 3) is handled: the race */
  uint32_t read_len, read_got;
  uint32_t lldb_last[3];
  /* LEDs (4), buttons (4: bit i pressed, enabled = interrupt on), GPIO (8 pins) */
  uint32_t leds;
  uint32_t buttons, buttons_enabled;
  uint32_t gpio_level, gpio_output, gpio_irq; /* bit per pin */
  uint8_t gpio_edge[8];                       /* 0 either, 1 rising, 2 falling */
  bool gpio_used;                             /* the driver's grant exists: edges are reported */
  uint32_t absent; /* bit d: driver d (LEDs 2, buttons 3, GPIO 4) is missing: NODEVICE */
  /* RNG: a request (replacing any earlier one) is filled rng_delay ticks later */
  bool rng_absent, rng_pending, rng_fill_scheduled;
  uint32_t rng_len;
  uint64_t rng_delay;
  uint8_t rng_next; /* next byte of the fill pattern */
  /* IPC endpoints: notification bits pending (TAKE_BITS takes them) */
  uint32_t ipc_bits;
  /* exit: the test's jump buffer, if set; otherwise an exit aborts the test */
  jmp_buf *exit_jmp;
  uint32_t exit_code;
  bool exited;
  /* record of every system call */
  struct fk_call log[FK_LOG];
  int nlog;
  int upcalls_run;
};

extern struct fake_kernel fk;

/* Fresh kernel: time 1000, 10 MHz, nothing queued, writes complete after 1 ms. */
void fk_reset(void);
/* Ticks in `ms` milliseconds at the fake's frequency. */
uint64_t fk_ms(uint64_t ms);
/* Queues an event for (driver, sub) with three arguments at virtual time `at`. */
void fk_event_at(uint64_t at, uint32_t driver, uint32_t sub, uint32_t a0, uint32_t a1, uint32_t a2);
/* Makes console input `s` arrive at virtual time `at`. */
void fk_input_at(uint64_t at, const char *s);
/* Presses (1) or releases (0) button `i` at virtual time `at`. */
void fk_button_at(uint64_t at, uint32_t i, uint32_t pressed);
/* Drives input pin `pin` to `level` at virtual time `at`. */
void fk_gpio_at(uint64_t at, uint32_t pin, uint32_t level);
/* ORs IPC notification `bits` into the process's pending bits at virtual time `at`; the event
 * (TICK_DRIVER_IPC, 1) is queued when none were pending and none is queued, as the kernel does. */
void fk_ipc_bits_at(uint64_t at, uint32_t bits);
/* An event happens now: a function call if subscribed, else a null-upcall record. */
void fk_fire(uint32_t driver, uint32_t sub, uint32_t a0, uint32_t a1, uint32_t a2);
/* Length of the current allow of (cls, driver, slot); 0 if none. */
size_t fk_allowed_len(uint32_t cls, uint32_t driver, uint32_t slot);
/* IPC endpoints' async calls and takes (fake_ipc.c): something of `kind` (FK_IPC_*) happens at
 * virtual time `at`; the model's commands (REPLY, CALL_ASYNC, CALL_CANCEL, TAKE). */
void fk_ipc_at(uint64_t at, enum fk_kind kind, uint32_t a0, uint32_t a1);
void fk_ipc_timed(enum fk_kind kind, uint32_t a0, uint32_t a1);
tick_regs_t fk_ipc_command(uint32_t cmd, uint32_t a0, uint32_t a1);
/* Advances virtual time to `t`, processing everything due. */
void fk_advance(uint64_t t);
/* Number of logged calls of class `cls` whose first two arguments match (~0 = any). */
int fk_count(uint32_t cls, uintptr_t a0, uintptr_t a1);
/* Current allow of (cls, driver, slot); NULL ptr if none. */
uintptr_t fk_allowed_ptr(uint32_t cls, uint32_t driver, uint32_t slot);
/* Number of queued entries for (driver, sub). */
int fk_queued(uint32_t driver, uint32_t sub);

#endif
