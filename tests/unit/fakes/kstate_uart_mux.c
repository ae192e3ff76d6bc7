/* Builds capsules/uart_mux.c with a reset for its static state. */
#include "uart_mux.c"
#include <string.h>
#include "fakes/kstate.h"

void kstate_reset_uart_mux(void)
{
	memset(&mux, 0, sizeof mux);
}
