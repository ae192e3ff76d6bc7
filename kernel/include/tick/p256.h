/* ECDSA P-256 signature verification, freestanding: lets the kernel require signed apps. */
#ifndef TICK_P256_H
#define TICK_P256_H

#include <stdbool.h>
#include <stdint.h>

#include <tick/tbf.h>

/*
 * Verifies an ECDSA signature on the NIST P-256 curve (FIPS 186-4 section 6.4.2).
 * pubkey: the public point as raw big-endian x || y (64 bytes, no 0x04 prefix).
 * hash:   the 32-byte SHA-256 digest of the signed message.
 * sig:    raw big-endian r || s (64 bytes), as in TBF EcdsaNistP256 credentials.
 * Returns true only for a valid signature; a public key that is not on the curve, r or s
 * outside [1, n-1], and every other malformed input give false. Not constant time: all
 * inputs are public. Uses about 1.4 KB of stack and no heap; about 3.5 million instructions
 * on rv32imac.
 */
bool p256_ecdsa_verify(const uint8_t pubkey[64], const uint8_t hash[32], const uint8_t sig[64]);

/* True when pubkey (x || y) is a point on P-256 (what a board should check once at build). */
bool p256_point_valid(const uint8_t pubkey[64]);

/* True when f is an EcdsaNistP256 credential that verifies over tbf[0..binary_end_offset)
 * with pubkey. */
bool tbf_ecdsa_p256_matches(const uint8_t *tbf, const struct tbf_header *h,
			    const struct tbf_footer *f, const uint8_t pubkey[64]);

#endif
