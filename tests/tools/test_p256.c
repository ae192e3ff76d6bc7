/* Differential tests of kernel/lib/p256.c against mbedtls: random keys and messages, and every malformed-input class. */
#include <stdio.h>
#include <string.h>

#include <mbedtls/ecdsa.h>

#include <tick/p256.h>
#include <tick/sha256.h>

static int failures;

static void result(const char *name, int ok)
{
	printf("%s tools/p256/%s\n", ok ? "PASS" : "FAIL", name);
	failures += !ok;
}

/* Deterministic "random" bytes for mbedtls: SHA-256 in counter mode. */
static int det_rng(void *ctx, unsigned char *out, size_t n)
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

struct case_ {
	uint8_t pub[64], hash[32], sig[64];
};

static int make_case(struct case_ *c, uint32_t *ctr, const uint8_t *hash_or_null)
{
	mbedtls_ecdsa_context k;
	mbedtls_mpi r, s;
	int rc;

	mbedtls_ecdsa_init(&k);
	mbedtls_mpi_init(&r);
	mbedtls_mpi_init(&s);
	rc = mbedtls_ecdsa_genkey(&k, MBEDTLS_ECP_DP_SECP256R1, det_rng, ctr);
	if (hash_or_null)
		memcpy(c->hash, hash_or_null, 32);
	else
		det_rng(ctr, c->hash, 32);
	if (!rc)
		rc = mbedtls_ecdsa_sign_det_ext(&k.grp, &r, &s, &k.d, c->hash, 32, MBEDTLS_MD_SHA256,
						det_rng, ctr);
	if (!rc)
		rc = mbedtls_mpi_write_binary(&k.Q.X, c->pub, 32);
	if (!rc)
		rc = mbedtls_mpi_write_binary(&k.Q.Y, c->pub + 32, 32);
	if (!rc)
		rc = mbedtls_mpi_write_binary(&r, c->sig, 32);
	if (!rc)
		rc = mbedtls_mpi_write_binary(&s, c->sig + 32, 32);
	mbedtls_mpi_free(&r);
	mbedtls_mpi_free(&s);
	mbedtls_ecdsa_free(&k);
	return rc;
}

static const uint8_t n_bytes[32] = {
	0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x00, 0x00, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
	0xBC, 0xE6, 0xFA, 0xAD, 0xA7, 0x17, 0x9E, 0x84, 0xF3, 0xB9, 0xCA, 0xC2, 0xFC, 0x63, 0x25, 0x51};

int main(void)
{
	uint32_t ctr = 1;
	struct case_ c;
	int ok = 1, made = 1;

	/* Valid signatures from mbedtls verify; any single-bit change does not. */
	for (int i = 0; i < 40 && made; i++) {
		made = make_case(&c, &ctr, NULL) == 0;
		ok &= p256_ecdsa_verify(c.pub, c.hash, c.sig);
		ok &= p256_point_valid(c.pub);
	}
	result("mbedtls-signatures-verify", ok && made);

	ok = 1;
	for (int i = 0; i < 10; i++) {
		make_case(&c, &ctr, NULL);
		struct case_ d = c;
		d.hash[i * 3 % 32] ^= (uint8_t)(1 << (i % 8));
		ok &= !p256_ecdsa_verify(d.pub, d.hash, d.sig);
		d = c;
		d.sig[i * 7 % 64] ^= (uint8_t)(1 << (i % 8));
		ok &= !p256_ecdsa_verify(d.pub, d.hash, d.sig);
		d = c;
		d.pub[i * 5 % 64] ^= 1; /* almost certainly off the curve */
		ok &= !p256_ecdsa_verify(d.pub, d.hash, d.sig) && !p256_point_valid(d.pub);
	}
	result("tampered-inputs-rejected", ok);

	/* A hash >= n is reduced mod n before use (all-ones hash). */
	uint8_t ones[32];
	memset(ones, 0xFF, sizeof ones);
	ok = make_case(&c, &ctr, ones) == 0 && p256_ecdsa_verify(c.pub, c.hash, c.sig);
	result("hash-above-order", ok);

	/* Another key's signature does not verify. */
	struct case_ other;
	make_case(&c, &ctr, NULL);
	make_case(&other, &ctr, c.hash);
	result("other-key-rejected", !p256_ecdsa_verify(other.pub, c.hash, c.sig));

	/* r or s zero, equal to n, or above n are rejected before any arithmetic. */
	make_case(&c, &ctr, NULL);
	struct case_ d = c;
	memset(d.sig, 0, 32);
	ok = !p256_ecdsa_verify(d.pub, d.hash, d.sig);
	d = c;
	memset(d.sig + 32, 0, 32);
	ok &= !p256_ecdsa_verify(d.pub, d.hash, d.sig);
	d = c;
	memcpy(d.sig, n_bytes, 32);
	ok &= !p256_ecdsa_verify(d.pub, d.hash, d.sig);
	d = c;
	memcpy(d.sig + 32, n_bytes, 32);
	ok &= !p256_ecdsa_verify(d.pub, d.hash, d.sig);
	d = c;
	memset(d.sig, 0xFF, 64);
	ok &= !p256_ecdsa_verify(d.pub, d.hash, d.sig);
	result("r-s-out-of-range", ok);

	/* Public keys: coordinates >= p, the all-zero point, and a point with y negated. */
	d = c;
	memset(d.pub, 0xFF, 32);
	ok = !p256_point_valid(d.pub) && !p256_ecdsa_verify(d.pub, d.hash, d.sig);
	memset(d.pub, 0, 64);
	ok &= !p256_point_valid(d.pub) && !p256_ecdsa_verify(d.pub, d.hash, d.sig);
	/* (x, p - y) is on the curve but is the negated key: must not verify. */
	{
		mbedtls_mpi y, p;
		mbedtls_ecp_group g;
		mbedtls_ecp_group_init(&g);
		mbedtls_ecp_group_load(&g, MBEDTLS_ECP_DP_SECP256R1);
		mbedtls_mpi_init(&y);
		mbedtls_mpi_init(&p);
		mbedtls_mpi_read_binary(&y, c.pub + 32, 32);
		mbedtls_mpi_sub_mpi(&p, &g.P, &y);
		d = c;
		mbedtls_mpi_write_binary(&p, d.pub + 32, 32);
		ok &= p256_point_valid(d.pub) && !p256_ecdsa_verify(d.pub, d.hash, d.sig);
		mbedtls_mpi_free(&y);
		mbedtls_mpi_free(&p);
		mbedtls_ecp_group_free(&g);
	}
	result("bad-public-keys", ok);
	return failures ? 1 : 0;
}
