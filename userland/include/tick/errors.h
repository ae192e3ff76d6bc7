/* Layer 1 return codes: >= 0 success, -(kernel error, tick/abi.h) or a library-only error otherwise. */
#ifndef TICK_ERRORS_H
#define TICK_ERRORS_H

#include <stdint.h>
#include <tick/abi.h>

enum tick_rc {
  TICK_OK = 0,
  TICK_EFAIL = -TICK_ERR_FAIL,
  TICK_EBUSY = -TICK_ERR_BUSY,
  TICK_EALREADY = -TICK_ERR_ALREADY,
  TICK_EOFF = -TICK_ERR_OFF,
  TICK_ERESERVE = -TICK_ERR_RESERVE,
  TICK_EINVAL = -TICK_ERR_INVAL,
  TICK_ESIZE = -TICK_ERR_SIZE,
  TICK_ECANCEL = -TICK_ERR_CANCEL,
  TICK_ENOMEM = -TICK_ERR_NOMEM,
  TICK_ENOSUPPORT = -TICK_ERR_NOSUPPORT,
  TICK_ENODEVICE = -TICK_ERR_NODEVICE,
  TICK_EUNINSTALLED = -TICK_ERR_UNINSTALLED,
  TICK_ENOACK = -TICK_ERR_NOACK,
  TICK_ESTALE = -TICK_ERR_IPC_STALE,         /* IPC: the service ended or restarted: find it again */
  TICK_EPEERDIED = -TICK_ERR_IPC_PEER_DIED,  /* IPC: the service ended during the call */
  TICK_ENOREGION = -TICK_ERR_IPC_NOREGION, /* IPC transfer: no protection region left for the
                                            * buffer (receiver or sender): give one back first */
  TICK_EDENIED = -TICK_ERR_IPC_DENIED,       /* IPC: the service does not accept this app,
                                              * or is not the one asked for */
  TICK_EUNVERIFIED = -TICK_ERR_IPC_UNVERIFIED, /* IPC: the service is not signed with the
                                                * board key the client required */
  TICK_EBADRVAL = -1024,  /* the kernel answered with an unexpected return variant */
  TICK_ETIMEOUT = -1025,  /* a _timeout call's time ran out; the operation was cancelled */
  TICK_EINUPCALL = -1026, /* a blocking call was made from inside an upcall and refused */
};

/* Converts a kernel error code (0 = success) to a layer 1 return code. */
static inline int tick_rc_from_error(uint32_t error) { return -(int)error; }

#endif /* TICK_ERRORS_H */
