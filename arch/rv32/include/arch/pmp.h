/* RISC-V PMP region arithmetic: pure functions over plain structs, separate from the CSR writes. */
#ifndef ARCH_PMP_H
#define ARCH_PMP_H

#include <stdbool.h>
#include <stdint.h>
#include <tick/mpu.h>

#define PMP_R 0x01u
#define PMP_W 0x02u
#define PMP_X 0x04u
#define PMP_A_TOR 0x08u
#define PMP_A_MASK 0x18u

/* A region's rights go into pmpcfg unchanged. */
_Static_assert(MPU_R == PMP_R && MPU_W == PMP_W && MPU_X == PMP_X, "portable rights are pmpcfg bits");

#define PMP_MAX_ENTRIES 16

/* The register image: pmpaddr values and one pmpcfg byte per entry. */
struct pmp_config {
	uint32_t addr[PMP_MAX_ENTRIES];
	uint8_t cfg[PMP_MAX_ENTRIES];
	uint8_t entries;    /* entries in use, from 0; the rest are OFF */
};

enum pmp_error {
	PMP_OK = 0,
	PMP_EALIGN,      /* start or end not 4-byte aligned */
	PMP_EORDER,      /* end < start */
	PMP_EOVERLAP,    /* two regions share a byte */
	PMP_ETOOMANY,    /* more regions than entries (2 per region) */
	PMP_EPERM,       /* permission bits other than R/W/X, or W without R */
};

/* Computes the entries that give U-mode exactly the given regions and nothing else: each
 * region becomes an OFF entry holding start>>2 followed by a TOR entry holding end>>2.
 * Empty regions (start == end) are allowed and grant nothing. On error *out is all OFF.
 * Contract: max_entries <= PMP_MAX_ENTRIES (more regions than max_entries/2 is ETOOMANY). */
enum pmp_error pmp_compute(const struct mpu_region *regions, unsigned n, unsigned max_entries,
			   struct pmp_config *out);

/* Reference model of the hardware check for a U-mode access: true if every byte of
 * [addr, addr+size) is matched by the lowest-numbered matching entry and that entry
 * grants all bits of access (PMP_R, PMP_W or PMP_X). Unmatched bytes are denied. */
bool pmp_allows(const struct pmp_config *c, uint32_t addr, uint32_t size, uint8_t access);

/* What a process switch writes: pmpaddr0-3 and pmpcfg0 (entries 0-3, one byte each from
 * the low end), enough for a process's flash and RAM regions. */
#define PMP_CSR_ENTRIES 4
struct pmp_csrs {
	uint32_t addr[PMP_CSR_ENTRIES];
	uint32_t cfg0;
};

/* pmp_compute for at most PMP_CSR_ENTRIES/2 regions, packed as struct pmp_csrs (all zero,
 * i.e. OFF, on error). Pure. */
enum pmp_error pmp_encode(const struct mpu_region *regions, unsigned n, struct pmp_csrs *out);

/* Turns every entry off (arch/rv32/mpu.c; not available on the host). */
void pmp_hw_reset(void);

#endif
