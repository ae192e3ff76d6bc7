/* Counts SHA-256 computations: the --wrap targets of sha256 and sha256_init (fakes/hash_count.h). */
#include <stddef.h>
#include <stdint.h>
#include <tick/sha256.h>
#include "fakes/hash_count.h"

unsigned hashes;

void __real_sha256(const void *data, size_t len, uint8_t out[SHA256_DIGEST_SIZE]);
void __wrap_sha256(const void *data, size_t len, uint8_t out[SHA256_DIGEST_SIZE]);
void __wrap_sha256(const void *data, size_t len, uint8_t out[SHA256_DIGEST_SIZE])
{
	hashes++;
	__real_sha256(data, len, out);
}

void __real_sha256_init(struct sha256_ctx *ctx);
void __wrap_sha256_init(struct sha256_ctx *ctx);
void __wrap_sha256_init(struct sha256_ctx *ctx)
{
	hashes++;
	__real_sha256_init(ctx);
}
