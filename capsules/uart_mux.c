/* UART mux: FIFO ownership of the console UART, with the kernel log as a built-in client. */
#include <stddef.h>
#include <capsules/uart_mux.h>
#include <tick/deferred.h>
#include <tick/errorcode.h>
#include <tick/klog.h>

static struct uart *uart;
static struct mux_client *owner, *head, *tail;
static struct deferred_call grant_call;
static struct uart_client hw_client;
static void (*receiver)(void *ctx, uint8_t byte);
static void *receiver_ctx;

/* The kernel log as a client: drains the log buffer whenever it owns the UART. */
static struct mux_client log_client;
static uint8_t log_buf[128];

static void log_send(struct mux_client *c)
{
	uint32_t n = klog_take(log_buf, sizeof log_buf);
	if (n == 0)
		uart_mux_release(c);
	else
		uart_mux_transmit(c, log_buf, n);
}

static void log_notify(void)
{
	uart_mux_request(&log_client);
}

static void grant_next(struct deferred_call *dc)
{
	(void)dc;
	if (owner || !head)
		return;
	owner = head;
	head = head->next;
	if (!head)
		tail = NULL;
	owner->queued = false;
	owner->next = NULL;
	owner->granted(owner);
}

static void hw_tx_done(struct uart_client *c)
{
	(void)c;
	if (owner && owner->tx_done)
		owner->tx_done(owner);
}

static void hw_rx(struct uart_client *c, uint8_t b)
{
	(void)c;
	if (receiver)
		receiver(receiver_ctx, b);
}

void uart_mux_init(struct uart *u)
{
	uart = u;
	hw_client.tx_done = hw_tx_done;
	hw_client.rx_byte = hw_rx;
	u->ops->set_client(u->dev, &hw_client);
	grant_call.fn = grant_next;
	deferred_register(&grant_call);
	log_client.granted = log_send;
	log_client.tx_done = log_send;
	klog_set_notify(log_notify);
	if (klog_pending())
		log_notify();
}

void uart_mux_request(struct mux_client *c)
{
	if (c == owner || c->queued)
		return;
	c->queued = true;
	c->next = NULL;
	if (tail)
		tail->next = c;
	else
		head = c;
	tail = c;
	if (!owner)
		deferred_schedule(&grant_call);
}

int uart_mux_transmit(struct mux_client *c, const uint8_t *buf, uint32_t len)
{
	if (c != owner)
		return -ERR_RESERVE;
	return uart->ops->transmit(uart->dev, buf, len);
}

void uart_mux_release(struct mux_client *c)
{
	if (c != owner)
		return;
	owner = NULL;
	if (head)
		deferred_schedule(&grant_call);
}

void uart_mux_set_receiver(void (*fn)(void *ctx, uint8_t byte), void *ctx)
{
	receiver = fn;
	receiver_ctx = ctx;
}

bool uart_mux_idle(void)
{
	return !owner && !head;
}
