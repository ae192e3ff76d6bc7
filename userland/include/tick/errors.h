/* Layer 1 return codes: >= 0 success, -(kernel error) or a library-only error otherwise. */
#ifndef TICK_ERRORS_H
#define TICK_ERRORS_H

#include <stdint.h>

enum tick_rc {
  TICK_OK = 0,
  TICK_EFAIL = -1,
  TICK_EBUSY = -2,
  TICK_EALREADY = -3,
  TICK_EOFF = -4,
  TICK_ERESERVE = -5,
  TICK_EINVAL = -6,
  TICK_ESIZE = -7,
  TICK_ECANCEL = -8,
  TICK_ENOMEM = -9,
  TICK_ENOSUPPORT = -10,
  TICK_ENODEVICE = -11,
  TICK_EUNINSTALLED = -12,
  TICK_ENOACK = -13,
  TICK_EBADRVAL = -1024,  /* the kernel answered with an unexpected return variant */
  TICK_ETIMEOUT = -1025,  /* a _timeout call's time ran out; the operation was cancelled */
  TICK_EINUPCALL = -1026, /* a blocking call was made from inside an upcall and refused */
};

/* Converts a kernel error code (0 = success) to a layer 1 return code. */
static inline int tick_rc_from_error(uint32_t error) { return -(int)error; }

#endif /* TICK_ERRORS_H */
