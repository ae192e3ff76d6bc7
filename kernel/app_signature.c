/* Signed-apps policies: an app runs only when one of its EcdsaNistP256 footers verifies with the board's key, or runs either way and the kernel notes which. */
#include <tick/app_signature.h>
#include <tick/p256.h>

const char *app_check_ecdsa_p256(struct app_credentials *app, const void *ctx)
{
	const uint8_t *key = ctx;
	uint32_t cursor = 0;
	struct tbf_footer f;
	bool signature_seen = false;

	unsigned tried = 0;

	/* At most APP_SIGNATURES_TRIED signatures are verified, so that an image stuffed with
	 * bogus ones cannot stall the boot; all of them over the one digest of the app. */
	while (tried < APP_SIGNATURES_TRIED &&
	       tbf_next_footer(app->tbf, app->h, &cursor, &f) == TBF_OK) {
		if (f.format != TBF_CRED_ECDSA_P256)
			continue;
		/* tbf_next_footer guarantees the signature's 64 bytes. */
		if (p256_ecdsa_verify(key, app_sha256(app), f.data)) {
			app->key = APP_KEY_BOARD;   /* the identity IPC peers see */
			return NULL;
		}
		signature_seen = true;
		tried++;
	}
	return signature_seen ? "its ECDSA P-256 signature does not verify with the board's key"
			      : "not signed, and this board runs only apps with an ECDSA P-256 signature";
}

const char *app_note_ecdsa_p256(struct app_credentials *app, const void *ctx)
{
	(void)app_check_ecdsa_p256(app, ctx);   /* sets app->key when a signature verifies */
	return NULL;
}
