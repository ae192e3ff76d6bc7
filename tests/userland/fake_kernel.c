/* Host tests: the fake kernel's system calls, queue, virtual time and drivers. */
#include "fake_kernel.h"
#include "fake_loader.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct fake_kernel fk;

static void die(const char *why) {
  fprintf(stderr, "fake kernel: %s\n", why);
  abort();
}

void fk_reset(void) {
  memset(&fk, 0, sizeof fk);
  fk.now = 1000;
  fk.freq = 10000000;
  fk.write_delay = fk_ms(1);
  fk.rng_delay = fk_ms(1);
}

uint64_t fk_ms(uint64_t ms) { return ms * (fk.freq / 1000); }

static tick_regs_t regs(uint32_t r0, uint32_t r1, uint32_t r2, uint32_t r3) {
  return (tick_regs_t){r0, r1, r2, r3};
}
static tick_regs_t ok(void) { return regs(TICK_SUCCESS, 0, 0, 0); }
static tick_regs_t ok_u32(uint32_t v) { return regs(TICK_SUCCESS_U32, v, 0, 0); }
static tick_regs_t fail(uint32_t err) { return regs(TICK_FAILURE, err, 0, 0); }

/* ---- timed items --------------------------------------------------------------------- */

static struct fk_timed *add_timed(uint64_t at, enum fk_kind kind) {
  if (fk.ntimed == FK_TIMED) die("too many timed items");
  struct fk_timed *t = &fk.timed[fk.ntimed++];
  memset(t, 0, sizeof *t);
  t->at = at;
  t->kind = kind;
  return t;
}

static void remove_timed_kind(enum fk_kind kind) {
  for (int i = 0; i < fk.ntimed; i++) {
    if (fk.timed[i].kind == kind) {
      fk.timed[i--] = fk.timed[--fk.ntimed];
    }
  }
}

void fk_ipc_bits_at(uint64_t at, uint32_t bits) { add_timed(at, FK_IPC_BITS)->args[0] = bits; }

void fk_ipc_at(uint64_t at, enum fk_kind kind, uint32_t a0, uint32_t a1) {
  struct fk_timed *t = add_timed(at, kind);
  t->args[0] = a0;
  t->args[1] = a1;
}

void fk_event_at(uint64_t at, uint32_t driver, uint32_t sub, uint32_t a0, uint32_t a1,
                 uint32_t a2) {
  struct fk_timed *t = add_timed(at, FK_EVENT);
  t->driver = driver;
  t->sub = sub;
  t->args[0] = a0;
  t->args[1] = a1;
  t->args[2] = a2;
}

void fk_button_at(uint64_t at, uint32_t i, uint32_t pressed) {
  struct fk_timed *t = add_timed(at, FK_BUTTON);
  t->args[0] = i;
  t->args[1] = pressed;
}

void fk_gpio_at(uint64_t at, uint32_t pin, uint32_t level) {
  struct fk_timed *t = add_timed(at, FK_GPIO);
  t->args[0] = pin;
  t->args[1] = level;
}

void fk_input_at(uint64_t at, const char *s) {
  for (; *s; s++) add_timed(at, FK_INPUT)->byte = *s;
}

/* ---- the upcall queue ------------------------------------------------------------------ */

static int find_sub(uint32_t driver, uint32_t sub) {
  for (int i = 0; i < fk.nsubs; i++)
    if (fk.subs[i].driver == driver && fk.subs[i].sub == sub) return i;
  return -1;
}

/* An event happens: a function call if subscribed, else a null-upcall record. */
static void fire(uint32_t driver, uint32_t sub, uint32_t a0, uint32_t a1, uint32_t a2) {
  if (fk.nqueue == FK_QUEUE) die("upcall queue overflow");
  int s = find_sub(driver, sub);
  fk.queue[fk.nqueue++] = (struct fk_entry){
      driver, sub, {a0, a1, a2}, s >= 0 ? fk.subs[s].fn : 0, s >= 0 ? fk.subs[s].data : 0};
}

void fk_fire(uint32_t driver, uint32_t sub, uint32_t a0, uint32_t a1, uint32_t a2) {
  fire(driver, sub, a0, a1, a2);
}

static struct fk_entry take(int i) {
  struct fk_entry e = fk.queue[i];
  memmove(&fk.queue[i], &fk.queue[i + 1], (size_t)(fk.nqueue - i - 1) * sizeof e);
  fk.nqueue--;
  return e;
}

int fk_queued(uint32_t driver, uint32_t sub) {
  int n = 0;
  for (int i = 0; i < fk.nqueue; i++) n += fk.queue[i].driver == driver && fk.queue[i].sub == sub;
  return n;
}

/* ---- allow slots ------------------------------------------------------------------------ */

static int find_allow(uint32_t cls, uint32_t driver, uint32_t slot) {
  for (int i = 0; i < fk.nallows; i++)
    if (fk.allows[i].cls == cls && fk.allows[i].driver == driver && fk.allows[i].slot == slot)
      return i;
  return -1;
}

uintptr_t fk_allowed_ptr(uint32_t cls, uint32_t driver, uint32_t slot) {
  int i = find_allow(cls, driver, slot);
  return i < 0 ? 0 : fk.allows[i].ptr;
}

static size_t allowed_len(uint32_t cls, uint32_t driver, uint32_t slot) {
  int i = find_allow(cls, driver, slot);
  return i < 0 ? 0 : fk.allows[i].len;
}

size_t fk_allowed_len(uint32_t cls, uint32_t driver, uint32_t slot) {
  return allowed_len(cls, driver, slot);
}

/* ---- drivers ------------------------------------------------------------------------------ */

static void serve_read(void) {
  if (!fk.read_pending) return;
  char *buf = (char *)fk_allowed_ptr(TICK_CLASS_ALLOW_RW, 1, 1);
  size_t len = allowed_len(TICK_CLASS_ALLOW_RW, 1, 1);
  while (buf && fk.read_got < fk.read_len && fk.read_got < len && fk.in_pos < fk.in_len)
    buf[fk.read_got++] = fk.in[fk.in_pos++];
  if (fk.read_got >= fk.read_len) {
    fk.read_pending = false;
    fire(1, 2, 0, fk.read_got, 0);
  }
}

static void process(struct fk_timed t) {
  switch (t.kind) {
  case FK_EVENT:
    if (t.driver == TICK_DRIVER_APP_LOADER) fk_loader.pending = false;
    fire(t.driver, t.sub, t.args[0], t.args[1], t.args[2]);
    break;
  case FK_ALARM:
    fk.alarm_armed = false;
    fire(0, 0, (uint32_t)fk.now, fk.alarm_expiration, 0);
    break;
  case FK_WRITE_DONE:
    fk.write_pending = false;
    fire(1, 1, t.args[0], 0, 0);
    break;
  case FK_INPUT:
    if (fk.in_len < sizeof fk.in) fk.in[fk.in_len++] = t.byte;
    serve_read();
    break;
  case FK_READ_CANCEL:
    if (fk.read_pending) {
      fk.read_pending = false;
      fire(1, 2, TICK_ERR_CANCEL, fk.read_got, 0);
    }
    break;
  case FK_RNG_FILL: {
    /* As the capsule: the request is clipped to the buffer allowed now (none: 0 bytes). */
    fk.rng_fill_scheduled = false;
    if (!fk.rng_pending) break;
    uint8_t *buf = (uint8_t *)fk_allowed_ptr(TICK_CLASS_ALLOW_RW, TICK_DRIVER_RNG, 0);
    size_t len = allowed_len(TICK_CLASS_ALLOW_RW, TICK_DRIVER_RNG, 0);
    uint32_t n = fk.rng_len < len ? fk.rng_len : (uint32_t)len;
    for (uint32_t i = 0; i < n; i++) buf[i] = ++fk.rng_next;
    fk.rng_pending = false;
    fire(TICK_DRIVER_RNG, 0, 0, n, 0);
    break;
  }
  case FK_BUTTON: {
    uint32_t i = t.args[0], bit = 1u << i;
    bool was = fk.buttons & bit;
    fk.buttons = t.args[1] ? fk.buttons | bit : fk.buttons & ~bit;
    if (was != !!t.args[1] && (fk.buttons_enabled & bit)) fire(3, 0, i, t.args[1], 0);
    break;
  }
  case FK_IPC_REPLY: case FK_IPC_DIE: case FK_IPC_CALL_IN:
    fk_ipc_timed(t.kind, t.args[0], t.args[1]);
    break;
  case FK_IPC_BITS: {
    bool none = fk.ipc_bits == 0;
    fk.ipc_bits |= t.args[0];
    if (none && fk_queued(TICK_DRIVER_IPC, 1) == 0) fire(TICK_DRIVER_IPC, 1, 0, 0, 0);
    break;
  }
  case FK_GPIO: {
    uint32_t pin = t.args[0], bit = 1u << pin;
    bool was = fk.gpio_level & bit, now = t.args[1] != 0;
    if (fk.gpio_output & bit) break; /* outputs are not driven from outside */
    fk.gpio_level = now ? fk.gpio_level | bit : fk.gpio_level & ~bit;
    uint8_t edge = fk.gpio_edge[pin];
    if (was != now && (fk.gpio_irq & bit) && fk.gpio_used &&
        (edge == 0 || (edge == 1 && now) || (edge == 2 && !now)))
      fire(4, 0, pin, now, 0);
    break;
  }
  }
}

void fk_advance(uint64_t t) {
  for (;;) {
    int first = -1;
    for (int i = 0; i < fk.ntimed; i++)
      if (fk.timed[i].at <= t && (first < 0 || fk.timed[i].at < fk.timed[first].at)) first = i;
    if (first < 0) break;
    struct fk_timed item = fk.timed[first];
    memmove(&fk.timed[first], &fk.timed[first + 1], (size_t)(fk.ntimed - first - 1) * sizeof item);
    fk.ntimed--;
    if (item.at > fk.now) fk.now = item.at;
    process(item);
  }
  if (t > fk.now) fk.now = t;
}

static uint64_t next_timed(void) {
  uint64_t at = FK_NEVER;
  for (int i = 0; i < fk.ntimed; i++)
    if (fk.timed[i].at < at) at = fk.timed[i].at;
  return at;
}

/* 64-bit time of a 32-bit tick value taken as lying within 2^31 of now. */
static uint64_t expand(uint32_t ticks) {
  int32_t delta = (int32_t)(ticks - (uint32_t)fk.now);
  return (uint64_t)((int64_t)fk.now + delta);
}

static tick_regs_t alarm_command(uint32_t cmd, uint32_t a0, uint32_t a1) {
  switch (cmd) {
  case 0: return ok();
  case 1: return ok_u32(fk.freq);
  case 2: return ok_u32((uint32_t)fk.now);
  case 3:
    if (!fk.alarm_armed) return fail(TICK_ERR_ALREADY);
    fk.alarm_armed = false;
    remove_timed_kind(FK_ALARM);
    return ok();
  case 5:
  case 6: {
    uint32_t ref = cmd == 5 ? (uint32_t)fk.now : a0, dt = cmd == 5 ? a0 : a1;
    remove_timed_kind(FK_ALARM);
    uint64_t at = expand(ref) + dt;
    fk.alarm_armed = true;
    fk.alarm_expiration = ref + dt;
    add_timed(at < fk.now ? fk.now : at, FK_ALARM);
    return ok_u32(ref + dt);
  }
  default: return fail(TICK_ERR_NOSUPPORT);
  }
}

static tick_regs_t console_command(uint32_t cmd, uint32_t a0) {
  switch (cmd) {
  case 0: return ok();
  case 1: {
    if (fk.write_pending) {
      if (a0 != 0) return fail(TICK_ERR_BUSY);
      if (!fk.ignore_write_cancel) { /* zero-length write: cancel, report what was sent */
        remove_timed_kind(FK_WRITE_DONE);
        add_timed(fk.now + fk.cancel_delay, FK_WRITE_DONE)->args[0] = 0;
      }
      return ok();
    }
    const char *buf = (const char *)fk_allowed_ptr(TICK_CLASS_ALLOW_RO, 1, 1);
    size_t len = allowed_len(TICK_CLASS_ALLOW_RO, 1, 1);
    uint32_t n = a0 < len ? a0 : (uint32_t)len;
    if (n && fk.out_len + n <= sizeof fk.out) {
      memcpy(fk.out + fk.out_len, buf, n);
      fk.out_len += n;
    }
    fk.write_pending = true;
    fk.write_len = n;
    if (fk.write_delay != FK_NEVER) add_timed(fk.now + fk.write_delay, FK_WRITE_DONE)->args[0] = n;
    return ok();
  }
  case 2:
    if (fk.read_pending) return fail(TICK_ERR_BUSY);
    if (allowed_len(TICK_CLASS_ALLOW_RW, 1, 1) == 0) return fail(TICK_ERR_RESERVE);
    if (a0 == 0) return fail(TICK_ERR_INVAL);
    fk.read_len = a0;
    fk.read_got = 0;
    fk.read_pending = true;
    serve_read();
    return ok();
  case 3:
    for (; fk.input_on_abort && *fk.input_on_abort; fk.input_on_abort++)
      if (fk.in_len < sizeof fk.in) fk.in[fk.in_len++] = *fk.input_on_abort;
    serve_read();
    if (fk.read_pending && fk.cancel_delay != FK_NEVER)
      add_timed(fk.now + fk.cancel_delay, FK_READ_CANCEL);
    return ok();
  default: return fail(TICK_ERR_NOSUPPORT);
  }
}

static tick_regs_t leds_command(uint32_t cmd, uint32_t led) {
  if (cmd == 0) return ok_u32(4);
  if (cmd > 4) return fail(TICK_ERR_NOSUPPORT);
  if (led >= 4) return fail(TICK_ERR_INVAL);
  uint32_t bit = 1u << led;
  if (cmd == 4) return ok_u32((fk.leds & bit) != 0);
  fk.leds = cmd == 1 ? fk.leds | bit : cmd == 2 ? fk.leds & ~bit : fk.leds ^ bit;
  return ok();
}

static tick_regs_t buttons_command(uint32_t cmd, uint32_t i) {
  if (cmd == 0) return ok_u32(4);
  if (cmd > 3) return fail(TICK_ERR_NOSUPPORT);
  if (i >= 4) return fail(TICK_ERR_INVAL);
  if (cmd == 3) return ok_u32((fk.buttons >> i) & 1);
  if (cmd == 1) fk.buttons_enabled |= 1u << i;
  else fk.buttons_enabled &= ~(1u << i);
  return ok();
}

static tick_regs_t gpio_command(uint32_t cmd, uint32_t pin, uint32_t a1) {
  if (cmd == 0) return ok();
  if (cmd == 10) return ok_u32(8);
  if (cmd > 9) return fail(TICK_ERR_NOSUPPORT);
  if (pin >= 8) return fail(TICK_ERR_INVAL);
  uint32_t bit = 1u << pin;
  switch (cmd) {
  case 1: fk.gpio_output |= bit; break;
  case 2: case 3: case 4:
    if (fk.gpio_output & bit)
      fk.gpio_level = cmd == 2 ? fk.gpio_level | bit : cmd == 3 ? fk.gpio_level & ~bit : fk.gpio_level ^ bit;
    break;
  case 5:
    if (a1 > 2) return fail(TICK_ERR_NOSUPPORT);
    fk.gpio_output &= ~bit;
    break;
  case 6: return ok_u32((fk.gpio_level & bit) != 0);
  case 7:
    if (a1 > 2) return fail(TICK_ERR_NOSUPPORT);
    fk.gpio_irq |= bit;
    fk.gpio_edge[pin] = (uint8_t)a1;
    fk.gpio_used = true;
    break;
  case 8: fk.gpio_irq &= ~bit; break;
  default: fk.gpio_irq &= ~bit; fk.gpio_output &= ~bit; break;
  }
  return ok();
}

static tick_regs_t rng_command(uint32_t cmd, uint32_t n) {
  if (fk.rng_absent) return fail(TICK_ERR_NODEVICE);
  if (cmd == 0) return ok();
  if (cmd != 1) return fail(TICK_ERR_NOSUPPORT);
  fk.rng_len = n; /* replaces a request still running, as the capsule does */
  fk.rng_pending = true;
  if (!fk.rng_fill_scheduled) {
    fk.rng_fill_scheduled = true;
    add_timed(fk.now + fk.rng_delay, FK_RNG_FILL);
  }
  return ok();
}

static tick_regs_t command(uint32_t driver, uint32_t cmd, uint32_t a0, uint32_t a1) {
  if (driver < 32 && (fk.absent >> driver) & 1) return fail(TICK_ERR_NODEVICE);
  switch (driver) {
  case 0: return alarm_command(cmd, a0, a1);
  case 1: return console_command(cmd, a0);
  case 2: return leds_command(cmd, a0);
  case 3: return buttons_command(cmd, a0);
  case 4: return gpio_command(cmd, a0, a1);
  case TICK_DRIVER_RNG: return rng_command(cmd, a0);
  case TICK_DRIVER_IPC:
    if (cmd == 0) return ok();
    if (cmd == 11) {
      uint32_t bits = fk.ipc_bits;
      fk.ipc_bits = 0;
      return ok_u32(bits);
    }
    if (cmd == 3 || cmd >= 15) return fk_ipc_command(cmd, a0, a1);
    return fail(TICK_ERR_NOSUPPORT);
  case TICK_DRIVER_APP_LOADER: return fk_loader_command(cmd, a0, a1);
  case 8:
    if (cmd > 3) return fail(TICK_ERR_NOSUPPORT);
    fk.lldb_last[0] = cmd;
    fk.lldb_last[1] = a0;
    fk.lldb_last[2] = a1;
    return ok();
  default: return fail(TICK_ERR_NODEVICE);
  }
}

/* ---- subscribe and allow ------------------------------------------------------------------ */

static int upcall_count(uint32_t driver) {
  switch (driver) {
  case 0: case 3: case 4: case TICK_DRIVER_RNG: return 1;
  case TICK_DRIVER_IPC: return 5;
  case TICK_DRIVER_APP_LOADER: return 6;
  case 1: return 3;
  case 2: case 8: return 0;
  default: return -1;
  }
}

static tick_regs_t subscribe(uint32_t driver, uint32_t sub, uintptr_t fn, uintptr_t data) {
  int n = upcall_count(driver);
  if (n < 0) return regs(TICK_FAILURE_2U32, TICK_ERR_NODEVICE, fn, data);
  if ((int)sub >= n) return regs(TICK_FAILURE_2U32, TICK_ERR_NOSUPPORT, fn, data);
  int s = find_sub(driver, sub);
  if (s < 0) {
    s = fk.nsubs++;
    fk.subs[s].driver = driver;
    fk.subs[s].sub = sub;
    fk.subs[s].fn = fk.subs[s].data = 0;
  }
  uintptr_t old_fn = fk.subs[s].fn, old_data = fk.subs[s].data;
  fk.subs[s].fn = fn;
  fk.subs[s].data = data;
  for (int i = 0; i < fk.nqueue; i++) /* drop queued calls of this id */
    if (fk.queue[i].driver == driver && fk.queue[i].sub == sub && fk.queue[i].fn) take(i--);
  return (tick_regs_t){TICK_SUCCESS_2U32, old_fn, old_data, 0};
}

static tick_regs_t allow(uint32_t cls, uint32_t driver, uint32_t slot, uintptr_t ptr, size_t len) {
  if (upcall_count(driver) < 0)
    return (tick_regs_t){TICK_FAILURE_2U32, TICK_ERR_NODEVICE, ptr, len};
  bool console = driver == 1 && slot <= 1 && cls != TICK_CLASS_ALLOW_UR;
  bool rng = driver == TICK_DRIVER_RNG && slot == 0 && cls == TICK_CLASS_ALLOW_RW;
  bool ipc = driver == TICK_DRIVER_IPC && slot <= 5 && cls != TICK_CLASS_ALLOW_UR;
  bool loader = driver == TICK_DRIVER_APP_LOADER && slot == 0 && cls == TICK_CLASS_ALLOW_RO;
  if (!console && !rng && !ipc && !loader) return (tick_regs_t){TICK_FAILURE_2U32, TICK_ERR_NOSUPPORT, ptr, len};
  /* Taking the write buffer back ends a pending write after the chunk in flight (the
   * capsule's behaviour): it reports completion cancel_delay later. */
  if (console && cls == TICK_CLASS_ALLOW_RO && slot == 1 && ptr == 0 && fk.write_pending &&
      !fk.ignore_write_cancel && fk.cancel_delay != FK_NEVER) {
    remove_timed_kind(FK_WRITE_DONE);
    add_timed(fk.now + fk.cancel_delay, FK_WRITE_DONE)->args[0] = fk.write_len;
  }
  int i = find_allow(cls, driver, slot);
  if (i < 0) {
    i = fk.nallows++;
    fk.allows[i].cls = cls;
    fk.allows[i].driver = driver;
    fk.allows[i].slot = slot;
    fk.allows[i].ptr = 0;
    fk.allows[i].len = 0;
  }
  tick_regs_t r = {TICK_SUCCESS_2U32, fk.allows[i].ptr, fk.allows[i].len, 0};
  fk.allows[i].ptr = ptr;
  fk.allows[i].len = len;
  return r;
}

/* ---- yield ------------------------------------------------------------------------------ */

static int first_call(void) {
  for (int i = 0; i < fk.nqueue; i++)
    if (fk.queue[i].fn) return i;
  return -1;
}

static void run(int i) {
  struct fk_entry e = take(i);
  fk.upcalls_run++;
  ((tick_upcall_fn *)e.fn)(e.args[0], e.args[1], e.args[2], (void *)e.data);
}

/* Blocks until time `limit` (FK_NEVER: until anything at all happens). */
static void block_until(uint64_t limit) {
  uint64_t next = next_timed();
  if (next == FK_NEVER && limit == FK_NEVER) die("deadlock: blocked with nothing to wait for");
  fk_advance(next < limit ? next : limit);
}

static tick_regs_t yield(uint32_t which, uintptr_t a1, uintptr_t a2, uintptr_t a3) {
  fk_advance(fk.now);
  switch (which) {
  case TICK_YIELD_NO_WAIT: {
    int i = first_call();
    if (a1) *(volatile uint8_t *)a1 = i >= 0;
    if (i >= 0) run(i);
    return regs(0, 0, 0, 0);
  }
  case TICK_YIELD_WAIT:
    for (;;) {
      int i = first_call();
      if (i >= 0) {
        run(i);
        return regs(0, 0, 0, 0);
      }
      block_until(FK_NEVER);
    }
  case TICK_YIELD_WAIT_FOR:
    for (;;) {
      for (int i = 0; i < fk.nqueue; i++) {
        if (fk.queue[i].driver == a1 && fk.queue[i].sub == a2) {
          struct fk_entry e = take(i);
          return regs(e.args[0], e.args[1], e.args[2], 0);
        }
      }
      block_until(FK_NEVER);
    }
  case TICK_YIELD_WAIT_ANY: {
    const tick_upcall_id_t *ids = (const tick_upcall_id_t *)a1;
    uint32_t count = a2 & 0xFF;
    bool has_deadline = a2 & TICK_WAITANY_HAS_DEADLINE;
    if ((a2 & ~0x1FFu) || count > TICK_WAITANY_MAX || (count == 0 && !has_deadline) ||
        (count && !ids))
      return regs(TICK_WAITANY_BADARGS, TICK_ERR_INVAL, 0, 0);
    uint64_t deadline = has_deadline ? expand((uint32_t)a3) : FK_NEVER;
    for (;;) {
      for (int i = 0; i < fk.nqueue; i++) {
        for (uint32_t k = 0; k < count; k++) {
          if (fk.queue[i].driver == ids[k].driver && fk.queue[i].sub == ids[k].subscribe) {
            struct fk_entry e = take(i);
            return regs(k, e.args[0], e.args[1], e.args[2]);
          }
        }
      }
      if (has_deadline && (int32_t)((uint32_t)fk.now - (uint32_t)a3) >= 0)
        return regs(TICK_WAITANY_DEADLINE, 0, 0, 0);
      block_until(deadline);
    }
  }
  default: die("bad yield number");
  }
  return regs(0, 0, 0, 0);
}

tick_regs_t tick_host_syscall(uint32_t cls, uintptr_t a0, uintptr_t a1, uintptr_t a2,
                              uintptr_t a3) {
  if (fk.nlog < FK_LOG) fk.log[fk.nlog++] = (struct fk_call){cls, {a0, a1, a2, a3}};
  switch (cls) {
  case TICK_CLASS_YIELD: return yield((uint32_t)a0, a1, a2, a3);
  case TICK_CLASS_SUBSCRIBE: return subscribe((uint32_t)a0, (uint32_t)a1, a2, a3);
  case TICK_CLASS_COMMAND: return command((uint32_t)a0, (uint32_t)a1, (uint32_t)a2, (uint32_t)a3);
  case TICK_CLASS_ALLOW_RW:
  case TICK_CLASS_ALLOW_RO:
  case TICK_CLASS_ALLOW_UR: return allow(cls, (uint32_t)a0, (uint32_t)a1, a2, a3);
  case TICK_CLASS_MEMOP: return fail(TICK_ERR_NOSUPPORT);
  case TICK_CLASS_EXIT:
    if (a0 > 1) return fail(TICK_ERR_NOSUPPORT);
    fk.exited = true;
    fk.exit_code = (uint32_t)a1;
    if (fk.exit_jmp) longjmp(*fk.exit_jmp, 1);
    die("the process exited");
    return fail(0);
  default: die("unexpected system call class"); return fail(0);
  }
}

int fk_count(uint32_t cls, uintptr_t a0, uintptr_t a1) {
  int n = 0;
  for (int i = 0; i < fk.nlog; i++)
    n += fk.log[i].cls == cls && (a0 == (uintptr_t)~0 || fk.log[i].a[0] == a0) &&
         (a1 == (uintptr_t)~0 || fk.log[i].a[1] == a1);
  return n;
}
