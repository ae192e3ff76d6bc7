/* Credential footers for tick-pack: computing them, and adding them to already built TBFs. */
#include "credentials.h"

#include <stdio.h>
#include <string.h>

#include <tick/sha256.h>
#include <tick/tbf.h>

#include "../lib/crypto.h"

uint32_t credentials_size(const struct pack_opts *o)
{
	return (o->sha256 ? 8 + 32 : 0) + (o->sha384 ? 8 + 48 : 0) + (o->sha512 ? 8 + 64 : 0) +
	       (o->ecdsa_key ? 8 + 64 : 0);
}

bool credentials_wanted(const struct pack_opts *o)
{
	return credentials_size(o) != 0;
}

bool credentials_emit(struct buf *out, const uint8_t *tbf, uint32_t binary_end,
		      const struct pack_opts *o, char *err, size_t errlen)
{
	uint8_t d256[32], d384[48], d512[64], sig[64];

	/* Everything is computed before anything is appended: tbf may point into out, and
	 * appending can move out's storage. */
	if (o->sha256)
		sha256(tbf, binary_end, d256);
	if (o->sha384)
		crypto_sha384(tbf, binary_end, d384);
	if (o->sha512)
		crypto_sha512(tbf, binary_end, d512);
	if (o->ecdsa_key && !crypto_ecdsa_p256_sign(o->ecdsa_key, tbf, binary_end, sig, err, errlen))
		return false;
	if (o->sha256)
		tbf_footer_emit(out, TBF_CRED_SHA256, d256, sizeof d256);
	if (o->sha384)
		tbf_footer_emit(out, TBF_CRED_SHA384, d384, sizeof d384);
	if (o->sha512)
		tbf_footer_emit(out, TBF_CRED_SHA512, d512, sizeof d512);
	if (o->ecdsa_key)
		tbf_footer_emit(out, TBF_CRED_ECDSA_P256, sig, sizeof sig);
	return true;
}

bool credentials_add_in_place(uint8_t *tbf, size_t len, const struct pack_opts *o, char *err,
			      size_t errlen)
{
	struct tbf_header h;
	struct tbf_footer f;
	uint32_t cursor = 0, need = credentials_size(o);
	enum tbf_error e = tbf_parse(tbf, len, &h);

	if (e != TBF_OK) {
		snprintf(err, errlen, "not a valid TBF: %s", tbf_error_str(e));
		return false;
	}
	if (h.is_padding || !h.has_program) {
		snprintf(err, errlen, "has no Program header, so it has no footer space for credentials");
		return false;
	}
	while ((e = tbf_next_footer(tbf, &h, &cursor, &f)) == TBF_OK) {
		uint32_t space = f.len + 8; /* the whole Reserved TLV can be reused */
		if (f.format != TBF_CRED_RESERVED)
			continue;
		uint32_t left = space - need;
		/* Leftover must hold another Reserved TLV, or be raw padding at the very end. */
		bool at_end = f.offset + space == h.total_size;
		if (space < need || (left > 0 && left < 8 && !at_end))
			continue;
		struct buf creds = {0};
		if (!credentials_emit(&creds, tbf, h.binary_end_offset, o, err, errlen)) {
			buf_free(&creds);
			return false;
		}
		tbf_footer_reserved(&creds, left);
		memcpy(tbf + f.offset, creds.data, creds.len);
		buf_free(&creds);
		return true;
	}
	if (e != TBF_END) {
		snprintf(err, errlen, "footer walk failed: %s", tbf_error_str(e));
		return false;
	}
	snprintf(err, errlen,
		 "no Reserved footer with room for %u bytes of credentials (repack it with "
		 "--minimum-footer-size %u or more)",
		 need, need);
	return false;
}
