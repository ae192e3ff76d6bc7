/* Low-level debug capsule: Tock's exact output format, through the kernel log. */
#include <capsules/lldb.h>
#include <tick/klog.h>
#include <tick/process.h>

/* Logs fmt with p's app index (its slot, as Tock prints it), a and b. Out of line, so that the
 * null command (command 0, the benchmark's anchor) pays for no register saves. */
static __attribute__((noinline)) void report(const char *fmt, const struct process *p, uint32_t a, uint32_t b)
{
	klog(fmt, PROCESS_ID_SLOT(process_id(p)), a, b);
}

static struct sysret command(void *self, struct process *p, uint32_t cmd, uint32_t arg0, uint32_t arg1)
{
	(void)self;
	switch (cmd) {
	case 0:
		return sysret_success();
	case 1:
		report("LowLevelDebug: App 0x%x alert code 0x%x\n", p, arg0, 0);
		return sysret_success();
	case 2:
		report("LowLevelDebug: App 0x%x prints 0x%x\n", p, arg0, 0);
		return sysret_success();
	case 3:
		report("LowLevelDebug: App 0x%x prints 0x%x 0x%x\n", p, arg0, arg1);
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
