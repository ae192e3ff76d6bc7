/* Signed-apps policy: a board that runs only apps signed with its ECDSA P-256 key uses this checker. */
#ifndef TICK_APP_SIGNATURE_H
#define TICK_APP_SIGNATURE_H

#include <stdint.h>

#include <tick/loader.h>
#include <tick/tbf.h>

/*
 * Credential policy for struct app_checker: ctx is the board's public key, raw big-endian
 * x || y (64 bytes; `tick-inspect --c-key key.pem` prints it). Returns NULL when one of the
 * app's EcdsaNistP256 footers verifies over its integrity region with that key, else the
 * reason for the log: no such footer, or none verifies. On success app->key = APP_KEY_BOARD. Stops at the first valid signature, and
 * after APP_SIGNATURES_TRIED; each footer tried costs one verification (about 3.5 million rv32
 * instructions), all of them over the app's one digest (app_sha256).
 */
/* Signatures verified per app at most; later EcdsaNistP256 footers are ignored. */
#define APP_SIGNATURES_TRIED 4

const char *app_check_ecdsa_p256(struct app_credentials *app, const void *ctx);

/* The same check as a note, not a requirement: every app runs, and those whose signature
 * verifies with the board key carry APP_KEY_BOARD in their identity (app->key), which IPC
 * peers can require (docs/ipc.md). For a board built with APP_SIGNING_OPTIONAL=1. */
const char *app_note_ecdsa_p256(struct app_credentials *app, const void *ctx);

#endif
