/* Layer 1: Tick's IPC endpoints (driver 0xE0000): register, find, call, receive, reply, identify, and a service skeleton. */
#include <string.h>
#include <tick/ipc.h>
#include <tick/time.h>
#include <tick/upcall.h>
#include <tick/wait.h>

enum {
  RO_NAME = 0, RO_SEND = 1, RO_LEASE2 = 2, RW_RECV = 0, RW_IDENTITY = 1, RW_LEASE0 = 2,
  SUB_REGISTERED = 0, CMD_REGISTER = 1, CMD_FIND = 2, CMD_REPLY = 3, CMD_IDENTIFY = 4,
  CMD_LEASE_INFO = 6, CMD_LEASE_READ = 7, CMD_LEASE_WRITE = 8, CMD_NOTIFY_SERVICE = 9,
  CMD_NOTIFY_CLIENT = 10, CMD_TAKE_BITS = 11, RO_EVENTS = 4,
};

/* What is allowed now in the two buffers every call uses, so that a loop that keeps its
 * buffers costs no allow per call. */
static const void *sent_ptr;
static size_t sent_len;
static void *recv_ptr;
static size_t recv_len;

static int use_send(const void *p, size_t len) {
  if (len == 0 || (p == sent_ptr && len <= sent_len)) return TICK_OK;
  uint32_t err = tick_allow_ro(TICK_DRIVER_IPC, RO_SEND, p, len).error;
  if (err) return tick_rc_from_error(err);
  sent_ptr = p;
  sent_len = len;
  return TICK_OK;
}

static int use_recv(void *p, size_t cap) {
  if (p == recv_ptr && cap == recv_len) return TICK_OK;
  uint32_t err = tick_allow_rw(TICK_DRIVER_IPC, RW_RECV, p, cap).error;
  if (err) return tick_rc_from_error(err);
  recv_ptr = p;
  recv_len = cap;
  return TICK_OK;
}

/* Runs command `cmd` (arguments arg0, arg1) on the name in read-only allow 0. */
static tick_result_t with_name(uint32_t cmd, const char *name, uint32_t arg0, uint32_t arg1) {
  tick_result_t r = {0, 0, 0, 0, 0};
  tick_allow_result_t a = tick_allow_ro(TICK_DRIVER_IPC, RO_NAME, name, strlen(name));
  if (a.error) {
    r.error = a.error;
    return r;
  }
  r = tick_command(TICK_DRIVER_IPC, cmd, arg0, arg1);
  tick_allow_ro(TICK_DRIVER_IPC, RO_NAME, NULL, 0);
  return r;
}

int tick_ipc_register(const char *name) {
  return tick_rc_from_error(tick_command_check(with_name(CMD_REGISTER, name, 0, 0), TICK_SUCCESS_U32));
}

static int find(const char *name, uint32_t short_id, unsigned key, tick_ipc_handle_t *handle) {
  tick_result_t r = with_name(CMD_FIND, name, short_id, key);
  uint32_t err = tick_command_check(r, TICK_SUCCESS_U32);
  if (err) return tick_rc_from_error(err);
  *handle = r.r1;
  return TICK_OK;
}

int tick_ipc_find(const char *name, tick_ipc_handle_t *handle) { return find(name, 0, 0, handle); }

int tick_ipc_find_timeout(const char *name, uint32_t timeout_ms, tick_ipc_handle_t *handle) {
  return tick_ipc_find_verified(name, 0, timeout_ms, handle);
}

int tick_ipc_find_verified(const char *name, uint32_t short_id, uint32_t timeout_ms,
                           tick_ipc_handle_t *handle) {
  return tick_ipc_find_signed(name, short_id, 0, timeout_ms, handle);
}

int tick_ipc_find_signed(const char *name, uint32_t short_id, unsigned key, uint32_t timeout_ms,
                         tick_ipc_handle_t *handle) {
  if (tick_in_upcall()) return TICK_EINUPCALL;
  tick_deadline_t d = tick_deadline_in_ms(timeout_ms);
  for (;;) {
    /* A registration after this find leaves an event behind (the find made our grant), so
     * the wait below cannot miss it. */
    int rc = find(name, short_id, key, handle);
    if (rc != TICK_ENODEVICE) return rc;
    tick_upcall_args_t ignored;
    rc = tick_wait_event(TICK_DRIVER_IPC, SUB_REGISTERED, d, &ignored);
    if (rc < 0) return rc;
  }
}

/* Turns an IPC yield's result into a layer 1 return code. */
static int result(tick_ipc_result_t r) {
  if (r.status == TICK_IPC_OK) return TICK_OK;
  if (r.status == TICK_WAITANY_DEADLINE) return TICK_ETIMEOUT;
  if (r.status == TICK_IPC_FAILED && r.v1 != 0) return tick_rc_from_error(r.v1);
  return TICK_EBADRVAL;
}

/* A receive's answer: the message's token, length and client in msg, or the error. */
static int received(tick_ipc_result_t r, tick_ipc_msg_t *msg) {
  int rc = result(r);
  if (rc < 0) return rc;
  msg->token = r.v1;
  msg->len = r.v2;
  msg->client = r.v3;
  return TICK_OK;
}

/* Set by layer 2 (ipc_async.c) when it starts an async call: tells whether one is live. The
 * kernel keeps one call per client, so a blocking call now would replace it and its completion
 * never come. A pointer in bss, not a weak function: an absent weak function is not 0 in a
 * relocated Cortex-M app (docs/porting.md). */
bool (*tick__ipc_call_live)(void);

static int call(tick_ipc_handle_t handle, const void *req, size_t req_len, void *resp,
                size_t resp_cap, uint32_t *code, bool timed, uint32_t timeout_ms,
                uint32_t lease_flags) {
  if (tick_in_upcall()) return TICK_EINUPCALL;
  if (tick__ipc_call_live && tick__ipc_call_live()) return TICK_EBUSY;
  if (req_len > TICK_IPC_MAX_PAYLOAD) return TICK_ESIZE;
  int rc = use_send(req, req_len);
  if (rc == TICK_OK) rc = use_recv(resp, resp_cap);
  if (rc < 0) return rc;
  tick_deadline_t d = timed ? tick_deadline_in_ms(timeout_ms) : TICK_NO_DEADLINE;
  tick_ipc_result_t r = tick_yield_ipc_call(
      handle, (uint32_t)req_len | (d.set ? TICK_IPC_HAS_DEADLINE : 0u) | lease_flags, d.at);
  rc = result(r);
  if (rc < 0) return rc;
  if (code) *code = r.v2;
  return (int)r.v1;
}

int tick_ipc_call(tick_ipc_handle_t handle, const void *req, size_t req_len, void *resp,
                  size_t resp_cap, uint32_t *code) {
  return call(handle, req, req_len, resp, resp_cap, code, false, 0, 0);
}

int tick_ipc_call_timeout(tick_ipc_handle_t handle, const void *req, size_t req_len, void *resp,
                          size_t resp_cap, uint32_t *code, uint32_t timeout_ms) {
  return call(handle, req, req_len, resp, resp_cap, code, true, timeout_ms, 0);
}

int tick_ipc_call_leases(tick_ipc_handle_t handle, const void *req, size_t req_len, void *resp,
                         size_t resp_cap, uint32_t *code, const tick_ipc_lease_t *leases,
                         uint32_t timeout_ms) {
  uint32_t flags = 0;
  for (unsigned n = 0; leases && n < TICK_IPC_LEASES; n++) {
    if (!leases[n].buf) continue;
    uint32_t err = n < 2 ? tick_allow_rw(TICK_DRIVER_IPC, RW_LEASE0 + n, leases[n].buf, leases[n].len).error
                         : tick_allow_ro(TICK_DRIVER_IPC, RO_LEASE2 + n - 2, leases[n].buf, leases[n].len).error;
    if (err) return tick_rc_from_error(err);
    flags |= TICK_IPC_LEASE(n) | (n < 2 && leases[n].write_only ? TICK_IPC_LEASE_WRITE_ONLY(n) : 0u);
  }
  return call(handle, req, req_len, resp, resp_cap, code, timeout_ms != 0, timeout_ms, flags);
}

int tick_ipc_lease_info(uint32_t token, unsigned n, size_t *len, unsigned *rights) {
  tick_result_t r = tick_command(TICK_DRIVER_IPC, CMD_LEASE_INFO, token, n & 3u);
  uint32_t err = tick_command_check(r, TICK_SUCCESS_2U32);
  if (err) return tick_rc_from_error(err);
  if (len) *len = r.r1;
  if (rights) *rights = r.r2;
  return TICK_OK;
}

int tick_ipc_lease_read(uint32_t token, unsigned n, size_t offset, void *buf, size_t len) {
  tick_allow_rw(TICK_DRIVER_IPC, RW_IDENTITY, buf, len);
  tick_result_t r = tick_command(TICK_DRIVER_IPC, CMD_LEASE_READ, token, (n & 3u) | offset << 2);
  tick_allow_rw(TICK_DRIVER_IPC, RW_IDENTITY, NULL, 0);
  uint32_t err = tick_command_check(r, TICK_SUCCESS_U32);
  return err ? tick_rc_from_error(err) : (int)r.r1;
}

int tick_ipc_lease_write(uint32_t token, unsigned n, size_t offset, const void *buf, size_t len) {
  tick_allow_ro(TICK_DRIVER_IPC, RO_NAME, buf, len);
  tick_result_t r = tick_command(TICK_DRIVER_IPC, CMD_LEASE_WRITE, token, (n & 3u) | offset << 2);
  tick_allow_ro(TICK_DRIVER_IPC, RO_NAME, NULL, 0);
  uint32_t err = tick_command_check(r, TICK_SUCCESS_U32);
  return err ? tick_rc_from_error(err) : (int)r.r1;
}

static int recv(uint32_t token, const void *reply, size_t len, uint32_t code, void *buf,
                size_t cap, bool timed, uint32_t timeout_ms, tick_ipc_msg_t *msg) {
  if (tick_in_upcall()) return TICK_EINUPCALL;
  if (len > TICK_IPC_MAX_PAYLOAD) return TICK_ESIZE;
  int rc = use_send(reply, len);
  if (rc == TICK_OK) rc = use_recv(buf, cap);
  if (rc < 0) return rc;
  tick_deadline_t d = timed ? tick_deadline_in_ms(timeout_ms) : TICK_NO_DEADLINE;
  uint32_t spec = (uint32_t)len | (d.set ? TICK_IPC_HAS_DEADLINE : 0u) |
                  (code & 0xFFFFu) << TICK_IPC_CODE_SHIFT;
  tick_ipc_result_t r = tick_yield_ipc_recv(token, spec, d.at);
  return received(r, msg);
}

int tick_ipc_recv(void *buf, size_t cap, tick_ipc_msg_t *msg) {
  return recv(0, NULL, 0, 0, buf, cap, false, 0, msg);
}

int tick_ipc_recv_timeout(void *buf, size_t cap, uint32_t timeout_ms, tick_ipc_msg_t *msg) {
  return recv(0, NULL, 0, 0, buf, cap, true, timeout_ms, msg);
}

int tick_ipc_reply_recv(uint32_t token, const void *reply, size_t len, uint32_t code, void *buf,
                        size_t cap, tick_ipc_msg_t *msg) {
  return recv(token, reply, len, code, buf, cap, false, 0, msg);
}

int tick_ipc_reply(uint32_t token, const void *reply, size_t len, uint32_t code) {
  if (len > TICK_IPC_MAX_PAYLOAD) return TICK_ESIZE;
  int rc = use_send(reply, len);
  if (rc < 0) return rc;
  tick_result_t r = tick_command(TICK_DRIVER_IPC, CMD_REPLY, token,
                                 (uint32_t)len | (code & 0xFFFFu) << TICK_IPC_CODE_SHIFT);
  return tick_rc_from_error(tick_command_check(r, TICK_SUCCESS));
}

int tick_ipc_identify(uint32_t client, char *name, size_t cap, uint32_t *short_id) {
  return tick_ipc_identify_key(client, name, cap, short_id, NULL);
}

int tick_ipc_identify_key(uint32_t client, char *name, size_t cap, uint32_t *short_id,
                          unsigned *key) {
  tick_allow_rw(TICK_DRIVER_IPC, RW_IDENTITY, name, cap);
  tick_result_t r = tick_command(TICK_DRIVER_IPC, CMD_IDENTIFY, client, 0);
  tick_allow_rw(TICK_DRIVER_IPC, RW_IDENTITY, NULL, 0);
  uint32_t err = tick_command_check(r, TICK_SUCCESS_2U32);
  if (err) return tick_rc_from_error(err);
  uint32_t len = r.r2 & 0xFFu;   /* bits 8-15: the key its credentials verified with */
  if (short_id) *short_id = r.r1;
  if (key) *key = (unsigned)(r.r2 >> 8 & 0xFFu);
  if (cap) name[len < cap ? len : cap - 1] = '\0';
  return (int)len;
}

int tick_ipc_serve(const char *name, void *req, size_t req_cap, void *resp, size_t resp_cap,
                   tick_ipc_handler_fn *handler, void *ud) {
  int rc = tick_ipc_register(name);
  if (rc < 0 && rc != TICK_EALREADY) return rc;
  tick_ipc_msg_t msg;
  uint32_t token = 0, code = 0;
  size_t len = 0;
  for (;;) {
    rc = tick_ipc_reply_recv(token, resp, len, code, req, req_cap, &msg);
    if (rc < 0) return rc;
    code = 0;
    len = handler(&msg, req, resp, resp_cap, &code, ud);
    if (len > resp_cap) len = resp_cap;
    token = msg.token;
  }
}

int tick_ipc_notify_bits(tick_ipc_handle_t handle, uint32_t bits) {
  tick_result_t r = tick_command(TICK_DRIVER_IPC, CMD_NOTIFY_SERVICE, handle, bits);
  return tick_rc_from_error(tick_command_check(r, TICK_SUCCESS));
}

int tick_ipc_notify_client_bits(uint32_t client, uint32_t bits) {
  tick_result_t r = tick_command(TICK_DRIVER_IPC, CMD_NOTIFY_CLIENT, client, bits);
  return tick_rc_from_error(tick_command_check(r, TICK_SUCCESS));
}

uint32_t tick_ipc_take_bits(void) {
  tick_result_t r = tick_command(TICK_DRIVER_IPC, CMD_TAKE_BITS, 0, 0);
  return tick_command_check(r, TICK_SUCCESS_U32) ? 0 : r.r1;
}

int tick_ipc_recv_or_event(void *buf, size_t cap, const tick_upcall_id_t *events, unsigned n,
                           uint32_t timeout_ms, tick_ipc_msg_t *msg, tick_waitany_result_t *event) {
  static const tick_upcall_id_t *allowed;
  static unsigned allowed_n;
  if (tick_in_upcall()) return TICK_EINUPCALL;
  if (n == 0 || n > TICK_WAITANY_MAX) return TICK_EINVAL;
  if (events != allowed || n != allowed_n) {
    uint32_t err = tick_allow_ro(TICK_DRIVER_IPC, RO_EVENTS, events, n * sizeof *events).error;
    if (err) return tick_rc_from_error(err);
    allowed = events;
    allowed_n = n;
  }
  int rc = use_recv(buf, cap);
  if (rc < 0) return rc;
  tick_deadline_t d = timeout_ms ? tick_deadline_in_ms(timeout_ms) : TICK_NO_DEADLINE;
  tick_ipc_result_t r = tick_yield_ipc_recv(
      0, TICK_IPC_WAIT_EVENTS | (d.set ? TICK_IPC_HAS_DEADLINE : 0u), d.at);
  if (r.status < n) {
    *event = (tick_waitany_result_t){r.status, r.v1, r.v2, r.v3};
    return 1;
  }
  return received(r, msg);
}
