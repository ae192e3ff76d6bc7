/* Host crypto for credentials: SHA-384/512 and ECDSA P-256 through mbedtls (SHA-256 is Tick's own). */
#ifndef TOOLS_CRYPTO_H
#define TOOLS_CRYPTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

void crypto_sha384(const uint8_t *data, size_t len, uint8_t out[48]);
void crypto_sha512(const uint8_t *data, size_t len, uint8_t out[64]);

/*
 * Signs SHA-256(msg) with the P-256 private key in key_path (PEM or DER, SEC1 or PKCS#8),
 * deterministically (RFC 6979), writing raw r||s (32 bytes each, big-endian) to sig.
 * Returns false with a plain-words reason in err.
 */
bool crypto_ecdsa_p256_sign(const char *key_path, const uint8_t *msg, size_t len, uint8_t sig[64],
			    char *err, size_t errlen);

/* Result of a signature check. */
enum crypto_verdict { CRYPTO_VALID, CRYPTO_INVALID, CRYPTO_KEY_ERROR };

/*
 * Checks raw r||s sig over SHA-256(msg) with the P-256 public key in key_path (a PEM/DER
 * public key, or a private key whose public half is used). CRYPTO_KEY_ERROR sets err.
 */
enum crypto_verdict crypto_ecdsa_p256_verify(const char *key_path, const uint8_t *msg, size_t len,
					     const uint8_t sig[64], char *err, size_t errlen);

/* The public half of the P-256 key in key_path (public or private key file) as raw
 * big-endian x || y, the form the kernel's p256_ecdsa_verify takes. */
bool crypto_p256_public_raw(const char *key_path, uint8_t out[64], char *err, size_t errlen);

#endif
