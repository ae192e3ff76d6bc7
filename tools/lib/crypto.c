/* Host crypto for credentials: SHA-384/512 and ECDSA P-256 through mbedtls (SHA-256 is Tick's own). */
#include "crypto.h"

#include <stdio.h>
#include <string.h>

#include <mbedtls/ecdsa.h>
#include <mbedtls/error.h>
#include <mbedtls/pk.h>
#include <mbedtls/sha512.h>

#include <tick/sha256.h>

void crypto_sha384(const uint8_t *data, size_t len, uint8_t out[48])
{
	uint8_t full[64];
	mbedtls_sha512_ret(data, len, full, 1);
	memcpy(out, full, 48);
}

void crypto_sha512(const uint8_t *data, size_t len, uint8_t out[64])
{
	mbedtls_sha512_ret(data, len, out, 0);
}

/* Randomness only blinds the scalar multiplication; the signature itself is RFC 6979. */
static int urandom(void *ctx, unsigned char *out, size_t n)
{
	(void)ctx;
	FILE *f = fopen("/dev/urandom", "rb");
	if (!f)
		return -1;
	size_t got = fread(out, 1, n, f);
	fclose(f);
	return got == n ? 0 : -1;
}

static void mbed_err(int rc, char *err, size_t errlen, const char *what, const char *path)
{
	char msg[128];
	mbedtls_strerror(rc, msg, sizeof msg);
	snprintf(err, errlen, "%s %s: %s", what, path, msg);
}

/* Loads a key and checks it is an EC key on P-256. */
static bool load_p256(mbedtls_pk_context *pk, const char *path, bool want_private, char *err,
		      size_t errlen)
{
	int rc;
	mbedtls_pk_init(pk);
	if (want_private) {
		rc = mbedtls_pk_parse_keyfile(pk, path, NULL);
	} else {
		rc = mbedtls_pk_parse_public_keyfile(pk, path);
		if (rc != 0) {
			mbedtls_pk_free(pk);
			mbedtls_pk_init(pk);
			rc = mbedtls_pk_parse_keyfile(pk, path, NULL);
		}
	}
	if (rc != 0) {
		mbed_err(rc, err, errlen, want_private ? "cannot read private key" : "cannot read key",
			 path);
		mbedtls_pk_free(pk);
		return false;
	}
	if (!mbedtls_pk_can_do(pk, MBEDTLS_PK_ECKEY) ||
	    mbedtls_pk_ec(*pk)->grp.id != MBEDTLS_ECP_DP_SECP256R1) {
		snprintf(err, errlen, "key %s is not an ECDSA NIST P-256 key", path);
		mbedtls_pk_free(pk);
		return false;
	}
	return true;
}

bool crypto_ecdsa_p256_sign(const char *key_path, const uint8_t *msg, size_t len, uint8_t sig[64],
			    char *err, size_t errlen)
{
	mbedtls_pk_context pk;
	mbedtls_mpi r, s;
	uint8_t hash[32];
	bool ok = false;

	if (!load_p256(&pk, key_path, true, err, errlen))
		return false;
	sha256(msg, len, hash);
	mbedtls_mpi_init(&r);
	mbedtls_mpi_init(&s);
	mbedtls_ecp_keypair *kp = mbedtls_pk_ec(pk);
	int rc = mbedtls_ecdsa_sign_det_ext(&kp->grp, &r, &s, &kp->d, hash, sizeof hash,
					   MBEDTLS_MD_SHA256, urandom, NULL);
	if (rc == 0)
		rc = mbedtls_mpi_write_binary(&r, sig, 32);
	if (rc == 0)
		rc = mbedtls_mpi_write_binary(&s, sig + 32, 32);
	if (rc != 0)
		mbed_err(rc, err, errlen, "cannot sign with", key_path);
	else
		ok = true;
	mbedtls_mpi_free(&r);
	mbedtls_mpi_free(&s);
	mbedtls_pk_free(&pk);
	return ok;
}

enum crypto_verdict crypto_ecdsa_p256_verify(const char *key_path, const uint8_t *msg, size_t len,
					     const uint8_t sig[64], char *err, size_t errlen)
{
	mbedtls_pk_context pk;
	mbedtls_mpi r, s;
	uint8_t hash[32];

	if (!load_p256(&pk, key_path, false, err, errlen))
		return CRYPTO_KEY_ERROR;
	sha256(msg, len, hash);
	mbedtls_mpi_init(&r);
	mbedtls_mpi_init(&s);
	mbedtls_ecp_keypair *kp = mbedtls_pk_ec(pk);
	int rc = mbedtls_mpi_read_binary(&r, sig, 32);
	if (rc == 0)
		rc = mbedtls_mpi_read_binary(&s, sig + 32, 32);
	if (rc == 0)
		rc = mbedtls_ecdsa_verify(&kp->grp, hash, sizeof hash, &kp->Q, &r, &s);
	mbedtls_mpi_free(&r);
	mbedtls_mpi_free(&s);
	mbedtls_pk_free(&pk);
	return rc == 0 ? CRYPTO_VALID : CRYPTO_INVALID;
}

bool crypto_p256_public_raw(const char *key_path, uint8_t out[64], char *err, size_t errlen)
{
	mbedtls_pk_context pk;

	if (!load_p256(&pk, key_path, false, err, errlen))
		return false;
	mbedtls_ecp_keypair *kp = mbedtls_pk_ec(pk);
	int rc = mbedtls_mpi_write_binary(&kp->Q.X, out, 32);
	if (rc == 0)
		rc = mbedtls_mpi_write_binary(&kp->Q.Y, out + 32, 32);
	if (rc != 0)
		mbed_err(rc, err, errlen, "cannot export", key_path);
	mbedtls_pk_free(&pk);
	return rc == 0;
}
