/* Unit tests of the management protocol's frame codec: CRC-32 against zlib's, encoding, and the decoder's resynchronisation, CRC and length checks. */
/* sources: kernel/lib/mgmt_frame.c */
/* libs: -lz */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <zlib.h>

#include <tick/mgmt_frame.h>

static struct mgmt_decoder d;

/* Feeds n bytes; returns the events other than MGMT_NONE, in order, as a count per kind. */
static unsigned feed(const uint8_t *p, uint32_t n, unsigned ev[4])
{
	unsigned total = 0;
	for (uint32_t i = 0; i < n; i++) {
		enum mgmt_event e = mgmt_feed(&d, p[i]);
		if (e != MGMT_NONE) {
			ev[e]++;
			total++;
		}
	}
	return total;
}

static void test_crc32_is_zlibs(void **state)
{
	(void)state;
	assert_int_equal(mgmt_crc32(0, (const uint8_t *)"123456789", 9), 0xcbf43926u);
	uint8_t buf[1000];
	srand(7);
	for (unsigned i = 0; i < sizeof buf; i++)
		buf[i] = (uint8_t)rand();
	for (unsigned n = 0; n <= sizeof buf; n += 37)
		assert_int_equal(mgmt_crc32(0, buf, n), (uint32_t)crc32(0, buf, n));
	/* continued over pieces */
	uint32_t c = mgmt_crc32(0, buf, 300);
	assert_int_equal(mgmt_crc32(c, buf + 300, 700), (uint32_t)crc32(0, buf, 1000));
}

static void test_encode_then_decode(void **state)
{
	(void)state;
	uint8_t f[MGMT_MAX_FRAME], payload[MGMT_MAX_PAYLOAD];
	for (unsigned i = 0; i < sizeof payload; i++)
		payload[i] = (uint8_t)(i * 7);
	uint32_t lens[] = { 0, 1, 4, 516, MGMT_MAX_PAYLOAD };
	for (unsigned k = 0; k < 5; k++) {
		memset(&d, 0, sizeof d);
		uint32_t n = mgmt_encode(f, MGMT_DATA, 3, 0xbeef, payload, lens[k]);
		assert_int_equal(n, MGMT_HEADER + lens[k] + 4);
		assert_int_equal(f[0], 'T');
		assert_int_equal(f[1], 'L');
		for (uint32_t i = 0; i + 1 < n; i++)
			assert_int_equal(mgmt_feed(&d, f[i]), MGMT_NONE);
		assert_int_equal(mgmt_feed(&d, f[n - 1]), MGMT_FRAME);
		assert_int_equal(mgmt_type_of(d.buf), MGMT_DATA);
		assert_int_equal(mgmt_status_of(d.buf), 3);
		assert_int_equal(mgmt_seq_of(d.buf), 0xbeef);
		assert_int_equal(mgmt_len_of(d.buf), lens[k]);
		assert_memory_equal(d.buf + MGMT_HEADER, payload, lens[k]);
		assert_int_equal(mgmt_rd32(f + n - 4), (uint32_t)crc32(0, f, n - 4));
	}
}

static void test_payload_may_already_be_in_place(void **state)
{
	(void)state;
	uint8_t a[64], b[64];
	memcpy(a + MGMT_HEADER, "hello", 5);
	uint32_t n = mgmt_encode(a, MGMT_INFO, 0, 1, NULL, 5);
	uint32_t m = mgmt_encode(b, MGMT_INFO, 0, 1, (const uint8_t *)"hello", 5);
	assert_int_equal(n, m);
	assert_memory_equal(a, b, n);
}

static void test_garbage_before_between_and_after_frames_is_skipped(void **state)
{
	(void)state;
	memset(&d, 0, sizeof d);
	static uint8_t s[2 * MGMT_MAX_FRAME];
	uint8_t f[32];
	uint32_t n = 0;
	/* junk with a magic in it (T, T L): what follows reads as a header; the zeros a host
	 * sends on connect end that frame (it fails its CRC) and are skipped */
	memcpy(s + n, "xxTTLzz", 7);
	n += 7;
	memset(s + n, 0, MGMT_MAX_FRAME);
	n += MGMT_MAX_FRAME;
	uint32_t k = mgmt_encode(f, MGMT_HELLO, 0, 5, NULL, 0);
	memcpy(s + n, f, k);
	n += k;
	memcpy(s + n, "x", 1);   /* junk between frames */
	n += 1;
	memcpy(s + n, f, k);
	n += k;
	unsigned ev[4] = { 0 };
	feed(s, n, ev);
	assert_int_equal(ev[MGMT_BAD_CRC], 1);
	assert_int_equal(ev[MGMT_FRAME], 2);
	assert_int_equal(ev[MGMT_BAD_LENGTH], 0);
}

static void test_a_damaged_frame_fails_its_crc_and_the_next_one_arrives(void **state)
{
	(void)state;
	memset(&d, 0, sizeof d);
	uint8_t f[64], g[64];
	uint32_t n = mgmt_encode(f, MGMT_INFO, 0, 9, (const uint8_t *)"abc", 3);
	for (uint32_t bit = 0; bit < (n - 2) * 8; bit++) {   /* every bit after the magic */
		memcpy(g, f, n);
		g[2 + bit / 8] ^= (uint8_t)(1u << (bit % 8));
		unsigned ev[4] = { 0 };
		feed(g, n, ev);
		/* a flipped length may leave the decoder waiting for more: the zeros a host sends
		 * on connect complete it */
		uint8_t zeros[MGMT_MAX_FRAME] = { 0 };
		feed(zeros, sizeof zeros, ev);
		assert_int_equal(ev[MGMT_FRAME], 0);
		assert_int_equal(ev[MGMT_BAD_CRC] + ev[MGMT_BAD_LENGTH], 1);
		feed(f, n, ev);
		assert_int_equal(ev[MGMT_FRAME], 1);
	}
}

static void test_a_length_above_the_maximum_is_refused_at_the_header(void **state)
{
	(void)state;
	memset(&d, 0, sizeof d);
	uint8_t h[MGMT_HEADER] = { 'T', 'L', MGMT_DATA, 0, 1, 0,
				   (uint8_t)(MGMT_MAX_PAYLOAD + 1), (uint8_t)((MGMT_MAX_PAYLOAD + 1) >> 8) };
	unsigned ev[4] = { 0 };
	for (unsigned i = 0; i + 1 < MGMT_HEADER; i++)
		assert_int_equal(mgmt_feed(&d, h[i]), MGMT_NONE);
	assert_int_equal(mgmt_feed(&d, h[MGMT_HEADER - 1]), MGMT_BAD_LENGTH);
	assert_int_equal(mgmt_seq_of(d.buf), 1);   /* the header stays for the notice */
	uint8_t f[16];
	uint32_t n = mgmt_encode(f, MGMT_LIST, 0, 2, (const uint8_t *)"\0\0", 2);
	feed(f, n, ev);
	assert_int_equal(ev[MGMT_FRAME], 1);
}

static void test_a_corrupted_decoder_state_restarts(void **state)
{
	(void)state;
	d.have = 0xffffffffu;
	assert_int_equal(mgmt_feed(&d, 'x'), MGMT_NONE);
	assert_int_equal(d.have, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_crc32_is_zlibs),
		cmocka_unit_test(test_encode_then_decode),
		cmocka_unit_test(test_payload_may_already_be_in_place),
		cmocka_unit_test(test_garbage_before_between_and_after_frames_is_skipped),
		cmocka_unit_test(test_a_damaged_frame_fails_its_crc_and_the_next_one_arrives),
		cmocka_unit_test(test_a_length_above_the_maximum_is_refused_at_the_header),
		cmocka_unit_test(test_a_corrupted_decoder_state_restarts),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
