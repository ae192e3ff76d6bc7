/* Host tests: the fake kernel's model of IPC endpoint calls and takes without waiting (driver 0xE0000 commands 3, 15-17, events 3-4), answering as kernel/ipc/endpoint_slow.c does. */
#include "fake_ipc.h"

#include <string.h>

enum { IPC = TICK_DRIVER_IPC, SUB_DONE = 3, SUB_WAITING = 4 };

struct fk_ipc fk_ipc;

static uint32_t text(const char *s) {
  fk_ipc.texts[fk_ipc.ntexts] = s;
  return (uint32_t)fk_ipc.ntexts++;
}

void fk_ipc_reply_at(uint64_t at, const char *s, uint32_t code) { fk_ipc_at(at, FK_IPC_REPLY, text(s), code); }
void fk_ipc_reply_to_at(uint64_t at, int call, const char *s, uint32_t code) {
  fk_ipc_at(at, FK_IPC_REPLY, text(s) | (uint32_t)call << 8, code);
}
void fk_ipc_die_at(uint64_t at) { fk_ipc_at(at, FK_IPC_DIE, 0, 0); }
void fk_ipc_call_in_at(uint64_t at, const char *s, uint32_t client) { fk_ipc_at(at, FK_IPC_CALL_IN, text(s), client); }

/* Copies s into the buffer allowed in (cls, IPC, slot), clipped; returns strlen(s). */
static uint32_t copy_out(uint32_t cls, uint32_t slot, const char *s) {
  uint32_t n = (uint32_t)strlen(s);
  size_t room = fk_allowed_len(cls, IPC, slot);
  char *to = (char *)fk_allowed_ptr(cls, IPC, slot);
  if (to) memcpy(to, s, n < room ? n : room);
  return n;
}

void fk_ipc_timed(enum fk_kind kind, uint32_t a0, uint32_t a1) {
  switch (kind) {
  case FK_IPC_REPLY:
    if (!fk_ipc.live || (a0 >> 8 && (int)(a0 >> 8) != fk_ipc.calls)) {
      fk_ipc.dropped++;
      break;
    }
    fk_ipc.live = false;
    fk_fire(IPC, SUB_DONE, 0, copy_out(TICK_CLASS_ALLOW_RW, 4, fk_ipc.texts[a0 & 0xFF]), a1);
    break;
  case FK_IPC_DIE:
    fk_ipc.stale = true;
    if (fk_ipc.live) fk_fire(IPC, SUB_DONE, TICK_ERR_IPC_PEER_DIED, 0, 0);
    fk_ipc.live = false;
    break;
  default:
    fk_ipc.in[fk_ipc.nin].text = a0;
    fk_ipc.in[fk_ipc.nin++].client = a1;
    if (fk_ipc.want) fk_fire(IPC, SUB_WAITING, 0, 0, 0);
    fk_ipc.want = false;
    break;
  }
}

static tick_regs_t r(uint32_t v0, uint32_t v1, uint32_t v2, uint32_t v3) { return (tick_regs_t){v0, v1, v2, v3}; }

tick_regs_t fk_ipc_command(uint32_t cmd, uint32_t a0, uint32_t a1) {
  uint32_t len = a1 & 0x1FFu;
  switch (cmd) {
  case 3: { /* REPLY: recorded (the model's clients are not this process) */
    const char *from = (const char *)fk_allowed_ptr(TICK_CLASS_ALLOW_RO, IPC, 1);
    if (len > 256 || (len && fk_allowed_len(TICK_CLASS_ALLOW_RO, IPC, 1) < len))
      return r(TICK_FAILURE, TICK_ERR_INVAL, 0, 0);
    if (fk_ipc.nreplied < 8) {
      fk_ipc.replied[fk_ipc.nreplied].token = a0;
      fk_ipc.replied[fk_ipc.nreplied].len = len;
      fk_ipc.replied[fk_ipc.nreplied].code = a1 >> 16;
      memcpy(fk_ipc.replied[fk_ipc.nreplied].text, from, len < 15 ? len : 15);
      fk_ipc.nreplied++;
    }
    return r(TICK_SUCCESS, 0, 0, 0);
  }
  case 15: /* CALL_ASYNC */
    if (a0 != FK_IPC_HANDLE || (a1 & ~0xFDFFu) || len > 256 ||
        (len && fk_allowed_len(TICK_CLASS_ALLOW_RO, IPC, 5) < len))
      return r(TICK_FAILURE, TICK_ERR_INVAL, 0, 0);
    if (fk_ipc.live) return r(TICK_FAILURE, TICK_ERR_BUSY, 0, 0);
    if (fk_ipc.stale) return r(TICK_FAILURE, TICK_ERR_IPC_STALE, 0, 0);
    fk_ipc.request_len = len < sizeof fk_ipc.request ? len : sizeof fk_ipc.request;
    if (len) memcpy(fk_ipc.request, (const void *)fk_allowed_ptr(TICK_CLASS_ALLOW_RO, IPC, 5), fk_ipc.request_len);
    fk_ipc.live = true;
    fk_ipc.calls++;
    return r(TICK_SUCCESS, 0, 0, 0);
  case 16: /* CALL_CANCEL: one event follows every call */
    if (!fk_ipc.live) return r(TICK_FAILURE, TICK_ERR_ALREADY, 0, 0);
    fk_ipc.live = false;
    fk_ipc.cancels++;
    fk_fire(IPC, SUB_DONE, TICK_ERR_CANCEL, 0, 0);
    return r(TICK_SUCCESS, 0, 0, 0);
  case 17: { /* TAKE */
    if (fk_ipc.nin == 0) {
      fk_ipc.want = true;
      return r(TICK_SUCCESS_3U32, 0, 0, 0);
    }
    uint32_t n = copy_out(TICK_CLASS_ALLOW_RW, 5, fk_ipc.texts[fk_ipc.in[0].text]), client = fk_ipc.in[0].client;
    memmove(&fk_ipc.in[0], &fk_ipc.in[1], (size_t)--fk_ipc.nin * sizeof fk_ipc.in[0]);
    return r(TICK_SUCCESS_3U32, ++fk_ipc.tokens | 0x100u, n, client);
  }
  default: return r(TICK_FAILURE, TICK_ERR_NOSUPPORT, 0, 0);
  }
}
