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

/* The slots of a process's region list. Flash and RAM are always there; up to
 * MPU_SHARED_REGIONS more follow: memory other processes share with it (IPC), tracked as
 * exposures (kernel/exposure.c); and up to MPU_TRANSFER_REGIONS for buffer transfers
 * (kernel/ipc/transfer.c): a piece of RAM after each buffer of its own that is away (the RAM
 * region stops at the first), and each buffer of another process it holds. */
enum {
	MPU_REGION_FLASH,    /* the whole TBF [flash_start, flash_end), R/X */
	MPU_REGION_RAM,      /* app-owned RAM [mem_start, app_brk), R/W */
	MPU_PROCESS_REGIONS,
};
#define MPU_SHARED_REGIONS 2
#define MPU_TRANSFER_REGIONS 4
#define MPU_MAX_REGIONS (MPU_PROCESS_REGIONS + MPU_SHARED_REGIONS + MPU_TRANSFER_REGIONS)

struct process;

/* Fills out with the regions of p's own memory, in slot order, and returns how many it
 * filled (MPU_PROCESS_REGIONS). Pure: reads only p's memory map. Nothing else of memory (the
 * kernel, p's grants and upcall queue above the break, other processes, devices) is listed,
 * so an architecture that grants exactly these regions isolates the process (the proven
 * theorem of tests/verify/isolation.c). */
unsigned mpu_process_regions(const struct process *p, struct mpu_region out[MPU_MAX_REGIONS]);

/* Fills out (room for MPU_SHARED_REGIONS) with the memory other processes share with p
 * (IPC, kernel/exposure.c), oldest first, and returns how many (0 for most processes). An
 * architecture grants these after p's own regions: n = mpu_process_regions(p, r);
 * n += mpu_shared_regions(p, r + n). They never overlap p's own regions or each other:
 * shares lie in other processes' app RAM, one per owner. */
unsigned mpu_shared_regions(const struct process *p, struct mpu_region *out);

/* Everything p may reach, as an architecture encodes it: mpu_process_regions with the RAM
 * region cut around p's buffers that are away (pieces follow it), then mpu_shared_regions,
 * then the buffers of others p holds (kernel/ipc/transfer.c). Regions never overlap; some
 * pieces may be empty. Pure: reads p and the tables. */
unsigned mpu_all_regions(const struct process *p, struct mpu_region out[MPU_MAX_REGIONS]);

#endif
