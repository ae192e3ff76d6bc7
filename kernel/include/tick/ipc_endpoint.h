/* Tick's IPC endpoints (driver 0xE0000 and the IPC yields): the driver the board wires (kernel/ipc/endpoint.c, docs/ipc.md). */
#ifndef TICK_IPC_ENDPOINT_H
#define TICK_IPC_ENDPOINT_H

#include <stdint.h>
#include <tick/abi.h>
#include <tick/driver.h>

#define IPC_DRIVER_NUM TICK_DRIVER_IPC

/* Allow slots, subscribe numbers and commands of driver 0xE0000 (docs/ipc.md). */
enum {
	IPC_RO_NAME = 0,       /* the service name to register or find; the source of LEASE_WRITE */
	IPC_RO_SEND = 1,       /* payload of a call (client) or of a reply (server) */
	IPC_RO_LEASE2 = 2,     /* leases 2 and 3 (read-only) a client lends with a call */
	IPC_RO_EVENTS = 4,     /* upcall ids Yield-IPC-Recv also waits for (TICK_IPC_WAIT_EVENTS) */
	IPC_RO_ASYNC_SEND = 5, /* payload of an async call (CALL_ASYNC) */
	IPC_RW_RECV = 0,       /* destination of a reply (client) or of a call's payload (server) */
	IPC_RW_IDENTITY = 1,   /* IDENTIFY writes a package name here; LEASE_READ copies here */
	IPC_RW_LEASE0 = 2,     /* leases 0 and 1 (read-write) a client lends with a call */
	IPC_RW_ASYNC_RECV = 4, /* destination of an async call's reply */
	IPC_RW_TAKE = 5,       /* destination of the payload of a call TAKE takes */
	IPC_SUB_REGISTERED = 0,/* a service registered: (endpoint, 0, 0) */
	IPC_SUB_NOTIFIED = 1,  /* notification bits arrived while it had none pending */
	IPC_SUB_TRANSFER = 2,  /* a buffer came: (address, length | TICK_IPC_XFER_RETURNED, from id) */
	IPC_SUB_CALL_DONE = 3, /* the async call ended: (0 or error, reply length, reply code) */
	IPC_SUB_CALL_WAITING = 4, /* a call waits to be taken (after a TAKE that found none) */
	IPC_CMD_EXISTS = 0,
	IPC_CMD_REGISTER = 1,  /* -> u32 endpoint number */
	IPC_CMD_FIND = 2,      /* arg0 required ShortId (0: any), arg1 required key (0: any) -> u32 handle */
	IPC_CMD_REPLY = 3,     /* arg0 token, arg1 = length | code << 16 */
	IPC_CMD_IDENTIFY = 4,  /* arg0 process id -> (ShortId, name length | key << 8) */
	IPC_CMD_CLOSE = 5,     /* arg0 handle */
	IPC_CMD_LEASE_INFO = 6,  /* arg0 token, arg1 lease -> (length, rights: 1 read, 2 write) */
	IPC_CMD_LEASE_READ = 7,  /* arg0 token, arg1 lease | offset << 2 -> u32 bytes copied */
	IPC_CMD_LEASE_WRITE = 8, /* arg0 token, arg1 lease | offset << 2 -> u32 bytes copied */
	IPC_CMD_NOTIFY_SERVICE = 9,  /* arg0 handle, arg1 bits: ORed into the service's bits */
	IPC_CMD_NOTIFY_CLIENT = 10,  /* arg0 process id of a client of ours, arg1 bits */
	IPC_CMD_TAKE_BITS = 11,      /* -> u32 the bits pending for the caller, now cleared */
	IPC_CMD_XFER_DECLARE = 12,   /* arg0 address, arg1 length: own buffer made transferable */
	IPC_CMD_XFER_GIVE = 13,      /* arg0 handle or process id, arg1 address: the buffer moves */
	IPC_CMD_XFER_RELEASE = 14,   /* arg0 address: a buffer at home stops being transferable */
	IPC_CMD_CALL_ASYNC = 15,     /* arg0 handle, arg1 length | lease flags: a call, not waited for */
	IPC_CMD_CALL_CANCEL = 16,    /* withdraws the async call (its completion says CANCEL) */
	IPC_CMD_TAKE = 17,           /* -> (token, length, caller id) of the oldest call, or token 0 */
};

struct ipc_endpoints {
	struct driver driver;
};

/* Sets up the driver; grant_slot must be unique on the board. Until it is called the IPC
 * yields fail with NODEVICE. */
void ipc_endpoints_init(struct ipc_endpoints *ipc, uint8_t grant_slot);

#endif
