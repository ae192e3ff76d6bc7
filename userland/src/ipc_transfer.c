/* Layer 1: IPC buffer transfer (driver 0xE0000 commands 12-14 and its transfer event) and a ring of slots on top. */
#include <tick/ipc.h>
#include <tick/upcall.h>
#include <tick/wait.h>

enum { CMD_XFER_DECLARE = 12, CMD_XFER_GIVE = 13, CMD_XFER_RELEASE = 14 };

static int plain(uint32_t cmd, uint32_t a0, uint32_t a1) {
  tick_result_t r = tick_command(TICK_DRIVER_IPC, cmd, a0, a1);
  return tick_rc_from_error(tick_command_check(r, TICK_SUCCESS));
}

int tick_ipc_buffer_declare(void *buf, size_t len) {
  return plain(CMD_XFER_DECLARE, (uint32_t)(uintptr_t)buf, (uint32_t)len);
}

int tick_ipc_buffer_release(void *buf) {
  return plain(CMD_XFER_RELEASE, (uint32_t)(uintptr_t)buf, 0);
}

int tick_ipc_buffer_give(uint32_t to, void *buf) {
  return plain(CMD_XFER_GIVE, to, (uint32_t)(uintptr_t)buf);
}

static int wait_until(tick_deadline_t d, tick_ipc_buffer_t *out) {
  if (tick_in_upcall()) return TICK_EINUPCALL;
  tick_upcall_args_t a;
  int rc = tick_wait_event(TICK_DRIVER_IPC, TICK_IPC_SUB_TRANSFER, d, &a);
  if (rc < 0) return rc;
  *out = (tick_ipc_buffer_t){(void *)(uintptr_t)a.arg0, a.arg1 & ~TICK_IPC_XFER_RETURNED, a.arg2,
                             (a.arg1 & TICK_IPC_XFER_RETURNED) != 0};
  return TICK_OK;
}

int tick_ipc_buffer_wait(tick_ipc_buffer_t *out) {
  return wait_until(TICK_NO_DEADLINE, out);
}

int tick_ipc_buffer_wait_timeout(uint32_t timeout_ms, tick_ipc_buffer_t *out) {
  return wait_until(tick_deadline_in_ms(timeout_ms), out);
}

/* ---- A ring of slots ---------------------------------------------------------------------- */

static int slot_of(const tick_ipc_ring_t *ring, const void *p) {
  const uint8_t *b = p;
  if (b < ring->base || b >= ring->base + ring->n * ring->slot_size) return -1;
  size_t off = (size_t)(b - ring->base);
  return off % ring->slot_size ? -1 : (int)(off / ring->slot_size);
}

int tick_ipc_ring_init(tick_ipc_ring_t *ring, void *base, size_t slot_size, unsigned n) {
  if (n == 0 || n > 4) return TICK_EINVAL;
  *ring = (tick_ipc_ring_t){base, slot_size, n, 0};
  for (unsigned i = 0; i < n; i++) {
    int rc = tick_ipc_buffer_declare(ring->base + i * slot_size, slot_size);
    if (rc < 0) return rc;
    ring->home |= 1u << i;
  }
  return TICK_OK;
}

void *tick_ipc_ring_take(tick_ipc_ring_t *ring, uint32_t timeout_ms) {
  tick_deadline_t d = timeout_ms ? tick_deadline_in_ms(timeout_ms) : TICK_NO_DEADLINE;
  while (!ring->home) {
    tick_ipc_buffer_t b;
    if (wait_until(d, &b) < 0) return NULL;
    int i = slot_of(ring, b.buf);
    if (i >= 0) ring->home |= 1u << i;   /* one of ours came back (given, or its holder ended) */
  }
  unsigned i = 0;
  while (!(ring->home & (1u << i))) i++;
  ring->home &= ~(1u << i);
  return ring->base + i * ring->slot_size;
}

int tick_ipc_ring_give(tick_ipc_ring_t *ring, void *slot, uint32_t to) {
  if (slot_of(ring, slot) < 0) return TICK_EINVAL;
  return tick_ipc_buffer_give(to, slot);
}

void tick_ipc_ring_put_back(tick_ipc_ring_t *ring, void *slot) {
  int i = slot_of(ring, slot);
  if (i >= 0) ring->home |= 1u << i;
}
