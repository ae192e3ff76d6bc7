/* Layer 1: Tick's IPC endpoints (driver 0xE0000: register, find, call, receive, reply) and Tock's IPC driver (0x10000, libtock-c's API shape with a tick_ prefix). */
#ifndef TICK_IPC_H
#define TICK_IPC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <tick/abi.h>
#include <tick/errors.h>
#include <tick/syscall.h>

/*
 * Processes are named by their slot index (`pid`, `svc_id`), as in Tock. A service registers
 * the callback for its own slot; a client registers one per service. A notification calls
 * the target's callback with (sender pid, shared length, shared address) and the callback's
 * `ud`: the length and address are those of the buffer the sender shares with the target
 * (tick_ipc_share), 0 and 0 when it shares none. docs/ipc.md has the kernel's side.
 *
 * Sharing is tracked by the kernel: the target may use the buffer until the sender shares
 * again (any tick_ipc_share to that pid), restarts or exits; after that a touch faults.
 * Only whole 4-byte words of the buffer are shared (the callback gets the word-aligned part),
 * so align buffers to 4 (libtock-c asks for power-of-two sizes aligned to their size, which
 * is also fine).
 */

/* Upcalls of more peers than this cannot be registered through this library. */
#define TICK_IPC_MAX_PEERS 8

/* The slot of the process whose TBF package name is exactly `pkg_name` (no terminator
 * compared). Returns TICK_OK, TICK_ENODEVICE when there is none, or another negative error. */
int tick_ipc_discover(const char *pkg_name, size_t *svc_id);

/* Registers `callback(client, len, addr, ud)` for notifications to this process as the service
 * named `pkg_name` (its own package name: the kernel is asked for its slot). */
int tick_ipc_register_service_callback(const char *pkg_name, tick_upcall_fn *callback, void *ud);

/* Registers `callback(svc_id, len, addr, ud)` for notifications from service `svc_id`. */
int tick_ipc_register_client_callback(size_t svc_id, tick_upcall_fn *callback, void *ud);

/* Notifies the service in slot `pid` / the client in slot `pid`. TICK_EINVAL: no such live
 * process; TICK_ENOMEM: its upcall queue is full. Never blocks. */
int tick_ipc_notify_service(size_t pid);
int tick_ipc_notify_client(size_t pid);

/* Shares `base[0..len)` with process `pid` from its next notification on (NULL, 0: stop
 * sharing). Any call revokes what was shared with `pid` before. */
int tick_ipc_share(size_t pid, void *base, size_t len);

/* Blocking form (Tick): waits for the next notification on subscribe number `sub` (a
 * client: the service's slot; a service: its own slot), without running upcalls; `*out` gets
 * (sender, len, addr). The _timeout form returns TICK_ETIMEOUT after `timeout_ms`. Both
 * return TICK_EINUPCALL inside an upcall. */
int tick_ipc_wait(size_t sub, tick_upcall_args_t *out);
int tick_ipc_wait_timeout(size_t sub, uint32_t timeout_ms, tick_upcall_args_t *out);

/* ---- Endpoints (Tick's driver 0xE0000, docs/ipc.md) ------------------------------------- */

/*
 * A service registers a name that its TBF declares (APP_IPC_SERVICES in its Makefile); a
 * client finds the name and calls it: the request (up to TICK_IPC_MAX_PAYLOAD bytes) is
 * copied into the server's buffer, the client waits until the server replies (the reply is
 * copied back) or until its timeout. Every call returns the reply's length, or a negative
 * error: TICK_ESTALE (the service ended or restarted since it was found: find it again),
 * TICK_EPEERDIED (it ended during the call), TICK_ETIMEOUT, TICK_EINUPCALL, -(kernel error).
 * The buffers stay allowed between calls (the library re-allows only when they change), so
 * allowing the same buffers to driver 0xE0000 by hand confuses it.
 */

/* A service found by name: an index into this process's own handle table. */
typedef uint32_t tick_ipc_handle_t;

/* A call a server received. */
typedef struct {
  uint32_t token;   /* names the call in the reply */
  uint32_t len;     /* bytes the client sent (more than were copied if the buffer was smaller) */
  uint32_t client;  /* the caller's process id (slot | restart generation << 8), kernel-stamped */
} tick_ipc_msg_t;

/* Registers `name` as a service of this process. TICK_ERESERVE: its TBF does not declare it;
 * TICK_EBUSY: another process has it; TICK_EALREADY: this one has. */
int tick_ipc_register(const char *name);

/* A handle to the service `name`. TICK_ENODEVICE: nobody registered it (yet). The _timeout
 * form waits up to `timeout_ms` for it to be registered. */
int tick_ipc_find(const char *name, tick_ipc_handle_t *handle);
int tick_ipc_find_timeout(const char *name, uint32_t timeout_ms, tick_ipc_handle_t *handle);
/* Like tick_ipc_find_timeout, but only a service whose app has ShortId `short_id` (0: any)
 * will do. TICK_EDENIED: the service is another app's, or its TBF does not list this app
 * among the clients it accepts. */
int tick_ipc_find_verified(const char *name, uint32_t short_id, uint32_t timeout_ms,
                           tick_ipc_handle_t *handle);
/* Like tick_ipc_find_verified, and the service's credentials must also have verified with
 * board key `key` (TICK_IPC_KEY_BOARD; 0: any, signed or not): "signed with the board key,
 * ShortId S". TICK_EUNVERIFIED: the app that registered the name is not (a look-alike). */
#define TICK_IPC_KEY_BOARD 1u
int tick_ipc_find_signed(const char *name, uint32_t short_id, unsigned key, uint32_t timeout_ms,
                         tick_ipc_handle_t *handle);

/* Calls the service: sends req[0..req_len), waits for the reply, which lands in
 * resp[0..resp_cap) (clipped). Returns the reply's full length; `*code` (if not NULL) gets
 * the server's reply code. */
int tick_ipc_call(tick_ipc_handle_t handle, const void *req, size_t req_len, void *resp,
                  size_t resp_cap, uint32_t *code);
int tick_ipc_call_timeout(tick_ipc_handle_t handle, const void *req, size_t req_len, void *resp,
                          size_t resp_cap, uint32_t *code, uint32_t timeout_ms);

/* Leases: buffers of the caller the server may read or write through the kernel while the
 * call lasts (never mapped, so any size and alignment). Lease 0 and 1 are writable by the
 * server (and readable unless write_only), lease 2 and 3 read-only (they may be in flash). */
typedef struct {
  void *buf;        /* NULL: this lease is not lent */
  size_t len;
  bool write_only;  /* leases 0-1: the server may write but not read */
} tick_ipc_lease_t;

/* tick_ipc_call with leases[0..TICK_IPC_LEASES) (NULL: none) and a timeout (0: none). */
int tick_ipc_call_leases(tick_ipc_handle_t handle, const void *req, size_t req_len, void *resp,
                         size_t resp_cap, uint32_t *code, const tick_ipc_lease_t *leases,
                         uint32_t timeout_ms);

/* Server, during the call `token`: the length of lease n and its rights (1 read, 2 write),
 * reading it into buf / writing buf into it at `offset`. Return bytes copied (clipped to the
 * lease), TICK_ECANCEL when the call is over (its leases with it), TICK_EINVAL when the lease
 * was not lent or does not allow that. */
int tick_ipc_lease_info(uint32_t token, unsigned n, size_t *len, unsigned *rights);
int tick_ipc_lease_read(uint32_t token, unsigned n, size_t offset, void *buf, size_t len);
int tick_ipc_lease_write(uint32_t token, unsigned n, size_t offset, const void *buf, size_t len);

/* Server: waits for the next call to any of this process's services; its payload lands in
 * buf[0..cap). The _timeout form gives up after `timeout_ms` (TICK_ETIMEOUT). */
int tick_ipc_recv(void *buf, size_t cap, tick_ipc_msg_t *msg);
int tick_ipc_recv_timeout(void *buf, size_t cap, uint32_t timeout_ms, tick_ipc_msg_t *msg);

/* Server: replies to `token` with reply[0..len) and `code` (16 bits), then waits for the next
 * call as tick_ipc_recv does, in one system call (the fast path). */
int tick_ipc_reply_recv(uint32_t token, const void *reply, size_t len, uint32_t code, void *buf,
                        size_t cap, tick_ipc_msg_t *msg);

/* Server: replies without waiting (replies may come in any order). A reply to a client that
 * ended or gave up is dropped without error: a server never waits for a client. */
int tick_ipc_reply(uint32_t token, const void *reply, size_t len, uint32_t code);

/* Who `client` (a tick_ipc_msg_t's client) is, as the kernel knows it from its TBF: its
 * package name into name[0..cap) (NUL-terminated when it fits) and its ShortId (0: none).
 * Returns the name's length; TICK_EINVAL if that process is gone. */
int tick_ipc_identify(uint32_t client, char *name, size_t cap, uint32_t *short_id);
/* tick_ipc_identify that also tells which board key the process's credentials verified with
 * (*key: TICK_IPC_KEY_BOARD, or 0 when none did or the kernel checks none). */
int tick_ipc_identify_key(uint32_t client, char *name, size_t cap, uint32_t *short_id,
                          unsigned *key);

/* Notification bits: ORed into the target's pending bits (coalesced), which it takes and
 * clears with tick_ipc_take_bits. A client notifies a service it found; a service notifies
 * one of its clients (msg.client). The target learns of new bits through the event
 * (TICK_DRIVER_IPC, TICK_IPC_SUB_NOTIFIED), raised when it had none pending. */
#define TICK_IPC_SUB_NOTIFIED 1u
int tick_ipc_notify_bits(tick_ipc_handle_t handle, uint32_t bits);
int tick_ipc_notify_client_bits(uint32_t client, uint32_t bits);
uint32_t tick_ipc_take_bits(void);

/* Server: waits for a call, or for any of the upcall ids `events[0..n)` (n <= 8, e.g.
 * {TICK_DRIVER_IPC, TICK_IPC_SUB_NOTIFIED} or an alarm), or `timeout_ms` (0: none), in one
 * system call. Returns TICK_OK with *msg for a call (its payload in buf), 1 with *event for
 * an event (index into events, and its arguments), or a negative error (TICK_ETIMEOUT). The
 * events array must stay valid and unchanged while the library uses it (static storage). */
int tick_ipc_recv_or_event(void *buf, size_t cap, const tick_upcall_id_t *events, unsigned n,
                           uint32_t timeout_ms, tick_ipc_msg_t *msg, tick_waitany_result_t *event);

/*
 * Buffer transfer (zero-copy, docs/ipc.md "Buffer transfer"). A process declares buffers of
 * its own RAM (at most 4; whole words on rv32; on Cortex-M whole 32-byte granules that two MPU
 * regions cover: a power-of-two size of 32 bytes or more, aligned to its size, always
 * works), then gives one to a peer, by handle (a service it found) or by process id (a client
 * of its own service, or the buffer's home). Ownership moves: the giver loses access at once
 * (a touch faults), the receiver gains it, and is told by an event (subscribe
 * TICK_IPC_SUB_TRANSFER: address, length, giver's process id). The holder gives it back, or
 * on to another peer; if the holder ends it goes home by itself (the home is told, with
 * `returned` set), and if the home ends the holder loses it. A process holds or has away at
 * most 4 buffers at once (TICK_ENOREGION beyond, or when the protection unit has no region
 * left); TICK_EBUSY if the buffer is still allowed to a driver or shared.
 */
#define TICK_IPC_SUB_TRANSFER 2u
typedef struct {
  void *buf;       /* the buffer that came (or went: returned) */
  size_t len;
  uint32_t from;   /* process id of the giver (of the holder that ended, if returned) */
  bool returned;   /* it came home because its holder ended, or left because its home ended */
} tick_ipc_buffer_t;
int tick_ipc_buffer_declare(void *buf, size_t len);
int tick_ipc_buffer_release(void *buf);
int tick_ipc_buffer_give(uint32_t to, void *buf);
/* Waits for the next buffer event (race-free: events are latched in the kernel). */
int tick_ipc_buffer_wait(tick_ipc_buffer_t *out);
int tick_ipc_buffer_wait_timeout(uint32_t timeout_ms, tick_ipc_buffer_t *out);

/* A ring of n (<= 4) equal slots of the caller's memory, all declared at init; the home's
 * side of a pipeline: take a slot that is at home (waiting up to timeout_ms for one to come
 * back), fill it, give it; slots come back through tick_ipc_ring_take's waits. */
typedef struct {
  uint8_t *base;
  size_t slot_size;
  unsigned n;
  uint32_t home;   /* bit i: slot i is at home and not taken */
} tick_ipc_ring_t;
int tick_ipc_ring_init(tick_ipc_ring_t *ring, void *base, size_t slot_size, unsigned n);
/* A slot at home, or NULL after timeout_ms (0: wait forever) with none back. */
void *tick_ipc_ring_take(tick_ipc_ring_t *ring, uint32_t timeout_ms);
/* Gives a taken slot to `to`; on an error the slot stays taken (give it again or put it back). */
int tick_ipc_ring_give(tick_ipc_ring_t *ring, void *slot, uint32_t to);
void tick_ipc_ring_put_back(tick_ipc_ring_t *ring, void *slot);

/* A service skeleton: registers `name`, then for each call runs `handler`, which reads the
 * request, writes up to resp_cap bytes of reply into resp, sets *code and returns the reply
 * length; the reply goes out with the next receive. Returns only on an error. */
typedef size_t tick_ipc_handler_fn(const tick_ipc_msg_t *msg, const void *req, void *resp,
                                   size_t resp_cap, uint32_t *code, void *ud);
int tick_ipc_serve(const char *name, void *req, size_t req_cap, void *resp, size_t resp_cap,
                   tick_ipc_handler_fn *handler, void *ud);

#endif /* TICK_IPC_H */
