/* The regions a process may reach, as the portable list every architecture encodes (tick/mpu.h). */
#include <tick/mpu.h>
#include "internal/process.h"

/*@ requires \valid_read(p) && \valid(out + (0 .. MPU_MAX_REGIONS - 1));
    requires \separated(p, out + (0 .. MPU_MAX_REGIONS - 1));
    assigns out[0 .. MPU_PROCESS_REGIONS - 1];
    ensures \result == MPU_PROCESS_REGIONS;
    ensures out[MPU_REGION_FLASH].start == p->flash_start && out[MPU_REGION_FLASH].end == p->flash_end;
    ensures out[MPU_REGION_FLASH].perms == (MPU_R | MPU_X);
    ensures out[MPU_REGION_RAM].start == p->mem_start && out[MPU_REGION_RAM].end == p->app_brk;
    ensures out[MPU_REGION_RAM].perms == (MPU_R | MPU_W); */
unsigned mpu_process_regions(const struct process *p, struct mpu_region out[MPU_MAX_REGIONS])
{
	out[MPU_REGION_FLASH].start = p->flash_start;
	out[MPU_REGION_FLASH].end = p->flash_end;
	out[MPU_REGION_FLASH].perms = MPU_R | MPU_X;
	out[MPU_REGION_RAM].start = p->mem_start;
	out[MPU_REGION_RAM].end = p->app_brk;
	out[MPU_REGION_RAM].perms = MPU_R | MPU_W;
	return MPU_PROCESS_REGIONS;
}
