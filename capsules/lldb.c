/* Low-level debug capsule: Tock's exact output format, through the kernel log. */
#include <capsules/lldb.h>
#include <tick/klog.h>
#include <tick/process.h>

static struct sysret command(void *self, struct process *p, uint32_t cmd, uint32_t arg0, uint32_t arg1)
{
	(void)self;
	switch (cmd) {
	case 0:
		return sysret_success();
	case 1:
		klog("LowLevelDebug: App 0x%x alert code 0x%x\n", p->index, arg0);
		return sysret_success();
	case 2:
		klog("LowLevelDebug: App 0x%x prints 0x%x\n", p->index, arg0);
		return sysret_success();
	case 3:
		klog("LowLevelDebug: App 0x%x prints 0x%x 0x%x\n", p->index, arg0, arg1);
		return sysret_success();
	default:
		return sysret_failure(ERR_NOSUPPORT);
	}
}

const struct driver lldb_driver = {
	.number = LLDB_DRIVER_NUM,
	.grant_slot = DRIVER_NO_GRANT,
	.command = command,
};
