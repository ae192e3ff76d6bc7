/* SHA-256 (FIPS 180-4), freestanding: used by the kernel's credential check and the host tools. */
#ifndef TICK_SHA256_H
#define TICK_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define SHA256_DIGEST_SIZE 32
#define SHA256_BLOCK_SIZE 64

/* Running hash state. Treat as opaque; a zero-initialised struct is NOT valid, call sha256_init. */
struct sha256_ctx {
	uint32_t state[8];
	uint64_t total_len;             /* bytes fed so far */
	uint8_t block[SHA256_BLOCK_SIZE];
	uint32_t block_len;             /* bytes waiting in block[] (< 64) */
};

/* Starts a new hash. */
void sha256_init(struct sha256_ctx *ctx);

/* Feeds len bytes; data may be NULL only when len is 0. Any alignment is fine. */
void sha256_update(struct sha256_ctx *ctx, const void *data, size_t len);

/* Writes the 32-byte digest to out and leaves ctx in an unspecified state (init again to reuse). */
void sha256_final(struct sha256_ctx *ctx, uint8_t out[SHA256_DIGEST_SIZE]);

/* One-shot convenience: digest of data[0..len). */
void sha256(const void *data, size_t len, uint8_t out[SHA256_DIGEST_SIZE]);

#endif
