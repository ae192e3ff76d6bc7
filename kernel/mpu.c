/* The regions a process may reach, as the portable list every architecture encodes (tick/mpu.h). */
#include <tick/mpu.h>
#include "internal/exposure.h"
#include "internal/process.h"

unsigned mpu_process_regions(const struct process *p, struct mpu_region out[MPU_MAX_REGIONS])
{
	out[MPU_REGION_FLASH] = (struct mpu_region){ p->flash_start, p->flash_end, MPU_R | MPU_X };
	out[MPU_REGION_RAM] = (struct mpu_region){ p->mem_start, p->app_brk, MPU_R | MPU_W };
	return MPU_PROCESS_REGIONS + exposure_regions(p, out + MPU_PROCESS_REGIONS);
}
