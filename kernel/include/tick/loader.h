/* Boot-time app loading: the board's credential policy and the call that creates processes. */
#ifndef TICK_LOADER_H
#define TICK_LOADER_H

#include <stdint.h>

struct tbf_header;

/* A credential policy a board applies to every app on top of the kernel's own checks (Tock's
 * "credential checking policy"): check() returns NULL when the app at tbf (parsed as h) may
 * run, else the reason it may not, for the log. The kernel itself always checks SHA-256
 * footers. Example: app_check_ecdsa_p256 (tick/app_signature.h) with the board's key. */
struct app_checker {
	const char *(*check)(const uint8_t *tbf, const struct tbf_header *h, const void *ctx);
	const void *ctx;
};

/* Scans app flash [start, end) for TBFs and creates processes; RAM for them comes from
 * [ram_start, ram_end). checker: NULL to run apps with or without credentials, else the
 * board's credential policy. Logs each app loaded or rejected (with the reason).
 * Returns processes created. */
unsigned kernel_load_processes(uint32_t flash_start, uint32_t flash_end,
			       uint32_t ram_start, uint32_t ram_end,
			       const struct app_checker *checker);

#endif
