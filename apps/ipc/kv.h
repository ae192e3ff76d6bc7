/* The key-value protocol both IPC example apps agree on: a request names the operation and the key; values travel in leases, never in the request. */
#ifndef KV_H
#define KV_H

#define KV_SERVICE "org.tick.kv"
#define KV_MAX_VALUE 64u

/* Request: "set <key>" (the value is lease 2, read-only) or "get <key>" (the value is written
 * into lease 0, write-only). Reply: empty; its code is the value's length, or KV_ERR_*. */
enum { KV_ERR_NO_KEY = 0xFFFF, KV_ERR_FULL = 0xFFFE, KV_ERR_BAD = 0xFFFD };

#endif
