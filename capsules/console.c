/* Console capsule: queues each process's write as one message and sends it whole through the UART mux. */
#include <tick/string.h>
#include <capsules/console.h>
#include <tick/container_of.h>
#include <tick/grant.h>
#include <tick/upcall.h>

enum { UPCALL_WRITE = 1, UPCALL_READ = 2 };
enum { ALLOW_WRITE = 1, ALLOW_READ = 1 };

struct console_grant {
	uint32_t write_len;    /* bytes asked for by command 1 */
	uint32_t written;      /* bytes sent so far */
	uint32_t read_len;     /* bytes asked for by command 2 */
	uint32_t read_got;
	uint8_t write_pending;
	uint8_t write_done_due;  /* a zero-length write completes from the deferred call */
	uint8_t read_pending;
	uint8_t read_cancel;
};

static struct console_grant *grant(struct console *c, struct process *p)
{
	return grant_peek(p, &c->driver);
}

static void send_next_chunk(struct console *c);

static void finish_write(struct console *c, struct process *p, struct console_grant *g)
{
	g->write_pending = 0;
	upcall_schedule(p, &c->driver, UPCALL_WRITE, g->written, 0, 0);
}

static void start_message(struct mux_client *m)
{
	struct console *c = container_of(m, struct console, mux);
	c->writing = PROCESS_ID_NONE;
	while (c->nwriters) {
		process_id_t id = c->writers[0];
		memmove(&c->writers[0], &c->writers[1], (c->nwriters - 1) * sizeof c->writers[0]);
		c->nwriters--;
		struct process *p = process_lookup(id);
		if (p && grant(c, p) && grant(c, p)->write_pending) {
			c->writing = id;
			break;
		}
	}
	if (c->writing == PROCESS_ID_NONE) {
		uart_mux_release(m);
		return;
	}
	send_next_chunk(c);
}

/* Copies the next piece of the current message out of the process's buffer and sends it.
 * The buffer is looked up again each time: the process may have swapped it (then the
 * message ends with what was sent) or ended (then the message is abandoned). */
static void send_next_chunk(struct console *c)
{
	struct process *p = process_lookup(c->writing);
	struct console_grant *g = p ? grant(c, p) : NULL;
	if (!g || !g->write_pending) {
		uart_mux_release(&c->mux);
		if (c->nwriters)
			uart_mux_request(&c->mux);
		return;
	}
	uint8_t *buf;
	uint32_t len;
	grant_buffer(p, &c->driver, ALLOW_RO, ALLOW_WRITE, &buf, &len);
	uint32_t end = g->write_len < len ? g->write_len : len;
	if (g->written >= end) {
		finish_write(c, p, g);
		uart_mux_release(&c->mux);
		if (c->nwriters)
			uart_mux_request(&c->mux);
		return;
	}
	uint32_t n = end - g->written;
	if (n > CONSOLE_CHUNK)
		n = CONSOLE_CHUNK;
	memcpy(c->chunk, buf + g->written, n);
	c->chunk_len = n;
	uart_mux_transmit(&c->mux, c->chunk, n);
}

static void chunk_sent(struct mux_client *m)
{
	struct console *c = container_of(m, struct console, mux);
	struct process *p = process_lookup(c->writing);
	struct console_grant *g = p ? grant(c, p) : NULL;
	if (g)
		g->written += c->chunk_len;
	send_next_chunk(c);
}

/* Completes aborted reads, and moves buffered input into the readers in slot order: the
 * first reader that still waits for input empties the ring, so the later ones get none,
 * but their aborts are still served. */
static void serve_reads(struct console *c)
{
	for (struct grant_ref r = grant_first(&c->driver); r.p; r = grant_next(&c->driver, r.p)) {
		struct process *p = r.p;
		struct console_grant *g = r.data;
		if (!g->read_pending)
			continue;
		uint32_t status = ERR_CANCEL;
		if (!g->read_cancel) {
			uint8_t *buf;
			uint32_t len;
			grant_buffer(p, &c->driver, ALLOW_RW, ALLOW_READ, &buf, &len);
			uint32_t want = g->read_len < len ? g->read_len : len;
			while (g->read_got < want && c->rx_tail != c->rx_head)
				buf[g->read_got++] = c->rx_ring[c->rx_tail++ % CONSOLE_RX_RING];
			if (g->read_got < want)
				continue;   /* it took all the input and waits for more */
			status = 0;
		}
		g->read_pending = g->read_cancel = 0;
		upcall_schedule(p, &c->driver, UPCALL_READ, status, g->read_got, 0);
	}
}

static void work(struct deferred_call *dc)
{
	struct console *c = container_of(dc, struct console, work);
	for (struct grant_ref r = grant_first(&c->driver); r.p; r = grant_next(&c->driver, r.p)) {
		struct console_grant *g = r.data;
		if (g->write_done_due) {
			g->write_done_due = 0;
			finish_write(c, r.p, g);
		}
	}
	serve_reads(c);
}

void console_receive(void *console, uint8_t byte)
{
	struct console *c = console;
	if (c->rx_head - c->rx_tail < CONSOLE_RX_RING)
		c->rx_ring[c->rx_head++ % CONSOLE_RX_RING] = byte;
	deferred_schedule(&c->work);
}

bool console_reading(struct console *c)
{
	for (struct grant_ref r = grant_first(&c->driver); r.p; r = grant_next(&c->driver, r.p))
		if (((struct console_grant *)r.data)->read_pending)
			return true;
	return false;
}

/* Adds id to the writer FIFO. Entries of processes that ended or restarted since they
 * queued are dropped first, so the FIFO holds at most one entry per live process and can
 * never overflow (a restarted process gets a new id while its old entry is still queued). */
static void enqueue_writer(struct console *c, process_id_t id)
{
	unsigned n = 0;
	for (unsigned i = 0; i < c->nwriters; i++) {
		process_id_t w = c->writers[i];
		if (w != id && process_lookup(w))
			c->writers[n++] = w;
	}
	c->writers[n++] = id;
	c->nwriters = n;
}

static struct sysret command(void *self, struct process *p, uint32_t cmd, uint32_t arg0, uint32_t arg1)
{
	struct console *c = self;
	(void)arg1;
	if (cmd == 0)
		return sysret_success();
	if (cmd > 3)
		return sysret_failure(ERR_NOSUPPORT);
	struct console_grant *g = grant_enter(p, &c->driver);
	if (!g)
		return sysret_failure(ERR_NOMEM);
	uint8_t *buf;
	uint32_t len;
	switch (cmd) {
	case 1:   /* write arg0 bytes of the read-only buffer */
		if (g->write_pending && !g->write_done_due) {
			if (arg0 != 0)
				return sysret_failure(ERR_BUSY);
			g->write_len = g->written;   /* zero-length write: cancel, report what was sent */
			return sysret_success();
		}
		grant_buffer(p, &c->driver, ALLOW_RO, ALLOW_WRITE, &buf, &len);
		g->write_len = arg0 < len ? arg0 : len;
		g->written = 0;
		g->write_pending = 1;
		g->write_done_due = 0;
		if (g->write_len == 0) {
			g->write_done_due = 1;
			deferred_schedule(&c->work);
			return sysret_success();
		}
		enqueue_writer(c, process_id(p));
		uart_mux_request(&c->mux);
		return sysret_success();
	case 2:   /* read arg0 bytes into the read-write buffer */
		if (g->read_pending)
			return sysret_failure(ERR_BUSY);
		grant_buffer(p, &c->driver, ALLOW_RW, ALLOW_READ, &buf, &len);
		if (len == 0 || arg0 == 0)
			return sysret_failure(len == 0 ? ERR_RESERVE : ERR_INVAL);
		g->read_len = arg0 < len ? arg0 : len;
		g->read_got = 0;
		g->read_pending = 1;
		g->read_cancel = 0;
		deferred_schedule(&c->work);
		return sysret_success();
	default:  /* 3: abort the read; the read upcall reports CANCEL and the bytes received */
		if (g->read_pending) {
			g->read_cancel = 1;
			deferred_schedule(&c->work);
		}
		return sysret_success();
	}
}

void console_init(struct console *c, uint8_t grant_slot)
{
	c->driver = (struct driver){
		.number = CONSOLE_DRIVER_NUM,
		.num_upcalls = 3,
		.num_allow_rw = 2,
		.num_allow_ro = 2,
		.grant_data_size = sizeof(struct console_grant),
		.grant_slot = grant_slot,
		.command = command,
		.self = c,
	};
	c->mux.granted = start_message;
	c->mux.tx_done = chunk_sent;
	c->writing = PROCESS_ID_NONE;
	c->work.fn = work;
	deferred_register(&c->work);
	uart_mux_set_receiver(console_receive, c);
}
