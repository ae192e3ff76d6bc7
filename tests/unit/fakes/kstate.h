/* Resets the private static state of kernel files so each test case (and fuzz input) starts from boot. */
#ifndef FAKES_KSTATE_H
#define FAKES_KSTATE_H

/* kstate_core.c compiles kernel/deferred.c, valarm.c, klog.c, sched.c, deadline.c and
 * exposure.c (list it instead of them) and resets the IPC endpoints' state; kstate_uart_mux.c compiles capsules/uart_mux.c. */
void kstate_reset_core(void);
void kstate_reset_uart_mux(void);

/* Peeks at kernel/sched.c: is the Yield-WaitAny deadline alarm armed; has the slice ended. */
#include <stdbool.h>
bool kstate_deadline_armed(void);
bool kstate_slice_over(void);

#endif
