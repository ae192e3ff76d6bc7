/* Host tests: the fake kernel's model of IPC endpoint calls and takes without waiting. */
#ifndef FAKE_IPC_H
#define FAKE_IPC_H

#include "fake_kernel.h"

#define FK_IPC_HANDLE 5u /* the one service handle the model accepts */

struct fk_ipc {
  bool live;                /* the async call is live: a reply or the service's end completes it */
  bool stale;               /* the service ended: its handle is stale */
  bool want;                /* a TAKE found no call: the next one raises the event */
  int calls, cancels, dropped; /* calls started, withdrawn, replies dropped (no live call) */
  char request[64];         /* the last call's payload */
  uint32_t request_len;
  const char *texts[8];     /* payloads of timed replies and incoming calls */
  int ntexts;
  struct { uint32_t text, client; } in[8]; /* calls waiting for this process's service */
  int nin;
  uint32_t tokens;          /* TAKE's last token */
  struct { uint32_t token, len, code; char text[16]; } replied[8]; /* REPLY commands */
  int nreplied;
};
extern struct fk_ipc fk_ipc;

/* The service replies `text` with `code` at virtual time `at` to the call live then (dropped
 * if none is); the _to form to the `call`th call started (1, 2, ...) only, as a token does. */
void fk_ipc_reply_at(uint64_t at, const char *text, uint32_t code);
void fk_ipc_reply_to_at(uint64_t at, int call, const char *text, uint32_t code);
/* The service ends at `at`: a live call fails with PEER_DIED, the handle goes stale. */
void fk_ipc_die_at(uint64_t at);
/* A call with payload `text` from process `client` arrives for this process's service at `at`. */
void fk_ipc_call_in_at(uint64_t at, const char *text, uint32_t client);

#endif
