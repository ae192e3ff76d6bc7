/* ipc_conformance: checks every command, yield and error code of IPC endpoints (driver 0xE0000) and of Tock's IPC driver (0x10000) against docs/ipc.md, with ipc_conf_peer; prints a pass count. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <tick.h>

#define IPC TICK_DRIVER_IPC
#define LEGACY TICK_DRIVER_IPC_LEGACY
enum {
  RO_NAME = 0, RO_SEND = 1, RO_EVENTS = 4, RW_RECV = 0, RW_IDENTITY = 1,
  C_EXISTS = 0, C_REGISTER = 1, C_FIND = 2, C_REPLY = 3, C_IDENTIFY = 4, C_CLOSE = 5,
  C_LEASE_INFO = 6, C_LEASE_READ = 7, C_LEASE_WRITE = 8, C_NOTIFY_SERVICE = 9,
  C_NOTIFY_CLIENT = 10, C_TAKE_BITS = 11,
};
#define OK_U32 0xffffffffu   /* stands for "Success with a u32" in expectations */

static unsigned n_ok, n_fail;

static void check(const char *name, bool ok, uint32_t got, uint32_t want) {
  if (ok) {
    n_ok++;
    return;   /* quiet when it passes: the count says it */
  }
  n_fail++;
  printf("FAIL %s: got 0x%lx expected 0x%lx\n", name, (unsigned long)got, (unsigned long)want);
}

/* A command's outcome as one number: 0 for Success (any variant), else its error code. */
static uint32_t outcome(tick_result_t r) { return r.variant >= TICK_SUCCESS ? 0 : r.error; }

/* Runs command c with the name in RO allow 0 (NULL: none allowed); checks its error code. */
static tick_result_t named(uint32_t c, const char *name, uint32_t a0, uint32_t a1) {
  tick_allow_ro(IPC, RO_NAME, name, name ? strlen(name) : 0);
  tick_result_t r = tick_command(IPC, c, a0, a1);
  tick_allow_ro(IPC, RO_NAME, NULL, 0);
  return r;
}
static void expect_cmd(const char *what, tick_result_t r, uint32_t err) {
  check(what, outcome(r) == err, outcome(r), err);
}

static char send_buf[300], recv_buf[64], ident[32], lease_buf[32];

/* Raw Yield-IPC-Call of len bytes of send_buf; a deadline ms from now if ms. */
static tick_ipc_result_t call_raw(uint32_t h, uint32_t spec, uint32_t ms) {
  tick_deadline_t d = tick_deadline_in_ms(ms);
  return tick_yield_ipc_call(h, spec | (ms ? TICK_IPC_HAS_DEADLINE : 0), d.at);
}
static tick_ipc_result_t call_text(uint32_t h, const char *text, uint32_t ms) {
  size_t n = strlen(text);
  memcpy(send_buf, text, n);
  return call_raw(h, (uint32_t)n, ms);
}
static void expect_failed(const char *what, tick_ipc_result_t r, uint32_t err) {
  check(what, r.status == TICK_IPC_FAILED && r.v1 == err, r.status == TICK_IPC_FAILED ? r.v1 : r.status, err);
}

/* Waits up to ms for the notification event. */
static bool notified(uint32_t ms) {
  tick_upcall_args_t a;
  return tick_wait_event(IPC, TICK_IPC_SUB_NOTIFIED, tick_deadline_in_ms(ms), &a) == TICK_OK;
}

static uint32_t find_peer(void) {
  tick_ipc_handle_t h = 0;
  int rc = tick_ipc_find_timeout("conf.peer", 3000, &h);
  check("find conf.peer (waiting for it)", rc == TICK_OK, (uint32_t)rc, 0);
  return h;
}

static void endpoints(void) {
  expect_cmd("exists", tick_command(IPC, C_EXISTS, 0, 0), 0);
  expect_cmd("unknown command", tick_command(IPC, 99, 0, 0), TICK_ERR_NOSUPPORT);
  uint32_t peer = find_peer();

  /* REGISTER */
  expect_cmd("register without a name", named(C_REGISTER, NULL, 0, 0), TICK_ERR_INVAL);
  expect_cmd("register a name the TBF does not declare", named(C_REGISTER, "conf.nope", 0, 0), TICK_ERR_RESERVE);
  expect_cmd("register conf.self", named(C_REGISTER, "conf.self", 0, 0), 0);
  expect_cmd("register it again", named(C_REGISTER, "conf.self", 0, 0), TICK_ERR_ALREADY);
  expect_cmd("register the peer's name", named(C_REGISTER, "conf.peer", 0, 0), TICK_ERR_BUSY);
  const char *more[] = {"conf.s1", "conf.s2"};
  for (unsigned i = 0; i < 2; i++) expect_cmd("register to fill the board", named(C_REGISTER, more[i], 0, 0), 0);
  expect_cmd("register past the board's endpoints", named(C_REGISTER, "conf.s3", 0, 0), TICK_ERR_NOMEM);

  /* FIND and CLOSE */
  expect_cmd("find without a name", named(C_FIND, NULL, 0, 0), TICK_ERR_INVAL);
  expect_cmd("find an unregistered name", named(C_FIND, "conf.none", 0, 0), TICK_ERR_NODEVICE);
  expect_cmd("find a service whose TBF does not list us", named(C_FIND, "conf.self", 0, 0), TICK_ERR_IPC_DENIED);
  expect_cmd("find with another ShortId", named(C_FIND, "conf.peer", 0x123, 0), TICK_ERR_IPC_DENIED);
  tick_result_t r = named(C_FIND, "conf.peer", 0xc0f, 0);
  check("find with its ShortId: the same handle", outcome(r) == 0 && r.r1 == peer, r.r1, peer);
  expect_cmd("find requiring the board key (unsigned peer)", named(C_FIND, "conf.peer", 0xc0f, 1), TICK_ERR_IPC_UNVERIFIED);
  named(C_FIND, "conf.p1", 0, 0);
  uint32_t p2 = named(C_FIND, "conf.p2", 0, 0).r1;
  expect_cmd("find a third service", named(C_FIND, "conf.p3", 0, 0), 0);
  expect_cmd("find with every handle in use", named(C_FIND, "conf.p4", 0, 0), TICK_ERR_NOMEM);
  expect_cmd("close", tick_command(IPC, C_CLOSE, p2, 0), 0);
  expect_cmd("close it again", tick_command(IPC, C_CLOSE, p2, 0), TICK_ERR_INVAL);
  expect_cmd("find after a close", named(C_FIND, "conf.p4", 0, 0), 0);

  /* Yield-IPC-Call */
  tick_allow_ro(IPC, RO_SEND, send_buf, sizeof send_buf);
  tick_allow_rw(IPC, RW_RECV, recv_buf, sizeof recv_buf);
  expect_failed("call a handle never given", call_raw(0xfc, 0, 0), TICK_ERR_INVAL);
  expect_failed("call with unknown flags", call_raw(peer, 1u << 20, 0), TICK_ERR_INVAL);
  expect_failed("call with more than 256 bytes", call_raw(peer, 300, 0), TICK_ERR_INVAL);
  tick_ipc_result_t c = call_text(peer, "hello", 0);
  check("call: reply length", c.status == TICK_IPC_OK && c.v1 == 5, c.v1, 5);
  check("call: reply code", c.v2 == 7, c.v2, 7);
  check("call: reply bytes", memcmp(recv_buf, "hello", 5) == 0, 0, 0);
  tick_allow_rw(IPC, RW_RECV, recv_buf, 2);
  c = call_text(peer, "clipped", 0);
  check("call: a reply clipped to the buffer keeps its length", c.status == TICK_IPC_OK && c.v1 == 7 &&
        memcmp(recv_buf, "cl", 2) == 0, c.v1, 7);
  tick_allow_rw(IPC, RW_RECV, recv_buf, sizeof recv_buf);
  c = call_text(peer, "sleep", 50);
  check("call: the deadline passes", c.status == TICK_WAITANY_DEADLINE, c.status, TICK_WAITANY_DEADLINE);
  c = call_text(peer, "after", 0);
  check("call: a late reply does not answer the next call", c.status == TICK_IPC_OK && c.v1 == 5 &&
        memcmp(recv_buf, "after", 5) == 0, c.v1, 5);

  /* REPLY and Yield-IPC-Recv errors */
  expect_cmd("reply with token 0", tick_command(IPC, C_REPLY, 0, 0), TICK_ERR_INVAL);
  expect_cmd("reply with more than 256 bytes", tick_command(IPC, C_REPLY, 1, 300), TICK_ERR_INVAL);
  expect_cmd("reply to a call that does not exist (dropped)", tick_command(IPC, C_REPLY, 1 | 0x777700, 0), 0);
  tick_ipc_result_t v = tick_yield_ipc_recv(0xff, 0, 0);
  expect_failed("recv with a token naming no slot", v, TICK_ERR_INVAL);
  v = tick_yield_ipc_recv(0, 1u << 11, 0);
  expect_failed("recv with unknown flags", v, TICK_ERR_INVAL);
  tick_allow_ro(IPC, RO_EVENTS, NULL, 0);
  v = tick_yield_ipc_recv(0, TICK_IPC_WAIT_EVENTS, 0);
  expect_failed("recv for events without a list", v, TICK_ERR_INVAL);
  tick_deadline_t d = tick_deadline_in_ms(20);
  v = tick_yield_ipc_recv(0, TICK_IPC_HAS_DEADLINE, d.at);
  check("recv: the deadline passes", v.status == TICK_WAITANY_DEADLINE, v.status, TICK_WAITANY_DEADLINE);

  /* Leases, IDENTIFY, NOTIFY_CLIENT: the peer calls us back with three leases. */
  c = call_text(peer, "callme", 0);
  check("call: the peer will call back", c.status == TICK_IPC_OK && c.v2 == 1, c.v2, 1);
  d = tick_deadline_in_ms(2000);
  v = tick_yield_ipc_recv(0, TICK_IPC_HAS_DEADLINE, d.at);
  check("recv: the peer's call", v.status == TICK_IPC_OK && v.v2 == 6, v.status, TICK_IPC_OK);
  uint32_t token = v.v1, client = v.v3;
  tick_allow_rw(IPC, RW_IDENTITY, ident, sizeof ident);
  r = tick_command(IPC, C_IDENTIFY, client, 0);
  check("identify: ShortId", outcome(r) == 0 && r.r1 == 0xc0f, r.r1, 0xc0f);
  check("identify: name length, no key", r.r2 == 13 && memcmp(ident, "ipc_conf_peer", 13) == 0, r.r2, 13);
  expect_cmd("identify no process", tick_command(IPC, C_IDENTIFY, 0xff, 0), TICK_ERR_INVAL);
  r = tick_command(IPC, C_LEASE_INFO, token, 0);
  check("lease 0: read-write, 16 bytes", outcome(r) == 0 && r.r1 == 16 && r.r2 == 3, r.r2, 3);
  r = tick_command(IPC, C_LEASE_INFO, token, 1);
  check("lease 1: write-only, 8 bytes", outcome(r) == 0 && r.r1 == 8 && r.r2 == 2, r.r2, 2);
  r = tick_command(IPC, C_LEASE_INFO, token, 2);
  check("lease 2: read-only, 8 bytes", outcome(r) == 0 && r.r1 == 8 && r.r2 == 1, r.r2, 1);
  expect_cmd("lease 3 was not lent", tick_command(IPC, C_LEASE_INFO, token, 3), TICK_ERR_INVAL);
  expect_cmd("lease info with token 0", tick_command(IPC, C_LEASE_INFO, 0, 0), TICK_ERR_INVAL);
  tick_allow_rw(IPC, RW_IDENTITY, lease_buf, sizeof lease_buf);
  r = tick_command(IPC, C_LEASE_READ, token, 0 | 4u << 2);
  check("lease read at an offset", outcome(r) == 0 && r.r1 == 12 && memcmp(lease_buf, "456789abcdef", 12) == 0, r.r1, 12);
  r = tick_command(IPC, C_LEASE_READ, token, 2);
  check("lease read of a read-only lease", outcome(r) == 0 && r.r1 == 8 && memcmp(lease_buf, "RO-LEASE", 8) == 0, r.r1, 8);
  expect_cmd("lease read of a write-only lease", tick_command(IPC, C_LEASE_READ, token, 1), TICK_ERR_INVAL);
  expect_cmd("lease read past the end", tick_command(IPC, C_LEASE_READ, token, 0 | 17u << 2), TICK_ERR_INVAL);
  tick_allow_ro(IPC, RO_NAME, "WRITTEN!", 8);
  r = tick_command(IPC, C_LEASE_WRITE, token, 1);
  check("lease write of a write-only lease", outcome(r) == 0 && r.r1 == 8, r.r1, 8);
  expect_cmd("lease write of a read-only lease", tick_command(IPC, C_LEASE_WRITE, token, 2), TICK_ERR_INVAL);
  tick_allow_ro(IPC, RO_NAME, NULL, 0);
  expect_cmd("notify a client", tick_command(IPC, C_NOTIFY_CLIENT, client, 0x1), 0);
  expect_cmd("notify a process that is not our client", tick_command(IPC, C_NOTIFY_CLIENT, 0xff, 0x1), TICK_ERR_INVAL);
  tick_allow_ro(IPC, RO_SEND, send_buf, sizeof send_buf);
  expect_cmd("reply to the peer", tick_command(IPC, C_REPLY, token, 0), 0);
  expect_cmd("lease info after the reply", tick_command(IPC, C_LEASE_INFO, token, 0), TICK_ERR_CANCEL);
  expect_cmd("lease read after the reply", tick_command(IPC, C_LEASE_READ, token, 0), TICK_ERR_CANCEL);
  expect_cmd("lease write after the reply", tick_command(IPC, C_LEASE_WRITE, token, 0), TICK_ERR_CANCEL);
  c = call_text(peer, "check", 0);
  check("the peer's call back succeeded and saw the lease written", c.status == TICK_IPC_OK && c.v2 == 3, c.v2, 3);

  /* Notification bits, both ways. The peer answered our NOTIFY_CLIENT (0x1) with 0x10. */
  check("the peer's answer to NOTIFY_CLIENT arrives as an event", notified(2000), 0, 1);
  r = tick_command(IPC, C_TAKE_BITS, 0, 0);
  check("take bits: the peer's answer", outcome(r) == 0 && r.r1 == 0x10, r.r1, 0x10);
  r = tick_command(IPC, C_TAKE_BITS, 0, 0);
  check("take bits (none)", outcome(r) == 0 && r.r1 == 0, r.r1, 0);
  expect_cmd("notify the service", tick_command(IPC, C_NOTIFY_SERVICE, peer, 0x3), 0);
  expect_cmd("notify the service again (coalesced)", tick_command(IPC, C_NOTIFY_SERVICE, peer, 0x1), 0);
  expect_cmd("notify a bad handle", tick_command(IPC, C_NOTIFY_SERVICE, 0xfc, 1), TICK_ERR_INVAL);
  check("the service's answer arrives as an event", notified(2000), 0, 1);
  r = tick_command(IPC, C_TAKE_BITS, 0, 0);
  check("take bits: the answer", outcome(r) == 0 && r.r1 == 0x30, r.r1, 0x30);
  r = tick_command(IPC, C_TAKE_BITS, 0, 0);
  check("take bits: cleared", outcome(r) == 0 && r.r1 == 0, r.r1, 0);

  /* The peer dies mid-call: PEER_DIED at once, then STALE, then found again. */
  c = call_text(peer, "crash", 0);
  expect_failed("call: the service crashes during the call", c, TICK_ERR_IPC_PEER_DIED);
  expect_failed("call a stale handle", call_text(peer, "x", 0), TICK_ERR_IPC_STALE);
  expect_cmd("notify a stale handle", tick_command(IPC, C_NOTIFY_SERVICE, peer, 1), TICK_ERR_IPC_STALE);
  uint32_t again = find_peer();
  c = call_text(again, "back", 0);
  check("call the restarted service", c.status == TICK_IPC_OK && c.v1 == 4, c.v1, 4);
}

/* Tock's IPC driver, 0x10000 */
static void legacy(void) {
  expect_cmd("legacy: exists", tick_command(LEGACY, 0, 0, 0), 0);
  expect_cmd("legacy: unknown command", tick_command(LEGACY, 9, 0, 0), TICK_ERR_NOSUPPORT);
  tick_allow_ro(LEGACY, 0, NULL, 0);
  expect_cmd("legacy: discover without a name", tick_command(LEGACY, 1, 0, 0), TICK_ERR_INVAL);
  tick_allow_ro(LEGACY, 0, "nobody", 6);
  expect_cmd("legacy: discover nobody", tick_command(LEGACY, 1, 0, 0), TICK_ERR_NODEVICE);
  tick_allow_ro(LEGACY, 0, "ipc_conformance", 15);
  tick_result_t r = tick_command(LEGACY, 1, 0, 0);
  expect_cmd("legacy: discover itself", r, 0);
  uint32_t me = r.r1;
  tick_allow_ro(LEGACY, 0, "ipc_conf_peer", 13);
  r = tick_command(LEGACY, 1, 0, 0);
  expect_cmd("legacy: discover the peer", r, 0);
  check("legacy: another slot", r.r1 != me, r.r1, me);
  expect_cmd("legacy: notify no process", tick_command(LEGACY, 2, 99, 0), TICK_ERR_INVAL);
  expect_cmd("legacy: notify a client in no slot", tick_command(LEGACY, 3, 99, 0), TICK_ERR_INVAL);
  /* Notifications to itself queue (it does not run them): the quota is 2 per sender. */
  expect_cmd("legacy: notify itself as a service", tick_command(LEGACY, 2, me, 0), 0);
  expect_cmd("legacy: notify itself as a client", tick_command(LEGACY, 3, me, 0), 0);
  expect_cmd("legacy: a third queued notification is over the quota", tick_command(LEGACY, 2, me, 0), TICK_ERR_BUSY);
  tick_upcall_args_t a;
  check("legacy: the first is there to wait for", tick_wait_event(LEGACY, me, TICK_NO_DEADLINE, &a) == TICK_OK &&
        a.arg0 == me, a.arg0, me);
  int drained = tick_drain(LEGACY, me);
  check("legacy: and the second", drained == 1, (uint32_t)drained, 1);
  expect_cmd("legacy: room again", tick_command(LEGACY, 2, me, 0), 0);
  tick_drain(LEGACY, me);
}

int main(void) {
  printf("ipc_conformance: start\n");
  endpoints();
  legacy();
  printf("ipc_conformance: %u ok, %u failed\n", n_ok, n_fail);
  return (int)n_fail;
}
