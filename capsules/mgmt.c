/* Management service: decodes tick-load's frames, checks each request and serves it with the app store's operations; one answer per request. */
#include <stddef.h>
#include <capsules/mgmt.h>
#include <tick/container_of.h>
#include <tick/errorcode.h>
#include <tick/process.h>
#include <tick/string.h>

enum mgmt_phase { PH_NONE, PH_OPEN, PH_FINAL };   /* FINAL: committed, not started yet */
enum { THEN_NOTHING, THEN_SETUP, THEN_REFUSE };   /* after an abort */
#define NAME_MAX_LEN 64u
#define NONE16 0xffffu

static uint8_t *out(struct mgmt *m)
{
	return m->tx + MGMT_HEADER;
}

static void transmit(struct mgmt *m, const uint8_t *buf, uint32_t len)
{
	if (m->uart->ops->transmit(m->uart->dev, buf, len) == 0)
		m->tx_busy = 1;
}

/* Sends the answer whose payload (len bytes) is in out(m). */
static void answer(struct mgmt *m, uint8_t status, uint32_t len)
{
	m->tx_len = mgmt_encode(m->tx, m->type | MGMT_REPLY, status, m->seq, NULL, len);
	m->answered = 1;
	transmit(m, m->tx, m->tx_len);
}

static void answer_u32(struct mgmt *m, uint8_t status, uint32_t v)
{
	mgmt_wr32(out(m), v);
	answer(m, status, 4);
}

/* The store's error err (negative), with why when it refused for a reason. */
static void answer_store(struct mgmt *m, int err, const char *why)
{
	if (err == -ERR_BUSY || err == -ERR_NODEVICE) {
		answer(m, err == -ERR_BUSY ? MGMT_E_BUSY : MGMT_E_NO_STORE, 0);
		return;
	}
	mgmt_wr32(out(m), (uint32_t)-err);
	uint32_t n = 0;
	if (why) {
		n = (uint32_t)strlen(why);
		if (n > MGMT_MAX_PAYLOAD - 4)
			n = MGMT_MAX_PAYLOAD - 4;
		memcpy(out(m) + 4, why, n);
	}
	answer(m, MGMT_E_STORE, 4 + n);
}

/* The transfer's state: phase, size, CRC-32, next offset wanted. */
static uint32_t put_transfer(struct mgmt *m, uint8_t *p)
{
	p[0] = m->phase;
	p[1] = p[2] = p[3] = 0;
	mgmt_wr32(p + 4, m->size);
	mgmt_wr32(p + 8, m->crc);
	mgmt_wr32(p + 12, m->next);
	return 16;
}

/* One app's entry: slot u16, state u8, process u8 (1: it has one), tbf, size, seq, ShortId
 * (u32 each), name length u8 and name, process state length u8 and state, then the RAM a
 * relocatable app was relocated for (u32; 0xffffffff: a fixed-address app), which a debugger
 * needs to place its data. */
static uint32_t put_entry(uint8_t *p, unsigned k, const struct store_app *a)
{
	static const uint8_t none[1];
	const uint8_t *name = a->name ? a->name : none;
	uint32_t n = a->name ? a->name_len : 0;
	if (n > NAME_MAX_LEN)
		n = NAME_MAX_LEN;
	const char *ps = a->process ? process_state_name(a->process) : "";
	uint32_t pn = (uint32_t)strlen(ps);
	p[0] = (uint8_t)k;
	p[1] = (uint8_t)(k >> 8);
	p[2] = a->state;
	p[3] = a->process != NULL;
	mgmt_wr32(p + 4, a->tbf);
	mgmt_wr32(p + 8, a->size);
	mgmt_wr32(p + 12, a->seq);
	mgmt_wr32(p + 16, a->short_id);
	p[20] = (uint8_t)n;
	memcpy(p + 21, name, n);
	p[21 + n] = (uint8_t)pn;
	memcpy(p + 22 + n, ps, pn);
	mgmt_wr32(p + 22 + n + pn, a->ram);
	return 26 + n + pn;
}

#define ENTRY_MAX (26u + NAME_MAX_LEN + 16u)

static void hello(struct mgmt *m)
{
	uint8_t *p = out(m);
	uint32_t slots = store_slots();
	p[0] = MGMT_VERSION;
	p[1] = 0;
	p[2] = (uint8_t)MGMT_MAX_PAYLOAD;
	p[3] = (uint8_t)(MGMT_MAX_PAYLOAD >> 8);
	p[4] = (uint8_t)MGMT_DATA_MAX;
	p[5] = (uint8_t)(MGMT_DATA_MAX >> 8);
	p[6] = (uint8_t)slots;
	p[7] = (uint8_t)(slots >> 8);
	mgmt_wr32(p + 8, store_slot_size());
	mgmt_wr32(p + 12, m->store_base);
	uint32_t n = 16 + put_transfer(m, p + 16);
	uint32_t an = (uint32_t)strlen(m->arch);
	if (an > 32)
		an = 32;
	memcpy(p + n, m->arch, an);
	answer(m, MGMT_OK, n + an);
}

static int start(struct mgmt *m, int r)
{
	if (r == 0)
		m->pending = 1;
	return r;
}

static void begin(struct mgmt *m, uint32_t size, uint32_t crc)
{
	int r;
	if (m->phase != PH_NONE) {
		if (size == m->size && crc == m->crc) {   /* the same app: resume */
			answer(m, MGMT_OK, put_transfer(m, out(m)));
			return;
		}
		m->then = THEN_SETUP;   /* another app: drop the old transfer first */
		r = start(m, store_abort());
	} else {
		r = start(m, store_setup(&m->store_client, size));
	}
	m->size = size;
	m->crc = crc;
	m->next = 0;
	if (r) {
		m->phase = PH_NONE;
		answer_store(m, r, NULL);
	}
}

static void data(struct mgmt *m, const uint8_t *p, uint32_t len)
{
	uint32_t off = mgmt_rd32(p), n = len - 4;
	if (m->phase != PH_OPEN) {
		answer(m, MGMT_E_SESSION, 0);
	} else if (off > m->size || n > m->size - off) {
		answer_u32(m, MGMT_E_LENGTH, m->next);
	} else if (off + n <= m->next) {   /* sent again: it is there */
		answer_u32(m, MGMT_OK, m->next);
	} else if (off != m->next) {
		answer_u32(m, MGMT_E_ORDER, m->next);
	} else {
		int r = start(m, store_write(off, p + 4, n));
		m->wlen = n;
		if (r == -ERR_INVAL && off)   /* the store's session is gone: so is the transfer */
			m->phase = PH_NONE;
		if (r && off == 0 && r == -ERR_INVAL) {   /* the header refused: end the transfer */
			m->why = store_why();
			m->err = r;
			m->then = THEN_REFUSE;
			r = start(m, store_abort());
		}
		if (r)
			answer_store(m, r, NULL);
	}
}

static void finish(struct mgmt *m)
{
	int r;
	if (m->phase == PH_FINAL)
		r = start(m, store_load());
	else if (m->phase == PH_OPEN && m->next == m->size)
		r = start(m, store_finalize());
	else {
		answer_u32(m, MGMT_E_SESSION, m->next);
		return;
	}
	if (r)
		answer_store(m, r, NULL);
}

static void list(struct mgmt *m, unsigned first)
{
	uint8_t *p = out(m);
	uint32_t n = 2;
	unsigned k = first;
	struct store_app a;
	for (; k < store_slots(); k++) {
		if (!store_app(k, &a))
			continue;
		if (n + ENTRY_MAX > MGMT_MAX_PAYLOAD)
			break;
		n += put_entry(p + n, k, &a);
	}
	unsigned next = k < store_slots() ? k : NONE16;
	p[0] = (uint8_t)next;
	p[1] = (uint8_t)(next >> 8);
	answer(m, MGMT_OK, n);
}

/* INFO and REMOVE: the installed app by its PackageName. */
static void by_name(struct mgmt *m, const uint8_t *name, uint32_t len)
{
	struct store_app a;
	int k = store_find(name, len, 0);
	if (k < 0 || !store_app((unsigned)k, &a)) {
		answer(m, MGMT_E_NOT_FOUND, 0);
	} else if (m->type == MGMT_INFO) {
		answer(m, MGMT_OK, put_entry(out(m), (unsigned)k, &a));
	} else {
		int r = start(m, store_remove(&m->store_client, (unsigned)k));
		if (r)
			answer_store(m, r, NULL);
	}
}

/* Payload lengths: exact for most types; DATA 5 .. 4 + MGMT_DATA_MAX; names 1 .. 64. */
static bool length_ok(uint8_t type, uint32_t len)
{
	switch (type) {
	case MGMT_BEGIN: return len == 8;
	case MGMT_DATA: return len > 4 && len <= 4 + MGMT_DATA_MAX;
	case MGMT_LIST: return len == 2;
	case MGMT_REMOVE:
	case MGMT_INFO: return len >= 1 && len <= NAME_MAX_LEN;
	default: return len == 0;
	}
}

static void serve(struct mgmt *m, const uint8_t *f)
{
	uint8_t type = mgmt_type_of(f);
	uint16_t seq = mgmt_seq_of(f);
	uint32_t len = mgmt_len_of(f);
	const uint8_t *p = f + MGMT_HEADER;
	if (m->answered && seq == m->seq && type == m->type) {   /* repeated: same answer */
		transmit(m, m->tx, m->tx_len);
		return;
	}
	m->seq = seq;
	m->type = type;
	if (type < MGMT_HELLO || type > MGMT_INFO)
		answer(m, MGMT_E_TYPE, 0);
	else if (!length_ok(type, len))
		answer(m, MGMT_E_LENGTH, 0);
	else if (type == MGMT_HELLO)
		hello(m);
	else if (type == MGMT_BEGIN)
		begin(m, mgmt_rd32(p), mgmt_rd32(p + 4));
	else if (type == MGMT_DATA)
		data(m, p, len);
	else if (type == MGMT_FINISH)
		finish(m);
	else if (type == MGMT_ABORT) {
		m->then = THEN_NOTHING;
		if (m->phase == PH_NONE)
			answer(m, MGMT_OK, 0);
		else if (start(m, store_abort()))
			answer(m, MGMT_E_SESSION, 0);
	} else if (type == MGMT_LIST)
		list(m, (unsigned)(p[0] | p[1] << 8));
	else
		by_name(m, p, len);
}

/* Serves a frame held while busy, once idle. */
static void idle(struct mgmt *m)
{
	if (m->held && !m->pending && !m->tx_busy) {
		m->held = 0;
		serve(m, m->dec.buf);
	}
}

static void rx_byte(struct uart_client *c, uint8_t byte)
{
	struct mgmt *m = container_of(c, struct mgmt, uart_client);
	if (m->held)
		return;
	enum mgmt_event e = mgmt_feed(&m->dec, byte);
	if (e == MGMT_FRAME) {
		m->held = 1;
		idle(m);
	} else if (e != MGMT_NONE && !m->tx_busy) {   /* unreadable: say so (no answer cached) */
		mgmt_encode(m->note, MGMT_NOTICE, e == MGMT_BAD_CRC ? MGMT_E_CRC : MGMT_E_TOO_LONG,
			    mgmt_seq_of(m->dec.buf), NULL, 0);
		transmit(m, m->note, sizeof m->note);
	}
}

static void tx_done(struct uart_client *c)
{
	struct mgmt *m = container_of(c, struct mgmt, uart_client);
	m->tx_busy = 0;
	idle(m);
}

static void done(struct store_client *c, enum store_op op, int status)
{
	struct mgmt *m = container_of(c, struct mgmt, store_client);
	if (!m->pending) {   /* not asked for: someone else ended the session */
		m->phase = PH_NONE;
		return;
	}
	m->pending = 0;
	if (op == STORE_ABORT) {
		m->phase = PH_NONE;
		uint8_t then = m->then;
		m->then = THEN_NOTHING;
		if (then == THEN_REFUSE)
			answer_store(m, m->err, m->why);
		else if (then == THEN_SETUP && !status)
			begin(m, m->size, m->crc);
		else
			answer(m, status ? MGMT_E_STORE : MGMT_OK, 0);
	} else if (status) {
		/* A failed setup, finalize or load ended the store's session; a failed write
		 * leaves it open (the host may send the piece again). */
		if (op != STORE_WRITE)
			m->phase = PH_NONE;
		answer_store(m, status, op == STORE_FINALIZE || op == STORE_LOAD ? store_why() : NULL);
	} else if (op == STORE_SETUP) {
		m->phase = PH_OPEN;
		answer(m, MGMT_OK, put_transfer(m, out(m)));
	} else if (op == STORE_WRITE) {
		m->next += m->wlen;
		answer_u32(m, MGMT_OK, m->next);
	} else if (op == STORE_FINALIZE) {
		m->phase = PH_FINAL;
		int r = start(m, store_load());
		if (r)
			answer_store(m, r, NULL);
	} else {   /* load or remove */
		if (op == STORE_LOAD)
			m->phase = PH_NONE;
		answer(m, MGMT_OK, 0);
	}
	idle(m);
}

void mgmt_init(struct mgmt *m, const struct uart *uart, const char *arch, uint32_t store_base)
{
	*m = (struct mgmt){ .uart = uart, .arch = arch, .store_base = store_base };
	m->uart_client.rx_byte = rx_byte;
	m->uart_client.tx_done = tx_done;
	m->store_client.done = done;
	if (uart)
		uart->ops->set_client(uart->dev, &m->uart_client);
}
