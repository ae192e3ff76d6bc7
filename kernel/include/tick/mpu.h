/* Memory protection, portable side: the regions a process may reach, which arch/<name> encodes for its hardware. */
#ifndef TICK_MPU_H
#define TICK_MPU_H

#include <stdint.h>

/* Access rights of a region. An architecture translates them into its own bits (on rv32 they
 * happen to equal pmpcfg's R, W and X, which arch/rv32 checks at compile time). */
#define MPU_R 0x01u
#define MPU_W 0x02u
#define MPU_X 0x04u

/* Bytes [start, end) with MPU_R/W/X rights; start == end grants nothing. */
struct mpu_region {
	uint32_t start;
	uint32_t end;
	uint8_t perms;
};

/* The slots of a process's region list. Flash and RAM are always there; the shared slots are
 * reserved for memory other processes share with it (IPC) and unused for now. */
enum {
	MPU_REGION_FLASH,    /* the whole TBF [flash_start, flash_end), R/X */
	MPU_REGION_RAM,      /* app-owned RAM [mem_start, app_brk), R/W */
	MPU_PROCESS_REGIONS,
};
#define MPU_SHARED_REGIONS 2
#define MPU_MAX_REGIONS (MPU_PROCESS_REGIONS + MPU_SHARED_REGIONS)

struct process;

/* Fills out with the regions p may reach, in slot order, and returns how many it filled
 * (MPU_PROCESS_REGIONS today). Pure: reads only p's memory map. Nothing else of memory (the
 * kernel, p's grants and upcall queue above the break, other processes, devices) is listed,
 * so an architecture that grants exactly these regions isolates the process. */
unsigned mpu_process_regions(const struct process *p, struct mpu_region out[MPU_MAX_REGIONS]);

#endif
