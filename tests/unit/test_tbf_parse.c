/* Unit tests of tbf_parse on hand-built TBF headers; also the small example to copy for a new test. */
/* sources: @tbf */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <tick/tbf.h>

/* A 64-byte app: base header plus one Main TLV (entry at the binary start, 1 KiB RAM). */
static void make_app(uint8_t buf[64])
{
	memset(buf, 0, 64);
	tbf_wr16(buf + 0, 2);           /* version */
	tbf_wr16(buf + 2, 32);          /* header_size: 16 base + 4 TLV head + 12 Main */
	tbf_wr32(buf + 4, 64);          /* total_size */
	tbf_wr32(buf + 8, TBF_FLAG_ENABLED);
	tbf_wr16(buf + 16, TBF_TLV_MAIN);
	tbf_wr16(buf + 18, TBF_MAIN_LEN);
	tbf_wr32(buf + 20, 0);          /* init_fn_offset */
	tbf_wr32(buf + 24, 0);          /* protected_trailer_size */
	tbf_wr32(buf + 28, 1024);       /* minimum_ram_size */
	tbf_wr32(buf + 12, tbf_header_checksum(buf, 32));
}

static void test_main_tlv_fields(void **state)
{
	(void)state;
	uint8_t buf[64];
	struct tbf_header h;

	make_app(buf);
	assert_int_equal(tbf_parse(buf, sizeof buf, &h), TBF_OK);
	assert_true(h.has_main);
	assert_false(h.is_padding);
	assert_int_equal(h.minimum_ram_size, 1024);
	assert_int_equal(h.binary_end_offset, 64);
	assert_int_equal(tbf_protected_size(&h), 32);
}

static void test_padding_object(void **state)
{
	(void)state;
	uint8_t buf[64] = {0};
	struct tbf_header h;

	tbf_make_padding(buf, sizeof buf);
	assert_int_equal(tbf_parse(buf, sizeof buf, &h), TBF_OK);
	assert_true(h.is_padding);
	assert_int_equal(h.total_size, 64);
}

static void test_bad_checksum_is_skippable(void **state)
{
	(void)state;
	uint8_t buf[64];
	struct tbf_header h;

	make_app(buf);
	buf[28] ^= 1; /* change minimum_ram_size without fixing the checksum */
	assert_int_equal(tbf_parse(buf, sizeof buf, &h), TBF_BAD_CHECKSUM);
	assert_false(tbf_error_ends_list(TBF_BAD_CHECKSUM));
	assert_int_equal(h.total_size, 64); /* so a loader can skip to the next app */
}

static void test_truncated_object(void **state)
{
	(void)state;
	uint8_t buf[64];
	struct tbf_header h;

	make_app(buf);
	assert_int_equal(tbf_parse(buf, 63, &h), TBF_TOO_SHORT);
	assert_true(tbf_error_ends_list(TBF_TOO_SHORT));
}

static void test_erased_flash_ends_list(void **state)
{
	(void)state;
	uint8_t buf[64];
	struct tbf_header h;

	memset(buf, 0xff, sizeof buf);
	assert_int_equal(tbf_parse(buf, sizeof buf, &h), TBF_END);
	assert_int_equal(tbf_parse(buf, 4, &h), TBF_END);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_main_tlv_fields),
		cmocka_unit_test(test_padding_object),
		cmocka_unit_test(test_bad_checksum_is_skippable),
		cmocka_unit_test(test_truncated_object),
		cmocka_unit_test(test_erased_flash_ends_list),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
