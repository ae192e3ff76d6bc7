/* Fuzzes the kernel's management service (capsules/mgmt.c and its frame decoder) with arbitrary byte streams and well-framed arbitrary requests, over the app store on the fake flash. */
/* sources: @kernel_env capsules/mgmt.c tests/unit/fakes/fake_flash.c */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <capsules/mgmt.h>
#include <tick/config.h>
#include <tick/errorcode.h>
#include "fakes/env.h"
#include "fakes/fake_flash.h"
#include "fakes/lowmem.h"
#include "fakes/tbf_build.h"

/*
 * The input is a list of steps, each chosen by its first byte:
 *   0x80 | n          the next n bytes go to the service as they are (junk, half frames)
 *   0x40 | k          a real app (one of 4, k & 3) is sent: BEGIN, then (k >> 2) & 7 DATA
 *                     frames (7: all, then FINISH); a partial one leaves the transfer open;
 *                     k & 0x20: the DATA frames are streamed, back to back without waiting
 *                     for answers (they arrive while the service transmits or waits for
 *                     the store: one is held, bytes after it are dropped until it is served)
 *   t (0x00 .. 0x3f)  a well-framed request of type t & 0xf (0 and 9..15 are unknown types),
 *                     seq = the next byte, payload length = the next byte (250 and above:
 *                     300 + 100 per step, at most MGMT_MAX_PAYLOAD), payload from
 *                     the input (zeros past its end); bit 4 of t: a CRC made wrong; bit 5:
 *                     the request is repeated at once (same seq)
 * After each step the kernel loop runs and transmissions complete. Checked: every frame the
 * service sends is whole with a good CRC, an answer carries its request's seq, at most one
 * answer per request; at the end the kernel's invariants hold (env_check), every app the store
 * holds is one that was sent, and ASan/UBSan see no fault.
 */

static struct uart_client *client;
static uint8_t sent[MGMT_MAX_FRAME];
static uint32_t sent_n;
static int tx_busy;

static int transmit(void *dev, const uint8_t *buf, uint32_t len)
{
	(void)dev;
	if (tx_busy)
		return -ERR_BUSY;
	if (len > sizeof sent)
		abort();
	memcpy(sent, buf, len);
	sent_n = len;
	tx_busy = 1;
	return 0;
}
static void set_client(void *dev, struct uart_client *c)
{
	(void)dev;
	client = c;
}
static const struct uart_ops ops = { .transmit = transmit, .set_client = set_client };
static const struct uart chan = { &ops, NULL };
#define SLOT 0x4000u
#define SLOTS 8u
#define POOL 0x10000u
#define APP_MAX SLOT

static struct mgmt m;
static struct fake_flash ff;
static uint8_t *pool;
static uint8_t apps[4][APP_MAX];
static uint32_t app_n[4];

/* Runs the loop, completing transmissions; checks each frame sent. Returns how many. */
static unsigned settle(void)
{
	unsigned n = 0;
	for (int i = 0; i < 64; i++) {
		env_run();
		if (!tx_busy)
			return n;
		struct mgmt_decoder d = { 0 };
		enum mgmt_event e = MGMT_NONE;
		for (uint32_t k = 0; k < sent_n; k++) {
			e = mgmt_feed(&d, sent[k]);
			if (e != MGMT_NONE && k + 1 != sent_n)
				abort();   /* a frame ends where it was sent */
		}
		if (e != MGMT_FRAME || !(mgmt_type_of(d.buf) & MGMT_REPLY))
			abort();
		n++;
		tx_busy = 0;
		client->tx_done(client);
	}
	abort();   /* the service keeps sending */
}

static void put(const uint8_t *p, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++)
		client->rx_byte(client, p[i]);
}

static void request(uint8_t type, uint16_t seq, const uint8_t *p, uint32_t n, int bad_crc)
{
	static uint8_t f[MGMT_MAX_FRAME];
	uint32_t len = mgmt_encode(f, type, 0, seq, p, n);
	if (bad_crc)
		f[len - 1] ^= 0x55;
	put(f, len);
	unsigned answers = settle();
	if (answers > 1)
		abort();
	if (answers && !bad_crc && mgmt_type_of(sent) != MGMT_NOTICE &&
	    (mgmt_seq_of(sent) != seq || mgmt_type_of(sent) != (type | MGMT_REPLY)))
		abort();
}

static void send_app(unsigned k, unsigned frames, bool stream, uint16_t *seq)
{
	uint8_t q[4 + MGMT_DATA_MAX];
	static uint8_t f[MGMT_MAX_FRAME];
	unsigned streamed = 0;
	mgmt_wr32(q, app_n[k]);
	mgmt_wr32(q + 4, mgmt_crc32(0, apps[k], app_n[k]));
	request(MGMT_BEGIN, (*seq)++, q, 8, 0);
	uint32_t off = sent_n >= MGMT_HEADER + 16 ? mgmt_rd32(sent + MGMT_HEADER + 12) : 0;
	for (unsigned i = 0; off < app_n[k] && (frames == 7 || i < frames); i++) {
		uint32_t n = app_n[k] - off < MGMT_DATA_MAX ? app_n[k] - off : MGMT_DATA_MAX;
		mgmt_wr32(q, off);
		memcpy(q + 4, apps[k] + off, n);
		if (stream) {   /* no loop turn, no transmission completes in between */
			put(f, mgmt_encode(f, MGMT_DATA, 0, (*seq)++, q, 4 + n));
			streamed++;
			off += n;
			continue;
		}
		request(MGMT_DATA, (*seq)++, q, 4 + n, 0);
		if (mgmt_status_of(sent))
			return;
		off += n;
	}
	if (stream && settle() > streamed)
		abort();   /* at most one answer per frame */
	if (frames == 7)
		request(MGMT_FINISH, (*seq)++, NULL, 0, 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[4] = { "alpha", "beta", "alpha", "gamma" };
	if (!pool)
		pool = lowmem_map(POOL);
	env_init();
	fake_flash_init(&ff, SLOTS * SLOT, 0x1000, 8);
	store_init(&ff.flash, SLOT, NULL, lowmem_addr(pool), lowmem_addr(pool) + POOL);
	env_run();
	for (unsigned k = 0; k < 4; k++) {   /* "alpha" twice: an update */
		struct tbf_opts o = { .name = names[k], .binary_size = 300 + 400 * k, .short_id = k == 3,
				      .short_id_value = 9 };
		app_n[k] = tbf_build(apps[k], APP_MAX, &o);
	}
	mgmt_init(&m, &chan, "rv32imac", ff.flash.base);
	tx_busy = 0;
	uint16_t seq = 0x8000;
	size_t i = 0;
	while (i < size) {
		uint8_t op = data[i++];
		if (op & 0x80) {
			size_t n = op & 0x7f;
			if (n > size - i)
				n = size - i;
			put(data + i, (uint32_t)n);
			i += n;
			settle();
		} else if (op & 0x40) {
			send_app(op & 3, (op >> 2) & 7, op & 0x20, &seq);
		} else {
			uint8_t s = i < size ? data[i++] : 0;
			uint32_t n = i < size ? data[i++] : 0;
			if (n >= 250)
				n = 300 + (n - 250) * 100;
			static uint8_t p[MGMT_MAX_PAYLOAD];
			if (n > MGMT_MAX_PAYLOAD)
				n = MGMT_MAX_PAYLOAD;
			memset(p, 0, n);
			size_t have = size - i < n ? size - i : n;
			memcpy(p, data + i, have);
			i += have;
			request(op & 0xf, s, p, n, op & 0x10);
			if (op & 0x20)
				request(op & 0xf, s, p, n, op & 0x10);
		}
		env_advance(CONFIG_STORE_TRIAL_TICKS / 4);   /* trials end, confirmations run */
	}
	settle();
	if (env_check())
		abort();
	struct store_app a;
	for (unsigned k = 0; k < store_slots(); k++) {
		if (!store_app(k, &a))
			continue;
		bool known = false;
		for (unsigned j = 0; j < 4; j++)
			known |= a.size == app_n[j] && !memcmp((const void *)(uintptr_t)a.tbf, apps[j], a.size);
		if (!known)
			abort();
	}
	fake_flash_free(&ff);
	return 0;
}
