/* Layer 2: IPC endpoint calls and receives in async form (CALL_ASYNC / CALL_CANCEL / TAKE of driver 0xE0000). */
#include <tick/ipc.h>
#include <tick/time.h>

/* async_private.h declares tick__op_take weak (op.c must not pull it in); this file needs it
 * linked (ipc_bits.c: it hands receives back to tick__ipc_take_call), so it refers to it
 * strongly. */
#define tick__op_take tick__op_take_weak
#include "async_private.h"
#undef tick__op_take
bool tick__op_take(tick_op_t *op);

enum {
  RO_ASYNC_SEND = 5, RW_ASYNC_RECV = 4, RW_TAKE = 5, SUB_CALL_DONE = 3, SUB_CALL_WAITING = 4,
  CMD_EXISTS = 0, CMD_CALL_ASYNC = 15, CMD_CALL_CANCEL = 16, CMD_TAKE = 17,
};

/* A call: started by CALL_ASYNC (handle, length | leases), stopped by CALL_CANCEL, which the
 * kernel answers with the event (status CANCEL) unless the call had ended already: either way
 * one event follows, which the loop drains. Event (status, reply length, reply code). */
static const struct tick__op_kind call = {TICK_DRIVER_IPC, SUB_CALL_DONE, 0, 0, CMD_CALL_ASYNC,
                                          CMD_CALL_CANCEL, KIND_STATUS KIND_NAME("ipc call")};

/* A receive: the event says "a call waits"; TAKE takes it (into RW allow 5). Nothing runs in
 * the kernel for the op, so a cancel forgets it and the call waits for the next receive. */
static const struct tick__op_kind recv = {TICK_DRIVER_IPC, SUB_CALL_WAITING, TICK_CLASS_ALLOW_RW,
                                          RW_TAKE, CMD_EXISTS, CMD_TAKE, KIND_TAKE KIND_NAME("ipc receive")};

static tick_op_t *call_op;        /* the last call op started (one at a time) */
static tick_ipc_msg_t *recv_msg;  /* where the pending receive puts the call it takes */

bool tick__ipc_take_call(tick_op_t *op) {
  (void)op;
  tick_result_t r = tick_command(TICK_DRIVER_IPC, CMD_TAKE, 0, 0);
  if (r.variant != TICK_SUCCESS_3U32 || r.r1 == 0) return false; /* none: the kernel tells us */
  recv_msg->token = r.r1;
  recv_msg->len = r.r2;
  recv_msg->client = r.r3;
  return true;
}

/* Whether the call op is live; layer 1 refuses a blocking call meanwhile. */
static bool live(void) { return call_op && call_op->kind == &call && tick_op_pending(call_op); }
extern bool (*tick__ipc_call_live)(void); /* ipc_endpoint.c */

int tick_ipc_call_async(tick_op_t *op, tick_ipc_handle_t handle, const void *req, size_t req_len,
                        void *resp, size_t resp_cap, tick_op_fn *fn, void *data) {
  if (tick_op_pending(op) || live())
    return TICK_EBUSY;
  tick__ipc_call_live = live; /* before the allows: the live call still reads and writes them */
  if (req_len > TICK_IPC_MAX_PAYLOAD) return TICK_ESIZE;
  /* Its own buffers (not those of the blocking calls): the kernel uses them only while this
   * call is live, so they may stay allowed after it. */
  uint32_t err = tick_allow_ro(TICK_DRIVER_IPC, RO_ASYNC_SEND, req, req_len).error;
  if (!err) err = tick_allow_rw(TICK_DRIVER_IPC, RW_ASYNC_RECV, resp, resp_cap).error;
  if (err) return tick_rc_from_error(err);
  int rc = tick__op_start(op, &call, resp, handle, (uint32_t)req_len, fn, data);
  if (rc == TICK_OK) call_op = op;
  return rc;
}

int tick_ipc_recv_async(tick_op_t *op, void *buf, size_t cap, tick_ipc_msg_t *msg, tick_op_fn *fn,
                        void *data) {
  int rc = tick__op_start(op, &recv, buf, (uint32_t)cap, 0, fn, data);
  if (rc != TICK_OK) return rc;
  recv_msg = msg;
  /* A call waiting already raised its event earlier (or none was asked for): take it now and
   * complete at the next turn, as a timer due now. */
  if (tick__op_take(op)) {
    tick__op_unlink(op);
    tick_allow_rw(TICK_DRIVER_IPC, RW_TAKE, NULL, 0);
    op->state = TICK_OP_IDLE;
    return tick__timer_start(op, tick_time_now(), TICK_OK, fn, data);
  }
  return TICK_OK;
}
