/* Console capsule: queues each process's write and sends it through the UART mux in turns that end at line ends. */
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
	uint32_t ticket;       /* writers are served in ticket order (command 1 and each turn take one) */
	uint8_t write_pending;
	uint8_t write_done_due;  /* a zero-length write completes from the deferred call */
	uint8_t read_pending;
	uint8_t read_cancel;
};

static struct console_grant *grant(struct console *c, struct process *p)
{
	return grant_peek(p, &c->driver);
}

/* Puts g's write behind every other waiting write and asks for the UART. */
static void queue_write(struct console *c, struct console_grant *g)
{
	g->ticket = c->tickets++;
	uart_mux_request(&c->mux);
}

static void send_next_chunk(struct console *c);

static void finish_write(struct console *c, struct process *p, struct console_grant *g)
{
	g->write_pending = 0;
	upcall_schedule(p, &c->driver, UPCALL_WRITE, g->written, 0, 0);
}

/* Gives the UART to the waiting write with the oldest ticket. */
static void start_message(struct mux_client *m)
{
	struct console *c = container_of(m, struct console, mux);
	struct console_grant *first = NULL;
	for (struct grant_ref r = grant_first(&c->driver); r.p; r = grant_next(&c->driver, r.p)) {
		struct console_grant *g = r.data;
		if (g->write_pending && !g->write_done_due &&
		    (!first || (int32_t)(g->ticket - first->ticket) < 0)) {
			first = g;
			c->writing = process_id(r.p);
		}
	}
	if (!first) {
		uart_mux_release(m);
		return;
	}
	c->turn = 0;
	send_next_chunk(c);
}

/* Copies the next piece of the current message out of the process's buffer and sends it.
 * The buffer is looked up again each time: the process may have swapped it (then the
 * message ends with what was sent) or ended (then the message is abandoned). A long message
 * goes out in turns (console.h): once the turn is over the writer goes to the back of the
 * queue, and the kernel log and the other writers get the UART before its next piece. */
static void send_next_chunk(struct console *c)
{
	struct process *p = process_lookup(c->writing);
	struct console_grant *g = p ? grant(c, p) : NULL;
	if (!g || !g->write_pending)
		goto next;   /* it ended, or cancelled between turns */
	uint8_t *buf;
	uint32_t len;
	grant_buffer(p, &c->driver, ALLOW_RO, ALLOW_WRITE, &buf, &len);
	uint32_t end = g->write_len < len ? g->write_len : len;
	if (g->written >= end) {
		finish_write(c, p, g);
		goto next;
	}
	if (c->turn >= CONSOLE_TURN_MAX ||
	    (c->turn >= CONSOLE_TURN && c->chunk[(c->chunk_len - 1) % CONSOLE_CHUNK] == '\n')) {
		uart_mux_release(&c->mux);
		queue_write(c, g);
		return;
	}
	uint32_t n = end - g->written;
	if (n > CONSOLE_CHUNK)
		n = CONSOLE_CHUNK;
	memcpy(c->chunk, buf + g->written, n);
	/* Past CONSOLE_TURN bytes the chunk ends at the first line end: the turn ends there. */
	for (uint32_t i = 0; i < n; i++)
		if (c->chunk[i] == '\n' && c->turn + i + 1 >= CONSOLE_TURN) {
			n = i + 1;
			break;
		}
	c->chunk_len = n;
	c->turn += n;
	uart_mux_transmit(&c->mux, c->chunk, n);
	return;
next:   /* the next writer, if any, after the kernel log and the other clients waiting */
	uart_mux_release(&c->mux);
	uart_mux_request(&c->mux);
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

/* noinline: it is only called through the driver table, but GCC's inliner then treats it as
 * a function of its own and compiles it 16 B smaller (measured with LTO, rv32). */
__attribute__((noinline)) static struct sysret command(void *self, struct process *p, uint32_t cmd, uint32_t arg0, uint32_t arg1)
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
		queue_write(c, g);
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
	c->work.fn = work;
	deferred_register(&c->work);
	uart_mux_set_receiver(console_receive, c);
}
