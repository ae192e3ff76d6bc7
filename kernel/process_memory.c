/* Whether a range is a process's own memory, asked on every allow and subscribe: hot code, apart from the life cycle in process.c (cold). */
#include "internal/process.h"
#include "internal/transfer.h"

bool process_in_ram(const struct process *p, uint32_t addr, uint32_t len)
{
	return addr >= p->mem_start && addr <= p->app_brk && len <= p->app_brk - addr &&
	       (!p->xfer_away || transfer_keeps(p, addr, len));   /* given away: not its own now */
}

bool process_in_flash(const struct process *p, uint32_t addr, uint32_t len)
{
	return addr >= p->app_start && addr <= p->flash_end && len <= p->flash_end - addr;
}
