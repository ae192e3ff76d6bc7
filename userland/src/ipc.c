/* Layer 1: Tock's IPC driver (0x10000): discovery, callbacks through the library trampoline, notifications, shares, waits. */
#include <string.h>
#include <tick/ipc.h>
#include <tick/upcall.h>
#include <tick/wait.h>

enum {
  IPC_ALLOW_SEARCH = 0, /* read-only: the package name to discover */
  IPC_CMD_DISCOVER = 1,
  IPC_CMD_NOTIFY_SERVICE = 2,
  IPC_CMD_NOTIFY_CLIENT = 3,
};

/* Registrations must outlive the subscription: one per peer slot. */
static struct tick_upcall registrations[TICK_IPC_MAX_PEERS];

int tick_ipc_discover(const char *pkg_name, size_t *svc_id) {
  tick_allow_result_t a = tick_allow_ro(TICK_DRIVER_IPC_LEGACY, IPC_ALLOW_SEARCH, pkg_name,
                                        strlen(pkg_name));
  if (a.error) return tick_rc_from_error(a.error);
  tick_result_t r = tick_command(TICK_DRIVER_IPC_LEGACY, IPC_CMD_DISCOVER, 0, 0);
  tick_allow_ro(TICK_DRIVER_IPC_LEGACY, IPC_ALLOW_SEARCH, NULL, 0);
  uint32_t err = tick_command_check(r, TICK_SUCCESS_U32);
  if (err) return tick_rc_from_error(err);
  *svc_id = r.r1;
  return TICK_OK;
}

static int subscribe(size_t sub, tick_upcall_fn *callback, void *ud) {
  if (sub >= TICK_IPC_MAX_PEERS) return TICK_EINVAL;
  struct tick_upcall *u = &registrations[sub];
  u->fn = callback;
  u->data = ud;
  return tick_subscribe_upcall(TICK_DRIVER_IPC_LEGACY, sub, callback ? u : NULL);
}

int tick_ipc_register_service_callback(const char *pkg_name, tick_upcall_fn *callback, void *ud) {
  size_t self;
  int rc = tick_ipc_discover(pkg_name, &self);
  return rc < 0 ? rc : subscribe(self, callback, ud);
}

int tick_ipc_register_client_callback(size_t svc_id, tick_upcall_fn *callback, void *ud) {
  return subscribe(svc_id, callback, ud);
}

static int notify(uint32_t cmd, size_t pid) {
  tick_result_t r = tick_command(TICK_DRIVER_IPC_LEGACY, cmd, pid, 0);
  return tick_rc_from_error(tick_command_check(r, TICK_SUCCESS));
}

int tick_ipc_notify_service(size_t pid) { return notify(IPC_CMD_NOTIFY_SERVICE, pid); }

int tick_ipc_notify_client(size_t pid) { return notify(IPC_CMD_NOTIFY_CLIENT, pid); }

int tick_ipc_share(size_t pid, void *base, size_t len) {
  return tick_rc_from_error(tick_allow_rw(TICK_DRIVER_IPC_LEGACY, pid, base, len).error);
}

int tick_ipc_wait(size_t sub, tick_upcall_args_t *out) {
  if (tick_in_upcall()) return TICK_EINUPCALL;
  return tick_wait_event(TICK_DRIVER_IPC_LEGACY, sub, TICK_NO_DEADLINE, out);
}

int tick_ipc_wait_timeout(size_t sub, uint32_t timeout_ms, tick_upcall_args_t *out) {
  if (tick_in_upcall()) return TICK_EINUPCALL;
  return tick_wait_event(TICK_DRIVER_IPC_LEGACY, sub, tick_deadline_in_ms(timeout_ms), out);
}
