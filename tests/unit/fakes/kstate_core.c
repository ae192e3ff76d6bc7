/* Builds kernel/{deferred,valarm,klog,sched,deadline,exposure,ipc/transfer}.c into one unit and adds a reset for their statics. */
#include "deferred.c"
#include "valarm.c"
#include "klog.c"
#include "sched.c"
#include "deadline.c"
#include "exposure.c"
#include "ipc/transfer.c"
#include "ipc/endpoint.h"
#include <tick/trap.h>
#include <string.h>
#include "fakes/kstate.h"

void kstate_reset_core(void)
{
	memset(calls, 0, sizeof calls);
	ncalls = 0;
	deferred_pending_bits = 0;
	valarm_hw = NULL;
	list = NULL;
	servicing = false;
	valarm_service_time = 0;
	memset(&kl, 0, sizeof kl);
	last = NULL;
	memset(&slice_alarm, 0, sizeof slice_alarm);
	memset(&deadline_alarm, 0, sizeof deadline_alarm);
	slice_alarm.fired = slice_fired;       /* statically initialised in kernel/sched.c */
	deadline_alarm.fired = deadline_fired;
	slice_over = true;   /* as kernel/sched.c starts: the slice timer is not armed */
	sched_before_run = NULL;
	sched_before_run_grant = DRIVER_NO_GRANT;
	memset(shares, 0, sizeof shares);
	memset(exposure_owned, 0, sizeof exposure_owned);
	memset(xbufs, 0, sizeof xbufs);   /* kernel/ipc/transfer.c */
	memset(ipc_endpoints, 0, sizeof ipc_endpoints);   /* kernel/ipc/endpoint*.c */
	memset(ipc_maybe_pending, 0, sizeof ipc_maybe_pending);
	ipc_drv = NULL;
	ipc_slot = 0;
	ipc_seq = 0;
	trap_switch_target = NULL;
}

bool kstate_deadline_armed(void)
{
	return deadline_alarm.armed;
}

bool kstate_slice_over(void)
{
	return slice_over;
}
