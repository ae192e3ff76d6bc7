/* Builds capsules/uart_mux.c with a reset for its statics (its head/tail clash with klog.c's). */
#include "uart_mux.c"
#include <string.h>
#include "fakes/kstate.h"

void kstate_reset_uart_mux(void)
{
	uart = NULL;
	owner = head = tail = NULL;
	memset(&grant_call, 0, sizeof grant_call);
	memset(&hw_client, 0, sizeof hw_client);
	receiver = NULL;
	receiver_ctx = NULL;
	memset(&log_client, 0, sizeof log_client);
}
