/* Unit tests of the signed-apps policy (kernel/app_signature.c) alone and through the loader, with mbedtls as the signer. */
/* sources: @kernel_env @signatures tests/unit/fakes/det_rng.c tests/unit/fakes/hash_count.c */
/* libs: -lmbedcrypto -Wl,--wrap=sha256 -Wl,--wrap=sha256_init */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <mbedtls/ecdsa.h>

#include <tick/app_signature.h>
#include <tick/sha256.h>
#include <tick/tbf.h>
#include "fakes/det_rng.h"
#include "fakes/env.h"
#include "fakes/hash_count.h"
#include "fakes/tbf_build.h"

#define FLASH_SIZE 0x10000u
#define RAM_SIZE 0x20000u

static uint8_t *flash, *ram;
static uint32_t fl, ram0, next;

/* Two signing keys: the board's and a stranger's, made once from a fixed seed. */
static mbedtls_ecdsa_context board_key, other_key;
static uint8_t board_pub[64];
static uint32_t rng_counter;

static void sign_with(mbedtls_ecdsa_context *k, const uint8_t *msg, size_t len, uint8_t sig[64])
{
	uint8_t hash[32];
	mbedtls_mpi r, s;
	mbedtls_mpi_init(&r);
	mbedtls_mpi_init(&s);
	sha256(msg, len, hash);
	assert_int_equal(mbedtls_ecdsa_sign_det_ext(&k->grp, &r, &s, &k->d, hash, 32,
						    MBEDTLS_MD_SHA256, det_rng, &rng_counter), 0);
	assert_int_equal(mbedtls_mpi_write_binary(&r, sig, 32), 0);
	assert_int_equal(mbedtls_mpi_write_binary(&s, sig + 32, 32), 0);
	mbedtls_mpi_free(&r);
	mbedtls_mpi_free(&s);
}

/* Signers for tbf_opts.ecdsa_sign: footer index picks nothing or the key. */
static void sign_board(const uint8_t *msg, size_t len, unsigned i, uint8_t sig[64])
{
	(void)i;
	sign_with(&board_key, msg, len, sig);
}

static void sign_other(const uint8_t *msg, size_t len, unsigned i, uint8_t sig[64])
{
	(void)i;
	sign_with(&other_key, msg, len, sig);
}

static void sign_other_then_board(const uint8_t *msg, size_t len, unsigned i, uint8_t sig[64])
{
	sign_with(i == 0 ? &other_key : &board_key, msg, len, sig);
}

static void sign_garbage(const uint8_t *msg, size_t len, unsigned i, uint8_t sig[64])
{
	(void)msg;
	(void)len;
	memset(sig, (int)(0x11 * (i + 1)), 64);
}

static void sign_other_then_board_last(const uint8_t *msg, size_t len, unsigned i, uint8_t sig[64])
{
	sign_with(i + 1 < APP_SIGNATURES_TRIED ? &other_key : &board_key, msg, len, sig);
}

static void sign_garbage_then_board(const uint8_t *msg, size_t len, unsigned i, uint8_t sig[64])
{
	if (i < APP_SIGNATURES_TRIED)
		sign_garbage(msg, len, i, sig);
	else
		sign_with(&board_key, msg, len, sig);
}

static int group_setup(void **state)
{
	(void)state;
	rng_counter = 1;
	mbedtls_ecdsa_init(&board_key);
	mbedtls_ecdsa_init(&other_key);
	if (mbedtls_ecdsa_genkey(&board_key, MBEDTLS_ECP_DP_SECP256R1, det_rng, &rng_counter) ||
	    mbedtls_ecdsa_genkey(&other_key, MBEDTLS_ECP_DP_SECP256R1, det_rng, &rng_counter) ||
	    mbedtls_mpi_write_binary(&board_key.Q.X, board_pub, 32) ||
	    mbedtls_mpi_write_binary(&board_key.Q.Y, board_pub + 32, 32))
		return -1;
	flash = lowmem_map(FLASH_SIZE);
	ram = lowmem_map(RAM_SIZE);
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	mbedtls_ecdsa_free(&board_key);
	mbedtls_ecdsa_free(&other_key);
	return 0;
}

static int setup(void **state)
{
	(void)state;
	env_init();
	fake_uart_clear();
	memset(flash, 0xff, FLASH_SIZE);
	fl = lowmem_addr(flash);
	ram0 = lowmem_addr(ram);
	next = fl;
	return 0;
}

static uint32_t put(struct tbf_opts o)
{
	uint32_t at = next;
	next += tbf_build(env_mem(at), fl + FLASH_SIZE - at, &o);
	return at;
}

/* The policy's verdict on the app at addr (NULL: accepted). */
static const char *verdict(uint32_t addr)
{
	struct tbf_header h;
	const uint8_t *tbf = env_mem(addr);
	assert_int_equal(tbf_parse(tbf, fl + FLASH_SIZE - addr, &h), TBF_OK);
	struct app_credentials app = { .tbf = tbf, .h = &h };
	return app_check_ecdsa_p256(&app, board_pub);
}

static void assert_reason(const char *why, const char *text)
{
	if (!why || !strstr(why, text))
		fail_msg("expected a reason with \"%s\", got \"%s\"", text, why ? why : "(accepted)");
}

static void test_an_app_signed_with_the_board_key_is_accepted(void **state)
{
	(void)state;
	assert_null(verdict(put((struct tbf_opts){ .name = "good", .program = true,
						    .ecdsa_sign = sign_board })));
	/* A SHA-256 footer before the signature does not get in the way. */
	assert_null(verdict(put((struct tbf_opts){ .name = "both", .program = true, .sha256 = true,
						    .ecdsa_sign = sign_board })));
}

static void test_unsigned_apps_are_refused(void **state)
{
	(void)state;
	assert_reason(verdict(put((struct tbf_opts){ .name = "plain", .program = true })), "not signed");
	assert_reason(verdict(put((struct tbf_opts){ .name = "hashed", .program = true, .sha256 = true })),
		      "not signed");
	/* A Main-header app has no footers at all. */
	assert_reason(verdict(put((struct tbf_opts){ .name = "main" })), "not signed");
}

static void test_a_wrong_key_a_tampered_binary_or_garbage_is_refused(void **state)
{
	(void)state;
	assert_reason(verdict(put((struct tbf_opts){ .name = "stranger", .program = true,
						      .ecdsa_sign = sign_other })),
		      "does not verify with the board's key");
	uint32_t t = put((struct tbf_opts){ .name = "tampered", .program = true, .ecdsa_sign = sign_board });
	assert_null(verdict(t));
	struct tbf_header h;
	tbf_parse(env_mem(t), FLASH_SIZE, &h);
	env_mem(t)[h.header_size + 17] ^= 0x01;   /* one bit of code */
	assert_reason(verdict(t), "does not verify");
	assert_reason(verdict(put((struct tbf_opts){ .name = "junk", .program = true, .ecdsa_count = 3,
						      .ecdsa_sign = sign_garbage })),
		      "does not verify");
}

static void test_any_one_valid_signature_is_enough(void **state)
{
	(void)state;
	assert_null(verdict(put((struct tbf_opts){ .name = "two", .program = true, .ecdsa_count = 2,
						    .ecdsa_sign = sign_other_then_board })));
}

static void test_only_the_first_few_signatures_are_tried(void **state)
{
	(void)state;
	/* The good signature comes right after the last one that is tried: not reached. */
	assert_reason(verdict(put((struct tbf_opts){ .name = "stuffed", .program = true,
						      .ecdsa_count = APP_SIGNATURES_TRIED + 1,
						      .ecdsa_sign = sign_garbage_then_board })),
		      "does not verify");
	/* One fewer bad signature: the good one is tried and accepted. */
	assert_null(verdict(put((struct tbf_opts){ .name = "ok", .program = true,
						    .ecdsa_count = APP_SIGNATURES_TRIED,
						    .ecdsa_sign = sign_other_then_board_last })));
}

static void test_the_loader_runs_only_signed_apps_and_logs_why(void **state)
{
	(void)state;
	const struct app_checker signed_only = { app_check_ecdsa_p256, board_pub };
	uint32_t good = put((struct tbf_opts){ .name = "good", .program = true, .ecdsa_sign = sign_board });
	put((struct tbf_opts){ .name = "plain", .program = true });
	put((struct tbf_opts){ .name = "stranger", .program = true, .ecdsa_sign = sign_other });
	/* The kernel's own SHA-256 check still applies to a signed app. */
	put((struct tbf_opts){ .name = "forged", .program = true, .bad_sha256 = true, .ecdsa_sign = sign_board });
	uint32_t good2 = put((struct tbf_opts){ .name = "good2", .program = true, .sha256 = true,
						.ecdsa_sign = sign_board });
	assert_int_equal(kernel_load_processes(fl, fl + FLASH_SIZE, ram0, ram0 + RAM_SIZE, &signed_only), 2);
	env_run();
	assert_int_equal(processes[0].flash_start, good);
	assert_int_equal(processes[1].flash_start, good2);
	/* Each process carries the key its signature verified with (IPC peers see it). */
	assert_int_equal(processes[0].key, APP_KEY_BOARD);
	assert_int_equal(processes[1].key, APP_KEY_BOARD);
	const char *log = fake_uart.out;
	assert_non_null(strstr(log, "app 'plain' at 0x"));
	assert_non_null(strstr(log, "not started: not signed, and this board runs only apps with an ECDSA P-256 signature"));
	assert_non_null(strstr(log, "app 'stranger' at 0x"));
	assert_non_null(strstr(log, "not started: its ECDSA P-256 signature does not verify with the board's key"));
	assert_non_null(strstr(log, "app 'forged' at 0x"));
	assert_non_null(strstr(log, "SHA-256 credential does not match the app"));
	assert_null(env_check());

	/* Without a checker the same flash runs every app whose SHA-256 (if any) matches. */
	env_init();
	fake_uart_clear();
	assert_int_equal(kernel_load_processes(fl, fl + FLASH_SIZE, ram0, ram0 + RAM_SIZE, NULL), 4);
	for (unsigned i = 0; i < 4; i++)
		assert_int_equal(processes[i].key, APP_KEY_NONE);   /* nothing was checked */
}

/* The noting policy (APP_SIGNING_OPTIONAL=1): every app runs, and only those whose signature
 * verifies with the board key carry it in their identity. */
static void test_the_noting_policy_runs_every_app_and_records_who_verified(void **state)
{
	(void)state;
	const struct app_checker noting = { app_note_ecdsa_p256, board_pub };
	put((struct tbf_opts){ .name = "good", .program = true, .ecdsa_sign = sign_board });
	put((struct tbf_opts){ .name = "plain", .program = true });
	put((struct tbf_opts){ .name = "stranger", .program = true, .ecdsa_sign = sign_other });
	put((struct tbf_opts){ .name = "good2", .program = true, .sha256 = true, .ecdsa_sign = sign_board });
	assert_int_equal(kernel_load_processes(fl, fl + FLASH_SIZE, ram0, ram0 + RAM_SIZE, &noting), 4);
	assert_int_equal(processes[0].key, APP_KEY_BOARD);
	assert_int_equal(processes[1].key, APP_KEY_NONE);
	assert_int_equal(processes[2].key, APP_KEY_NONE);
	assert_int_equal(processes[3].key, APP_KEY_BOARD);
	/* A restart keeps it: it is a property of the image, checked once. */
	process_restart(&processes[0]);
	assert_int_equal(processes[0].key, APP_KEY_BOARD);
	assert_null(strstr(fake_uart.out, "not started"));
}

static void test_the_kernel_and_the_policy_share_one_digest_per_app(void **state)
{
	(void)state;
	/* Every signature tried used to hash the integrity region again, on top of the kernel's
	 * hash for each SHA-256 footer. */
	const struct app_checker signed_only = { app_check_ecdsa_p256, board_pub };
	put((struct tbf_opts){ .name = "late", .program = true, .sha256 = true, .sha256_count = 3,
			       .ecdsa_count = APP_SIGNATURES_TRIED,
			       .ecdsa_sign = sign_other_then_board_last });
	put((struct tbf_opts){ .name = "junk", .program = true, .ecdsa_count = 3,
			       .ecdsa_sign = sign_garbage });
	hashes = 0;
	assert_int_equal(kernel_load_processes(fl, fl + FLASH_SIZE, ram0, ram0 + RAM_SIZE, &signed_only), 1);
	assert_int_equal(hashes, 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_an_app_signed_with_the_board_key_is_accepted, setup),
		cmocka_unit_test_setup(test_the_noting_policy_runs_every_app_and_records_who_verified, setup),
		cmocka_unit_test_setup(test_unsigned_apps_are_refused, setup),
		cmocka_unit_test_setup(test_a_wrong_key_a_tampered_binary_or_garbage_is_refused, setup),
		cmocka_unit_test_setup(test_any_one_valid_signature_is_enough, setup),
		cmocka_unit_test_setup(test_only_the_first_few_signatures_are_tried, setup),
		cmocka_unit_test_setup(test_the_loader_runs_only_signed_apps_and_logs_why, setup),
		cmocka_unit_test_setup(test_the_kernel_and_the_policy_share_one_digest_per_app, setup),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
