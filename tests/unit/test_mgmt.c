/* Unit tests of the management service (capsules/mgmt.c) over the app store on the fake flash: every request, its errors, repeated requests, resumed transfers, refusals with their reasons. */
/* sources: @kernel_env capsules/mgmt.c capsules/app_loader.c tests/unit/fakes/fake_flash.c tests/unit/fakes/store_fixture.c */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <capsules/app_loader.h>
#include <capsules/mgmt.h>
#include <tick/errorcode.h>
#include "fakes/env.h"
#include "fakes/store_fixture.h"
#include "test_drv_env.h"

/* A byte channel: what the service transmits is kept until the test completes it. */
static struct uart_client *client;
static uint8_t sent[MGMT_MAX_FRAME];
static uint32_t sent_n, transmits;
static bool tx_busy;

static int transmit(void *dev, const uint8_t *buf, uint32_t len)
{
	(void)dev;
	if (tx_busy)
		return -ERR_BUSY;
	assert_true(len <= sizeof sent);
	memcpy(sent, buf, len);
	sent_n = len;
	tx_busy = true;
	transmits++;
	return 0;
}
static void set_client(void *dev, struct uart_client *c)
{
	(void)dev;
	client = c;
}
static const struct uart_ops ops = { .transmit = transmit, .set_client = set_client };
static const struct uart chan = { &ops, NULL };

static struct mgmt m;
static uint8_t tbf[SF_APP_MAX], tbf2[SF_APP_MAX];
static uint32_t tbf_n, tbf2_n;
static uint16_t seq = 100;
static struct mgmt_decoder answer_dec;

static int setup(void **state)
{
	(void)state;
	sf_fresh();
	mgmt_init(&m, &chan, "rv32imac", sf.ff.flash.base);
	tx_busy = false;
	sent_n = transmits = 0;
	tbf_n = sf_build(tbf, (struct tbf_opts){ .name = "hello", .binary_size = 1500, .short_id = true,
						 .short_id_value = 0x77 });
	tbf2_n = sf_build(tbf2, (struct tbf_opts){ .name = "other", .binary_size = 700, .short_id = true,
						   .short_id_value = 0x77 });
	return 0;
}

static void put(const uint8_t *p, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++)
		client->rx_byte(client, p[i]);
}

/* Runs the kernel loop and completes transmissions until the service is quiet; returns the
 * last frame it sent (decoded), or NULL if it sent none. */
static const uint8_t *settle(void)
{
	const uint8_t *got = NULL;
	for (int i = 0; i < 100; i++) {
		env_run();
		if (!tx_busy)
			break;
		memset(&answer_dec, 0, sizeof answer_dec);
		enum mgmt_event e = MGMT_NONE;
		for (uint32_t k = 0; k < sent_n; k++)
			e = mgmt_feed(&answer_dec, sent[k]);
		assert_int_equal(e, MGMT_FRAME);   /* every frame sent is whole, with a good CRC */
		got = answer_dec.buf;
		tx_busy = false;
		client->tx_done(client);
	}
	return got;
}

/* Sends a request with seq s; returns the answer (asserted to be one, to this seq). */
static const uint8_t *ask_seq(uint8_t type, const void *p, uint32_t n, uint16_t s)
{
	uint8_t f[MGMT_MAX_FRAME];
	put(f, mgmt_encode(f, type, 0, s, p, n));
	const uint8_t *a = settle();
	assert_non_null(a);
	assert_int_equal(mgmt_seq_of(a), s);
	assert_int_equal(mgmt_type_of(a), type | MGMT_REPLY);
	return a;
}

static const uint8_t *ask(uint8_t type, const void *p, uint32_t n)
{
	return ask_seq(type, p, n, seq++);
}

static const uint8_t *begin(const uint8_t *t, uint32_t n)
{
	uint8_t q[8];
	mgmt_wr32(q, n);
	mgmt_wr32(q + 4, mgmt_crc32(0, t, n));
	return ask(MGMT_BEGIN, q, 8);
}

static const uint8_t *data(const uint8_t *t, uint32_t off, uint32_t len)
{
	uint8_t q[4 + MGMT_DATA_MAX];
	mgmt_wr32(q, off);
	memcpy(q + 4, t + off, len);
	return ask(MGMT_DATA, q, 4 + len);
}

static uint32_t u32_of(const uint8_t *a, uint32_t at)
{
	return mgmt_rd32(a + MGMT_HEADER + at);
}

/* BEGIN, DATA from off in 512-byte pieces, FINISH: returns FINISH's answer. */
static const uint8_t *send_all(const uint8_t *t, uint32_t n)
{
	const uint8_t *a = begin(t, n);
	assert_int_equal(mgmt_status_of(a), MGMT_OK);
	for (uint32_t off = u32_of(a, 12); off < n;) {
		uint32_t len = n - off < MGMT_DATA_MAX ? n - off : MGMT_DATA_MAX;
		a = data(t, off, len);
		assert_int_equal(mgmt_status_of(a), MGMT_OK);
		assert_int_equal(u32_of(a, 0), off + len);
		off += len;
	}
	return ask(MGMT_FINISH, NULL, 0);
}

static void test_hello_tells_the_store_and_the_arch(void **state)
{
	(void)state;
	const uint8_t *a = ask(MGMT_HELLO, NULL, 0);
	const uint8_t *p = a + MGMT_HEADER;
	assert_int_equal(mgmt_status_of(a), MGMT_OK);
	assert_int_equal(p[0], MGMT_VERSION);
	assert_int_equal(p[2] | p[3] << 8, MGMT_MAX_PAYLOAD);
	assert_int_equal(p[4] | p[5] << 8, MGMT_DATA_MAX);
	assert_int_equal(p[6] | p[7] << 8, SF_SLOTS);
	assert_int_equal(mgmt_rd32(p + 8), SF_SLOT);
	assert_int_equal(mgmt_rd32(p + 12), sf.ff.flash.base);
	assert_int_equal(p[16], 0);   /* no transfer */
	assert_int_equal(mgmt_len_of(a), 32 + 8);
	assert_memory_equal(p + 32, "rv32imac", 8);
}

static void test_install_list_info_remove(void **state)
{
	(void)state;
	const uint8_t *a = send_all(tbf, tbf_n);
	assert_int_equal(mgmt_status_of(a), MGMT_OK);
	struct process *h = sf_proc("hello");
	assert_non_null(h);
	assert_memory_equal(sf.ff.mem + STORE_RECORD_SIZE, tbf, tbf_n);

	a = ask(MGMT_LIST, "\0\0", 2);
	const uint8_t *p = a + MGMT_HEADER;
	assert_int_equal(mgmt_status_of(a), MGMT_OK);
	assert_int_equal(p[0] | p[1] << 8, 0xffff);   /* the end */
	p += 2;
	assert_int_equal(p[0] | p[1] << 8, 0);        /* slot 0 */
	assert_int_equal(p[2], STORE_INSTALLED);
	assert_int_equal(p[3], 1);                    /* has a process */
	assert_int_equal(mgmt_rd32(p + 4), sf.ff.flash.base + STORE_RECORD_SIZE);
	assert_int_equal(mgmt_rd32(p + 8), tbf_n);
	assert_int_equal(mgmt_rd32(p + 16), 0x77);
	assert_int_equal(p[20], 5);
	assert_memory_equal(p + 21, "hello", 5);
	assert_int_equal(mgmt_len_of(a), 2 + 26 + 5 + p[26]);
	assert_int_equal(mgmt_rd32(p + 27 + p[26]), 0xffffffffu);   /* RAM: a fixed-address app */
	uint8_t entry[27];
	memcpy(entry, p, sizeof entry);

	a = ask(MGMT_INFO, "hello", 5);
	assert_int_equal(mgmt_status_of(a), MGMT_OK);
	assert_memory_equal(a + MGMT_HEADER, entry, sizeof entry);

	a = ask(MGMT_REMOVE, "hello", 5);
	assert_int_equal(mgmt_status_of(a), MGMT_OK);
	assert_null(sf_proc("hello"));
	assert_int_equal(sf_apps(), 0);
	assert_int_equal(mgmt_status_of(ask(MGMT_INFO, "hello", 5)), MGMT_E_NOT_FOUND);
	assert_int_equal(mgmt_status_of(ask(MGMT_REMOVE, "hello", 5)), MGMT_E_NOT_FOUND);
	a = ask(MGMT_LIST, "\0\0", 2);
	assert_int_equal(mgmt_len_of(a), 2);
}

static void test_malformed_requests_get_errors(void **state)
{
	(void)state;
	assert_int_equal(mgmt_status_of(ask(0, NULL, 0)), MGMT_E_TYPE);
	assert_int_equal(mgmt_status_of(ask(9, NULL, 0)), MGMT_E_TYPE);
	assert_int_equal(mgmt_status_of(ask(0x83, NULL, 0)), MGMT_E_TYPE);
	assert_int_equal(mgmt_status_of(ask(MGMT_HELLO, "x", 1)), MGMT_E_LENGTH);
	assert_int_equal(mgmt_status_of(ask(MGMT_BEGIN, "1234567", 7)), MGMT_E_LENGTH);
	assert_int_equal(mgmt_status_of(ask(MGMT_DATA, "1234", 4)), MGMT_E_LENGTH);   /* no bytes */
	static uint8_t big[MGMT_MAX_PAYLOAD];
	assert_int_equal(mgmt_status_of(ask(MGMT_DATA, big, 4 + MGMT_DATA_MAX + 1)), MGMT_E_LENGTH);
	assert_int_equal(mgmt_status_of(ask(MGMT_LIST, "\0", 1)), MGMT_E_LENGTH);
	assert_int_equal(mgmt_status_of(ask(MGMT_INFO, NULL, 0)), MGMT_E_LENGTH);
	assert_int_equal(mgmt_status_of(ask(MGMT_REMOVE, big, 65)), MGMT_E_LENGTH);
	/* no transfer open */
	assert_int_equal(mgmt_status_of(data(tbf, 0, 100)), MGMT_E_SESSION);
	assert_int_equal(mgmt_status_of(ask(MGMT_FINISH, NULL, 0)), MGMT_E_SESSION);
	assert_int_equal(mgmt_status_of(ask(MGMT_ABORT, NULL, 0)), MGMT_OK);   /* nothing to undo */
	/* a list from past the last slot: empty, ends */
	const uint8_t *a = ask(MGMT_LIST, "\xff\x00", 2);
	assert_int_equal(mgmt_len_of(a), 2);
	assert_int_equal(a[MGMT_HEADER] | a[MGMT_HEADER + 1] << 8, 0xffff);
	assert_int_equal(sf_apps(), 0);
}

static void test_unreadable_frames_get_a_notice(void **state)
{
	(void)state;
	uint8_t f[64];
	uint32_t n = mgmt_encode(f, MGMT_HELLO, 0, 42, NULL, 0);
	f[n - 1] ^= 1;
	put(f, n);
	const uint8_t *a = settle();
	assert_non_null(a);
	assert_int_equal(mgmt_type_of(a), MGMT_NOTICE);
	assert_int_equal(mgmt_status_of(a), MGMT_E_CRC);
	assert_int_equal(mgmt_seq_of(a), 42);
	uint8_t h[MGMT_HEADER] = { 'T', 'L', MGMT_DATA, 0, 43, 0, 0xff, 0xff };
	put(h, sizeof h);
	a = settle();
	assert_int_equal(mgmt_type_of(a), MGMT_NOTICE);
	assert_int_equal(mgmt_status_of(a), MGMT_E_TOO_LONG);
	assert_int_equal(mgmt_seq_of(a), 43);
	/* and the channel still works */
	assert_int_equal(mgmt_status_of(ask(MGMT_HELLO, NULL, 0)), MGMT_OK);
}

static void test_data_out_of_order_past_the_end_and_again(void **state)
{
	(void)state;
	assert_int_equal(mgmt_status_of(begin(tbf, tbf_n)), MGMT_OK);
	const uint8_t *a = data(tbf, 512, 512);   /* a gap */
	assert_int_equal(mgmt_status_of(a), MGMT_E_ORDER);
	assert_int_equal(u32_of(a, 0), 0);
	assert_int_equal(u32_of(data(tbf, 0, 512), 0), 512);
	a = data(tbf, 0, 512);   /* sent again (a new seq): acknowledged, not written twice */
	assert_int_equal(mgmt_status_of(a), MGMT_OK);
	assert_int_equal(u32_of(a, 0), 512);
	a = data(tbf, 256, 512);   /* overlaps the end of what is there */
	assert_int_equal(mgmt_status_of(a), MGMT_E_ORDER);
	assert_int_equal(u32_of(a, 0), 512);
	uint8_t q[12];
	mgmt_wr32(q, tbf_n - 4);   /* past the size given to BEGIN */
	a = ask(MGMT_DATA, q, 12);
	assert_int_equal(mgmt_status_of(a), MGMT_E_LENGTH);
	mgmt_wr32(q, 0xfffffffcu);   /* an offset that would wrap */
	assert_int_equal(mgmt_status_of(ask(MGMT_DATA, q, 12)), MGMT_E_LENGTH);
	a = ask(MGMT_FINISH, NULL, 0);   /* not all there */
	assert_int_equal(mgmt_status_of(a), MGMT_E_SESSION);
	assert_int_equal(u32_of(a, 0), 512);
	assert_int_equal(mgmt_status_of(ask(MGMT_ABORT, NULL, 0)), MGMT_OK);
	assert_true(sf_slot_erased(0));
	assert_int_equal(mgmt_status_of(data(tbf, 512, 512)), MGMT_E_SESSION);
}

static void test_a_repeated_request_gets_the_same_answer_once_served(void **state)
{
	(void)state;
	assert_int_equal(mgmt_status_of(begin(tbf, tbf_n)), MGMT_OK);
	uint8_t q[4 + 512];
	mgmt_wr32(q, 0);
	memcpy(q + 4, tbf, 512);
	const uint8_t *a = ask_seq(MGMT_DATA, q, sizeof q, 7);
	assert_int_equal(u32_of(a, 0), 512);
	unsigned programs = sf.ff.writes;
	a = ask_seq(MGMT_DATA, q, sizeof q, 7);   /* the answer was lost: the host repeats */
	assert_int_equal(mgmt_status_of(a), MGMT_OK);
	assert_int_equal(u32_of(a, 0), 512);
	assert_int_equal(sf.ff.writes, programs);   /* not served twice */
	/* the same seq with another type is a new request */
	assert_int_equal(mgmt_status_of(ask_seq(MGMT_HELLO, NULL, 0, 7)), MGMT_OK);
}

static void test_an_interrupted_transfer_resumes_at_the_last_acknowledged_offset(void **state)
{
	(void)state;
	assert_int_equal(mgmt_status_of(begin(tbf, tbf_n)), MGMT_OK);
	assert_int_equal(mgmt_status_of(data(tbf, 0, 512)), MGMT_OK);
	assert_int_equal(mgmt_status_of(data(tbf, 512, 512)), MGMT_OK);
	/* the host goes away mid-frame; a new one connects: zeros, then HELLO */
	uint8_t f[MGMT_MAX_FRAME];
	put(f, mgmt_encode(f, MGMT_DATA, 0, seq++, f, 300) / 2);
	memset(f, 0, sizeof f);
	put(f, sizeof f);
	settle();   /* a CRC notice for the half frame */
	const uint8_t *a = ask(MGMT_HELLO, NULL, 0);
	assert_int_equal(a[MGMT_HEADER + 16], 1);   /* a transfer is open */
	assert_int_equal(u32_of(a, 20), tbf_n);
	assert_int_equal(u32_of(a, 28), 1024);
	a = send_all(tbf, tbf_n);   /* BEGIN answers 1024: the rest follows */
	assert_int_equal(mgmt_status_of(a), MGMT_OK);
	assert_non_null(sf_proc("hello"));
	assert_memory_equal(sf.ff.mem + STORE_RECORD_SIZE, tbf, tbf_n);
}

static void test_begin_of_another_app_drops_the_open_transfer(void **state)
{
	(void)state;
	assert_int_equal(mgmt_status_of(begin(tbf, tbf_n)), MGMT_OK);
	assert_int_equal(mgmt_status_of(data(tbf, 0, 512)), MGMT_OK);
	const uint8_t *a = begin(tbf2, tbf2_n);
	assert_int_equal(mgmt_status_of(a), MGMT_OK);
	assert_int_equal(u32_of(a, 12), 0);
	assert_int_equal(mgmt_status_of(send_all(tbf2, tbf2_n)), MGMT_OK);
	assert_non_null(sf_proc("other"));
	assert_null(sf_proc("hello"));
	sf_check_consistent();
}

static void test_refusals_carry_the_stores_reason(void **state)
{
	(void)state;
	assert_int_equal(mgmt_status_of(send_all(tbf, tbf_n)), MGMT_OK);
	/* the same ShortId: refused at finalize, the store as it was */
	const uint8_t *a = send_all(tbf2, tbf2_n);
	assert_int_equal(mgmt_status_of(a), MGMT_E_STORE);
	assert_int_equal(u32_of(a, 0), ERR_FAIL);
	assert_non_null(strstr((const char *)a + MGMT_HEADER + 4, "ShortId"));
	assert_int_equal(sf_apps(), 1);
	/* too large for a slot */
	uint8_t q[8];
	mgmt_wr32(q, SF_SLOT);
	mgmt_wr32(q + 4, 0);
	a = ask(MGMT_BEGIN, q, 8);
	assert_int_equal(mgmt_status_of(a), MGMT_E_STORE);
	assert_int_equal(u32_of(a, 0), ERR_SIZE);
	/* a header that does not parse: refused at the first DATA, the transfer ended */
	static uint8_t junk[600];
	memset(junk, 0x5a, sizeof junk);
	assert_int_equal(mgmt_status_of(begin(junk, sizeof junk)), MGMT_OK);
	a = data(junk, 0, 512);
	assert_int_equal(mgmt_status_of(a), MGMT_E_STORE);
	assert_int_equal(u32_of(a, 0), ERR_INVAL);
	assert_true(mgmt_len_of(a) > 4);
	assert_int_equal(mgmt_status_of(data(junk, 0, 512)), MGMT_E_SESSION);
	/* and the store takes the next install */
	assert_int_equal(mgmt_status_of(ask(MGMT_REMOVE, "hello", 5)), MGMT_OK);
	assert_int_equal(mgmt_status_of(send_all(tbf2, tbf2_n)), MGMT_OK);
	sf_check_consistent();
}

static void test_a_frame_sent_while_busy_waits_for_its_turn(void **state)
{
	(void)state;
	uint8_t q[8], f[64], g[64];
	mgmt_wr32(q, tbf_n);
	mgmt_wr32(q + 4, 1);
	put(f, mgmt_encode(f, MGMT_BEGIN, 0, 1, q, 8));   /* setup runs from the loop */
	put(g, mgmt_encode(g, MGMT_HELLO, 0, 2, NULL, 0));   /* arrives meanwhile: held */
	put(g, mgmt_encode(g, MGMT_HELLO, 0, 3, NULL, 0));   /* a third: dropped */
	unsigned before = transmits;
	env_run();
	assert_true(tx_busy);
	assert_int_equal(mgmt_seq_of(sent + 0), 1);
	tx_busy = false;
	client->tx_done(client);
	const uint8_t *a = settle();
	assert_non_null(a);
	assert_int_equal(mgmt_seq_of(a), 2);
	assert_int_equal(transmits, before + 2);
}

/* Regression: an app claiming the app loader driver used to abort whatever store session was
 * open, the host's transfer too (its done then went to the service, and the driver waited for
 * it forever). Now the app gets BUSY and the transfer goes on. */
static void test_an_app_installing_meanwhile_leaves_the_transfer_alone(void **state)
{
	(void)state;
	static struct app_loader al;
	app_loader_init(&al, GRANT_DRV_A);
	drv_install(&al.driver);
	struct proc_opts o = { .ram = 0x8000, .brk = 0x6000 };
	struct process *p = env_proc(0, &o);
	assert_int_equal(mgmt_status_of(begin(tbf, tbf_n)), MGMT_OK);
	assert_int_equal(mgmt_status_of(data(tbf, 0, 512)), MGMT_OK);
	struct env_ret r = env_command(p, APP_LOADER_DRIVER_NUM, 1, 100, 0);
	assert_int_equal(r.a[0], SYSRET_FAILURE);
	assert_int_equal(r.a[1], ERR_BUSY);
	env_run();
	for (uint32_t off = 512; off < tbf_n; off += 512)
		assert_int_equal(mgmt_status_of(data(tbf, off, tbf_n - off < 512 ? tbf_n - off : 512)), MGMT_OK);
	assert_int_equal(mgmt_status_of(ask(MGMT_FINISH, NULL, 0)), MGMT_OK);
	assert_non_null(sf_proc("hello"));
	/* and afterwards the app may install */
	r = env_command(p, APP_LOADER_DRIVER_NUM, 1, 100, 0);
	assert_int_equal(r.a[0], SYSRET_SUCCESS);
}

static void test_without_a_channel_nothing_happens(void **state)
{
	(void)state;
	struct mgmt none;
	mgmt_init(&none, NULL, "rv32imac", 0);
	env_run();
	assert_null(none.uart);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_hello_tells_the_store_and_the_arch, setup),
		cmocka_unit_test_setup(test_install_list_info_remove, setup),
		cmocka_unit_test_setup(test_malformed_requests_get_errors, setup),
		cmocka_unit_test_setup(test_unreadable_frames_get_a_notice, setup),
		cmocka_unit_test_setup(test_data_out_of_order_past_the_end_and_again, setup),
		cmocka_unit_test_setup(test_a_repeated_request_gets_the_same_answer_once_served, setup),
		cmocka_unit_test_setup(test_an_interrupted_transfer_resumes_at_the_last_acknowledged_offset, setup),
		cmocka_unit_test_setup(test_begin_of_another_app_drops_the_open_transfer, setup),
		cmocka_unit_test_setup(test_refusals_carry_the_stores_reason, setup),
		cmocka_unit_test_setup(test_a_frame_sent_while_busy_waits_for_its_turn, setup),
		cmocka_unit_test_setup(test_an_app_installing_meanwhile_leaves_the_transfer_alone, setup),
		cmocka_unit_test_setup(test_without_a_channel_nothing_happens, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
