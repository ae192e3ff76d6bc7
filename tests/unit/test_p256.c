/* Differential tests of kernel/lib/p256.c against mbedtls: random keys and messages, and every malformed-input class. */
/* sources: kernel/lib/p256.c kernel/lib/sha256.c tests/unit/fakes/det_rng.c */
/* libs: -lmbedcrypto */
/* Results are TAP lines ("ok 3 - name", the plan last), for tests/harness/run-cmocka.sh. */
#include <stdio.h>
#include <string.h>

#include <mbedtls/ecdsa.h>

#include <tick/p256.h>
#include <tick/sha256.h>
#include "fakes/det_rng.h"

static int failures, results;

static void result(const char *name, int ok)
{
	printf("%sok %d - %s\n", ok ? "" : "not ", ++results, name);
	failures += !ok;
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

/*
 * Crafted signatures: any scalars (u1, u2) the verifier will compute, for any key Q. With
 * R = u1 G + u2 Q, r = x(R) mod n, s = r / u2 and e = u1 s (mod n), the verifier's
 * e / s and r / s are exactly u1 and u2. When R is the point at infinity, r is any value
 * (here 1) and the signature must be rejected. Returns -1 on an mbedtls error, else whether
 * the signature is valid, cross-checked with mbedtls_ecdsa_verify.
 */
static int craft(mbedtls_ecp_group *g, const mbedtls_ecp_point *q, const mbedtls_mpi *u1,
		 const mbedtls_mpi *u2, struct case_ *c)
{
	mbedtls_ecp_point R;
	mbedtls_mpi r, s, e, t;
	int rc, valid;

	mbedtls_ecp_point_init(&R);
	mbedtls_mpi_init(&r);
	mbedtls_mpi_init(&s);
	mbedtls_mpi_init(&e);
	mbedtls_mpi_init(&t);
	rc = mbedtls_ecp_muladd(g, &R, u1, &g->G, u2, q);
	valid = !rc && !mbedtls_ecp_is_zero(&R);
	if (!rc)
		rc = valid ? mbedtls_mpi_mod_mpi(&r, &R.X, &g->N) : mbedtls_mpi_lset(&r, 1);
	if (!rc)
		rc = mbedtls_mpi_inv_mod(&t, u2, &g->N);
	if (!rc)
		rc = mbedtls_mpi_mul_mpi(&s, &r, &t);
	if (!rc)
		rc = mbedtls_mpi_mod_mpi(&s, &s, &g->N);
	if (!rc)
		rc = mbedtls_mpi_mul_mpi(&e, u1, &s);
	if (!rc)
		rc = mbedtls_mpi_mod_mpi(&e, &e, &g->N);
	if (!rc)
		rc = mbedtls_mpi_write_binary(&q->X, c->pub, 32);
	if (!rc)
		rc = mbedtls_mpi_write_binary(&q->Y, c->pub + 32, 32);
	if (!rc)
		rc = mbedtls_mpi_write_binary(&e, c->hash, 32);
	if (!rc)
		rc = mbedtls_mpi_write_binary(&r, c->sig, 32);
	if (!rc)
		rc = mbedtls_mpi_write_binary(&s, c->sig + 32, 32);
	if (!rc && valid != (mbedtls_ecdsa_verify(g, c->hash, 32, q, &r, &s) == 0))
		rc = -1; /* the construction itself is wrong */
	mbedtls_ecp_point_free(&R);
	mbedtls_mpi_free(&r);
	mbedtls_mpi_free(&s);
	mbedtls_mpi_free(&e);
	mbedtls_mpi_free(&t);
	return rc ? -1 : valid;
}

/* Scalars with awkward digit patterns: 0, 1, small odd multiples, all-ones runs, single bits,
 * alternating bits, values next to n. Each is reduced mod n. */
static int edge_scalar(mbedtls_mpi *x, const mbedtls_ecp_group *g, int i)
{
	static const char *const hex[] = {
		"0", "1", "2", "3", "7", "F", "10", "1F", "20", "3F",
		"FFFFFFFF", "100000000", "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF",
		"8000000000000000000000000000000000000000000000000000000000000000",
		"FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF",
		"5555555555555555555555555555555555555555555555555555555555555555",
		"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
		"F0F0F0F0F0F0F0F0F0F0F0F0F0F0F0F0F0F0F0F0F0F0F0F0F0F0F0F0F0F0F0F0",
		/* (n - 1) / 2 */
		"7FFFFFFF800000007FFFFFFFFFFFFFFFDE737D56D38BCF4279DCE5617E3192A8",
	};
	int count = (int)(sizeof hex / sizeof hex[0]);
	int rc;

	if (i < count) {
		rc = mbedtls_mpi_read_string(x, 16, hex[i]);
	} else {
		/* n - 1, n - 2, n - 3, n - 16 */
		static const int below_n[] = {1, 2, 3, 16};
		if (i - count >= 4)
			return 1;
		rc = mbedtls_mpi_sub_int(x, &g->N, below_n[i - count]);
	}
	if (!rc)
		rc = mbedtls_mpi_mod_mpi(x, x, &g->N);
	return rc ? -1 : 0;
}

int main(void)
{
	uint32_t ctr = 1;
	struct case_ c;
	int ok = 1, made = 1;

	/* Valid signatures from mbedtls verify; any single-bit change does not. */
	for (int i = 0; i < 200 && made; i++) {
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

	/* Crafted (u1, u2) pairs over keys whose table entries collide with G's (Q = G, -G, 3G,
	 * ...): the sums inside the scalar multiplication then hit doubling and infinity. */
	{
		mbedtls_ecp_group g;
		mbedtls_ecp_point q;
		mbedtls_mpi d, u1, u2;
		static const int small_keys[] = {1, 2, 3, 5, 7, 15, -1, -3, -15, 0};
		int agree = 1, crafted = 1, valid_seen = 0;

		mbedtls_ecp_group_init(&g);
		mbedtls_ecp_point_init(&q);
		mbedtls_mpi_init(&d);
		mbedtls_mpi_init(&u1);
		mbedtls_mpi_init(&u2);
		crafted &= mbedtls_ecp_group_load(&g, MBEDTLS_ECP_DP_SECP256R1) == 0;
		for (size_t k = 0; crafted && k < sizeof small_keys / sizeof small_keys[0]; k++) {
			int v = small_keys[k];
			if (v > 0)
				crafted &= mbedtls_mpi_lset(&d, v) == 0;
			else if (v < 0)
				crafted &= mbedtls_mpi_sub_int(&d, &g.N, -v) == 0;
			else
				crafted &= mbedtls_ecp_gen_privkey(&g, &d, det_rng, &ctr) == 0;
			crafted &= mbedtls_ecp_mul(&g, &q, &d, &g.G, det_rng, &ctr) == 0;
			for (int i = 0; crafted && edge_scalar(&u1, &g, i) == 0; i++) {
				/* u2 = u1 (with Q = G the halves add up to a doubling, with
				 * Q = -G to infinity), and two others that vary with the key. */
				int kk = (int)k;
				int js[3] = {i, (i + kk) % 22 + 1, (3 * i + 2 * kk + 5) % 22 + 1};
				for (int m = 0; crafted && m < 3; m++) {
					if (edge_scalar(&u2, &g, js[m]) != 0 ||
					    mbedtls_mpi_cmp_int(&u2, 0) == 0)
						continue;
					int want = craft(&g, &q, &u1, &u2, &c);
					crafted &= want >= 0;
					valid_seen += want == 1;
					agree &= p256_ecdsa_verify(c.pub, c.hash, c.sig) ==
						 (want == 1);
				}
			}
			/* u1 = -u2 d makes R the point at infinity: rejected. */
			crafted &= mbedtls_mpi_lset(&u2, 12345) == 0 &&
				   mbedtls_mpi_mul_mpi(&u1, &u2, &d) == 0 &&
				   mbedtls_mpi_mod_mpi(&u1, &u1, &g.N) == 0 &&
				   mbedtls_mpi_sub_mpi(&u1, &g.N, &u1) == 0;
			crafted &= craft(&g, &q, &u1, &u2, &c) == 0;
			agree &= !p256_ecdsa_verify(c.pub, c.hash, c.sig);
		}
		result("crafted-scalars-and-keys", agree && crafted && valid_seen > 500);

		/* x(R) in [n, p): r = x(R) - n must verify (and x(R) itself is out of range).
		 * Find such an R, pick u1 and u2, and solve Q = (R - u1 G) / u2. */
		mbedtls_ecp_point R;
		mbedtls_mpi z, t, e;
		mbedtls_ecp_point_init(&R);
		mbedtls_mpi_init(&z);
		mbedtls_mpi_init(&t);
		mbedtls_mpi_init(&e);
		ok = 0;
		crafted = mbedtls_mpi_copy(&R.X, &g.N) == 0 && mbedtls_mpi_lset(&R.Z, 1) == 0;
		for (int tries = 0; crafted && tries < 100; tries++) {
			/* y^2 = x^3 - 3x + b; p = 3 mod 4, so a square root is z^((p + 1) / 4). */
			crafted &= mbedtls_mpi_add_int(&R.X, &R.X, 1) == 0 &&
				   mbedtls_mpi_mul_mpi(&z, &R.X, &R.X) == 0 &&
				   mbedtls_mpi_sub_int(&z, &z, 3) == 0 &&
				   mbedtls_mpi_mul_mpi(&z, &z, &R.X) == 0 &&
				   mbedtls_mpi_add_mpi(&z, &z, &g.B) == 0 &&
				   mbedtls_mpi_mod_mpi(&z, &z, &g.P) == 0 &&
				   mbedtls_mpi_add_int(&t, &g.P, 1) == 0 &&
				   mbedtls_mpi_shift_r(&t, 2) == 0 &&
				   mbedtls_mpi_exp_mod(&R.Y, &z, &t, &g.P, NULL) == 0;
			if (crafted && mbedtls_ecp_check_pubkey(&g, &R) == 0) {
				ok = 1;
				break;
			}
		}
		int cases = 0;
		for (int i = 1; ok && crafted && i < 12; i++) {
			/* u1 = i * 1000003, u2 = i; Q = u2^-1 R - u1 u2^-1 G */
			crafted &= mbedtls_mpi_lset(&u1, (mbedtls_mpi_sint)i * 1000003) == 0 &&
				   mbedtls_mpi_lset(&u2, i) == 0 &&
				   mbedtls_mpi_inv_mod(&t, &u2, &g.N) == 0 &&
				   mbedtls_mpi_mul_mpi(&e, &u1, &t) == 0 &&
				   mbedtls_mpi_mod_mpi(&e, &e, &g.N) == 0 &&
				   mbedtls_mpi_sub_mpi(&e, &g.N, &e) == 0 &&
				   mbedtls_ecp_muladd(&g, &q, &t, &R, &e, &g.G) == 0;
			if (!crafted)
				break;
			int want = craft(&g, &q, &u1, &u2, &c);
			/* the r the construction must have used */
			mbedtls_mpi_sub_mpi(&t, &R.X, &g.N);
			mbedtls_mpi_read_binary(&z, c.sig, 32);
			ok &= want == 1 && mbedtls_mpi_cmp_mpi(&t, &z) == 0;
			ok &= p256_ecdsa_verify(c.pub, c.hash, c.sig);
			/* r = x(R) itself is >= n: out of range */
			mbedtls_mpi_write_binary(&R.X, c.sig, 32);
			ok &= !p256_ecdsa_verify(c.pub, c.hash, c.sig);
			cases++;
		}
		result("x-of-r-above-order", ok && crafted && cases == 11);

		/* (r, n - s) is the other valid signature for the same R. */
		ok = 1;
		for (int i = 0; i < 10; i++) {
			ok &= make_case(&c, &ctr, NULL) == 0;
			mbedtls_mpi_read_binary(&z, c.sig + 32, 32);
			mbedtls_mpi_sub_mpi(&z, &g.N, &z);
			mbedtls_mpi_write_binary(&z, c.sig + 32, 32);
			ok &= p256_ecdsa_verify(c.pub, c.hash, c.sig);
		}
		result("negated-s-verifies", ok);

		mbedtls_ecp_point_free(&R);
		mbedtls_mpi_free(&z);
		mbedtls_mpi_free(&t);
		mbedtls_mpi_free(&e);
		mbedtls_ecp_group_free(&g);
		mbedtls_ecp_point_free(&q);
		mbedtls_mpi_free(&d);
		mbedtls_mpi_free(&u1);
		mbedtls_mpi_free(&u2);
	}
	printf("1..%d\n", results);
	return failures ? 1 : 0;
}
