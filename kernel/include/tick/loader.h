/* Boot-time app loading: the board's credential policy and the call that creates processes. */
#ifndef TICK_LOADER_H
#define TICK_LOADER_H

#include <stdbool.h>
#include <stdint.h>

#include <tick/sha256.h>

struct tbf_header;

/* Credential footers examined per app at most: an app with more is not started, so that no
 * app can make loading walk its footers (or verify them) without bound. */
#define LOADER_MAX_FOOTERS 16

/*
 * An app under credential checks: its TBF (tbf, parsed as h) and the SHA-256 of its
 * integrity region (the TBF's bytes [0, binary_end_offset)), computed once per app by the
 * first app_sha256() call and shared by every footer that needs it (SHA-256 credentials,
 * ECDSA P-256 signatures). Hashing is the expensive part (about 100 instructions a byte on
 * rv32): a check must never hash the region itself.
 */
/* The board keys an app's credentials can verify with (struct process and IPC identity). */
#define APP_KEY_NONE 0
#define APP_KEY_BOARD 1

struct app_credentials {
	const uint8_t *tbf;
	const struct tbf_header *h;
	bool hashed;                            /* sha256 holds the digest */
	uint8_t key;                            /* set by a checker: the board key that verified a
	                                         * credential (APP_KEY_BOARD), 0 = none */
	uint8_t sha256[SHA256_DIGEST_SIZE];
};

/* The SHA-256 of app's integrity region; hashes it on the first call only. */
const uint8_t *app_sha256(struct app_credentials *app);

/* A credential policy a board applies to every app on top of the kernel's own checks (Tock's
 * "credential checking policy"): check() returns NULL when the app may run, else the reason
 * it may not, for the log. It is asked only about apps that passed the kernel's checks: their
 * footers are well-formed, at most LOADER_MAX_FOOTERS, and every SHA-256 footer matches.
 * Example: app_check_ecdsa_p256 (tick/app_signature.h) with the board's key. */
struct app_checker {
	const char *(*check)(struct app_credentials *app, const void *ctx);
	const void *ctx;
};

/* Scans app flash [start, end) for TBFs and creates processes; RAM for them comes from
 * [ram_start, ram_end). checker: NULL to run apps with or without credentials, else the
 * board's credential policy. Logs each app loaded or rejected (with the reason).
 * Returns processes created. The stages it runs per app are in kernel/internal/loader.h. */
unsigned kernel_load_processes(uint32_t flash_start, uint32_t flash_end,
			       uint32_t ram_start, uint32_t ram_end,
			       const struct app_checker *checker);

#endif
