/* Deterministic "random" bytes for mbedtls in tests: SHA-256 of a counter, so runs repeat exactly. */
#ifndef FAKES_DET_RNG_H
#define FAKES_DET_RNG_H

#include <stddef.h>

/* An mbedtls f_rng: ctx points to a uint32_t counter, advanced once per 32 bytes. Returns 0. */
int det_rng(void *ctx, unsigned char *out, size_t n);

#endif
