/* Deterministic "random" bytes for mbedtls in tests: SHA-256 in counter mode. */
#include <stdint.h>
#include <string.h>
#include <tick/sha256.h>
#include "fakes/det_rng.h"

int det_rng(void *ctx, unsigned char *out, size_t n)
{
	uint32_t *ctr = ctx;
	while (n) {
		uint8_t block[32], in[4] = {(uint8_t)*ctr, (uint8_t)(*ctr >> 8), (uint8_t)(*ctr >> 16), 7};
		(*ctr)++;
		sha256(in, sizeof in, block);
		size_t k = n < 32 ? n : 32;
		memcpy(out, block, k);
		out += k;
		n -= k;
	}
	return 0;
}
