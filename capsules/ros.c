/* Read-only state capsule: fills the version-1 layout from the scheduler's before-run hook. */
#include <tick/string.h>
#include "ros_private.h"
#include <tick/grant.h>
#include <tick/sched.h>
#include <tick/upcall.h>
#include <tick/valarm.h>

struct ros *ros_instance;   /* one per board, set by ros_init */

void ros_before_run(struct process *p)
{
	struct ros_grant *g = grant_peek(p, &ros_instance->driver);
	uint8_t *buf;
	uint32_t len;
	if (!g || !grant_buffer(p, &ros_instance->driver, ALLOW_UR, 0, &buf, &len))
		return;
	uint64_t now = valarm_now();
	uint32_t v[4] = { ++g->switches, upcall_pending_calls(p), (uint32_t)now, (uint32_t)(now >> 32) };
	memcpy(buf, v, len < sizeof v ? len : sizeof v);
}

struct sysret ros_command(void *self, struct process *p, uint32_t cmd, uint32_t arg0, uint32_t arg1)
{
	(void)self, (void)p, (void)arg0, (void)arg1;
	if (cmd == 0)
		return sysret_success();
	if (cmd == 1)
		return sysret_success_u32(ROS_VERSION);
	return sysret_failure(ERR_NOSUPPORT);
}
