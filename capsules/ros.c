/* Read-only state capsule: fills the version-1 layout from the scheduler's before-run hook. */
#include <tick/string.h>
#include <capsules/ros.h>
#include <tick/grant.h>
#include <tick/sched.h>
#include <tick/upcall.h>
#include <tick/valarm.h>

struct ros_grant {
	uint32_t switches;
};

static struct ros *instance;

static void before_run(struct process *p)
{
	struct ros_grant *g = grant_peek(p, &instance->driver);
	uint8_t *buf;
	uint32_t len;
	if (!g || !grant_buffer(p, &instance->driver, ALLOW_UR, 0, &buf, &len))
		return;
	uint64_t now = valarm_now();
	uint32_t v[4] = { ++g->switches, upcall_pending_calls(p), (uint32_t)now, (uint32_t)(now >> 32) };
	memcpy(buf, v, len < sizeof v ? len : sizeof v);
}

static struct sysret command(void *self, struct process *p, uint32_t cmd, uint32_t arg0, uint32_t arg1)
{
	(void)self, (void)p, (void)arg0, (void)arg1;
	if (cmd == 0)
		return sysret_success();
	if (cmd == 1)
		return sysret_success_u32(ROS_VERSION);
	return sysret_failure(ERR_NOSUPPORT);
}

void ros_init(struct ros *r, uint8_t grant_slot)
{
	r->driver = (struct driver){
		.number = ROS_DRIVER_NUM,
		.num_allow_ur = 1,
		.grant_data_size = sizeof(struct ros_grant),
		.grant_slot = grant_slot,
		.command = command,
		.self = r,
	};
	instance = r;
	sched_before_run = before_run;
	sched_before_run_grant = grant_slot;   /* only processes that allowed a ROS buffer */
}
