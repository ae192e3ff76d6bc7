/* SHA-256 (FIPS 180-4) in freestanding C11: no libc, byte-wise loads so any alignment works. */
#include <tick/sha256.h>

static const uint32_t round_constants[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
	0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
	0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
	0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
	0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
	0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

/*@ requires 0 < n < 32;
    assigns \nothing; */
static uint32_t rotr(uint32_t x, unsigned n)
{
	return (x >> n) | (x << (32u - n));
}

/* Mixes one 64-byte block into the state. The message schedule is kept as a rolling
 * 16-word window to keep stack use small on microcontrollers. */
/*@ requires \valid(state + (0 .. 7)) && \valid_read(block + (0 .. 63));
    requires \separated(state + (0 .. 7), block + (0 .. 63));
    assigns state[0 .. 7]; */
static void compress(uint32_t state[8], const uint8_t block[64])
{
	uint32_t w[16];
	uint32_t a = state[0], b = state[1], c = state[2], d = state[3];
	uint32_t e = state[4], f = state[5], g = state[6], h = state[7];

	/*@ loop invariant 0 <= i <= 16;
	    loop assigns i, w[0 .. 15];
	    loop variant 16 - i; */
	for (unsigned i = 0; i < 16; i++) {
		w[i] = (uint32_t)block[4 * i] << 24 | (uint32_t)block[4 * i + 1] << 16 |
		       (uint32_t)block[4 * i + 2] << 8 | (uint32_t)block[4 * i + 3];
	}
	/*@ loop invariant 0 <= i <= 64;
	    loop assigns i, a, b, c, d, e, f, g, h, w[0 .. 15];
	    loop variant 64 - i; */
	for (unsigned i = 0; i < 64; i++) {
		uint32_t wi;
		if (i < 16) {
			wi = w[i];
		} else {
			uint32_t w15 = w[(i - 15) & 15], w2 = w[(i - 2) & 15];
			uint32_t s0 = rotr(w15, 7) ^ rotr(w15, 18) ^ (w15 >> 3);
			uint32_t s1 = rotr(w2, 17) ^ rotr(w2, 19) ^ (w2 >> 10);
			wi = w[i & 15] + s0 + w[(i - 7) & 15] + s1;
			w[i & 15] = wi;
		}
		uint32_t t1 = h + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) +
			      round_constants[i] + wi;
		uint32_t t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
		h = g;
		g = f;
		f = e;
		e = d + t1;
		d = c;
		c = b;
		b = a;
		a = t1 + t2;
	}
	state[0] += a;
	state[1] += b;
	state[2] += c;
	state[3] += d;
	state[4] += e;
	state[5] += f;
	state[6] += g;
	state[7] += h;
}

/*@ requires \valid(ctx);
    assigns *ctx;
    ensures ctx->block_len == 0; */
void sha256_init(struct sha256_ctx *ctx)
{
	static const uint32_t initial[8] = {
		0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
		0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
	};
	/*@ loop invariant 0 <= i <= 8;
	    loop assigns i, ctx->state[0 .. 7];
	    loop variant 8 - i; */
	for (unsigned i = 0; i < 8; i++)
		ctx->state[i] = initial[i];
	ctx->total_len = 0;
	ctx->block_len = 0;
}

/*@ requires \valid(ctx) && ctx->block_len < SHA256_BLOCK_SIZE;
    requires \valid_read((const uint8_t *)data + (0 .. len - 1));
    requires \separated(ctx, (const uint8_t *)data + (0 .. len - 1));
    assigns *ctx;
    ensures ctx->block_len < SHA256_BLOCK_SIZE; */
void sha256_update(struct sha256_ctx *ctx, const void *data, size_t len)
{
	const uint8_t *p = data;

	ctx->total_len += len;
	/*@ loop invariant ctx->block_len < SHA256_BLOCK_SIZE;
	    loop invariant p + len == (const uint8_t *)data + \at(len, Pre);
	    loop invariant \valid_read(p + (0 .. len - 1)) && \separated(ctx, p + (0 .. len - 1));
	    loop assigns p, len, *ctx;
	    loop variant len; */
	while (len > 0) {
		/* Whole blocks straight from the input when nothing is buffered: no copy. */
		if (ctx->block_len == 0 && len >= SHA256_BLOCK_SIZE) {
			compress(ctx->state, p);
			p += SHA256_BLOCK_SIZE;
			len -= SHA256_BLOCK_SIZE;
			continue;
		}
		ctx->block[ctx->block_len++] = *p++;
		len--;
		if (ctx->block_len == SHA256_BLOCK_SIZE) {
			compress(ctx->state, ctx->block);
			ctx->block_len = 0;
		}
	}
}

/*@ requires \valid(ctx) && ctx->block_len < SHA256_BLOCK_SIZE;
    requires \valid(out + (0 .. SHA256_DIGEST_SIZE - 1)) && \separated(ctx, out + (0 .. SHA256_DIGEST_SIZE - 1));
    assigns *ctx, out[0 .. SHA256_DIGEST_SIZE - 1]; */
void sha256_final(struct sha256_ctx *ctx, uint8_t out[SHA256_DIGEST_SIZE])
{
	/* Bit count as two 32-bit halves: avoids 64-bit shifts (libgcc calls) on rv32. */
	uint32_t bits_hi = (uint32_t)(ctx->total_len >> 29);
	uint32_t bits_lo = (uint32_t)ctx->total_len << 3;

	/* Padding: one 0x80 byte, zeros up to 56 mod 64, then the 64-bit big-endian bit count. */
	ctx->block[ctx->block_len++] = 0x80;
	if (ctx->block_len > 56) {
		/*@ loop invariant 56 < ctx->block_len <= SHA256_BLOCK_SIZE;
		    loop assigns ctx->block_len, ctx->block[0 .. SHA256_BLOCK_SIZE - 1];
		    loop variant SHA256_BLOCK_SIZE - ctx->block_len; */
		while (ctx->block_len < SHA256_BLOCK_SIZE)
			ctx->block[ctx->block_len++] = 0;
		compress(ctx->state, ctx->block);
		ctx->block_len = 0;
	}
	/*@ loop invariant ctx->block_len <= 56 || \at(ctx->block_len, LoopEntry) > 56;
	    loop invariant ctx->block_len <= SHA256_BLOCK_SIZE;
	    loop assigns ctx->block_len, ctx->block[0 .. SHA256_BLOCK_SIZE - 1];
	    loop variant SHA256_BLOCK_SIZE - ctx->block_len; */
	while (ctx->block_len < 56)
		ctx->block[ctx->block_len++] = 0;
	/*@ loop invariant 0 <= i <= 4;
	    loop assigns i, ctx->block[56 .. 63];
	    loop variant 4 - i; */
	for (unsigned i = 0; i < 4; i++) {
		ctx->block[56 + i] = (uint8_t)(bits_hi >> (24 - 8 * i));
		ctx->block[60 + i] = (uint8_t)(bits_lo >> (24 - 8 * i));
	}
	compress(ctx->state, ctx->block);

	/*@ loop invariant 0 <= i <= 8;
	    loop assigns i, out[0 .. SHA256_DIGEST_SIZE - 1];
	    loop variant 8 - i; */
	for (unsigned i = 0; i < 8; i++) {
		out[4 * i] = (uint8_t)(ctx->state[i] >> 24);
		out[4 * i + 1] = (uint8_t)(ctx->state[i] >> 16);
		out[4 * i + 2] = (uint8_t)(ctx->state[i] >> 8);
		out[4 * i + 3] = (uint8_t)ctx->state[i];
	}
}

/*@ requires \valid_read((const uint8_t *)data + (0 .. len - 1));
    requires \valid(out + (0 .. SHA256_DIGEST_SIZE - 1));
    assigns out[0 .. SHA256_DIGEST_SIZE - 1]; */
void sha256(const void *data, size_t len, uint8_t out[SHA256_DIGEST_SIZE])
{
	struct sha256_ctx ctx;

	sha256_init(&ctx);
	sha256_update(&ctx, data, len);
	sha256_final(&ctx, out);
}
