/* UART mux: FIFO ownership of the console UART in bounded turns, with the kernel log as a built-in client. */
#include <stddef.h>
#include <capsules/uart_mux.h>
#include <tick/deferred.h>
#include <tick/errorcode.h>
#include <tick/klog.h>

/* The mux's state, one object so that each function reaches all of it from one address.
 * The kernel log as a client (log_*): a turn sends what the log held when it began, and
 * what is logged while nobody else waits; what is logged once another client waits goes in
 * the next turn, after that client. So the log keeps the order of events (a line logged
 * before an app asked for the UART comes out before the app's message), and a process that
 * keeps logging cannot keep the UART from the others. */
static struct {
	struct uart *uart;
	struct mux_client *owner, *head, *tail;
	struct deferred_call grant_call;
	struct uart_client hw_client;
	void (*receiver)(void *ctx, uint8_t byte);
	void *receiver_ctx;
	struct mux_client log_client;
	uint32_t log_turn;          /* bytes of the log's turn still to send */
	uint8_t log_buf[128];
} mux;

static void log_send(struct mux_client *c)
{
	uint32_t n = klog_take(mux.log_buf, mux.log_turn < sizeof mux.log_buf ? mux.log_turn
									: sizeof mux.log_buf);
	mux.log_turn -= n;
	if (n) {
		uart_mux_transmit(c, mux.log_buf, n);
		return;
	}
	uart_mux_release(c);
	if (klog_pending())
		uart_mux_request(c);
}

static void log_granted(struct mux_client *c)
{
	mux.log_turn = klog_pending();
	log_send(c);
}

static void log_notify(void)
{
	if (mux.owner == &mux.log_client && !mux.head)
		mux.log_turn = klog_pending();
	uart_mux_request(&mux.log_client);
}

static void grant_next(struct deferred_call *dc)
{
	(void)dc;
	if (mux.owner || !mux.head)
		return;
	mux.owner = mux.head;
	mux.head = mux.head->next;
	if (!mux.head)
		mux.tail = NULL;
	mux.owner->queued = false;
	mux.owner->next = NULL;
	mux.owner->granted(mux.owner);
}

static void hw_tx_done(struct uart_client *c)
{
	(void)c;
	if (mux.owner && mux.owner->tx_done)
		mux.owner->tx_done(mux.owner);
}

static void hw_rx(struct uart_client *c, uint8_t b)
{
	(void)c;
	if (mux.receiver)
		mux.receiver(mux.receiver_ctx, b);
}

void uart_mux_init(struct uart *u)
{
	mux.uart = u;
	mux.hw_client.tx_done = hw_tx_done;
	mux.hw_client.rx_byte = hw_rx;
	u->ops->set_client(u->dev, &mux.hw_client);
	mux.grant_call.fn = grant_next;
	deferred_register(&mux.grant_call);
	mux.log_client.granted = log_granted;
	mux.log_client.tx_done = log_send;
	klog_set_notify(log_notify);
	if (klog_pending())
		log_notify();
}

void uart_mux_request(struct mux_client *c)
{
	if (c == mux.owner || c->queued)
		return;
	c->queued = true;
	c->next = NULL;
	if (mux.tail)
		mux.tail->next = c;
	else
		mux.head = c;
	mux.tail = c;
	if (!mux.owner)
		deferred_schedule(&mux.grant_call);
}

int uart_mux_transmit(struct mux_client *c, const uint8_t *buf, uint32_t len)
{
	if (c != mux.owner)
		return -ERR_RESERVE;
	return mux.uart->ops->transmit(mux.uart->dev, buf, len);
}

void uart_mux_release(struct mux_client *c)
{
	if (c != mux.owner)
		return;
	mux.owner = NULL;
	if (mux.head)
		deferred_schedule(&mux.grant_call);
}

void uart_mux_set_receiver(void (*fn)(void *ctx, uint8_t byte), void *ctx)
{
	mux.receiver = fn;
	mux.receiver_ctx = ctx;
}

bool uart_mux_idle(void)
{
	return !mux.owner && !mux.head;
}
